/**
 * Auto-configuration of the broker's Micrometer metrics.
 */
@NullMarked
package io.mqttspring.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
