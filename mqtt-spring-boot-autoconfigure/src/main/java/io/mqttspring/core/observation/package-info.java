/**
 * Micrometer observations of publications and listener invocations, with the trace context carried in MQTT 5 user
 * properties.
 */
@NullMarked
package io.mqttspring.core.observation;

import org.jspecify.annotations.NullMarked;
