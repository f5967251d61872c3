/**
 * A building-telemetry service on the MQTT starter: simulated devices, listeners, alerts and a live page.
 */
@NullMarked
package io.mqttspring.demo;

import org.jspecify.annotations.NullMarked;
