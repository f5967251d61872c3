/**
 * The broker's own counters behind {@link io.mqttspring.broker.metrics.BrokerStatistics}, updated by every layer.
 */
@NullMarked
package io.mqttspring.broker.stats;

import org.jspecify.annotations.NullMarked;
