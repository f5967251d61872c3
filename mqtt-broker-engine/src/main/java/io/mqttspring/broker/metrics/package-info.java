/**
 * Broker events ({@link io.mqttspring.broker.metrics.BrokerListener}) and read-only statistics.
 */
@NullMarked
package io.mqttspring.broker.metrics;

import org.jspecify.annotations.NullMarked;
