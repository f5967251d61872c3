/**
 * Bridges: this broker exchanges chosen topics with a remote broker, as Mosquitto's bridges do, through the HiveMQ
 * MQTT Client (an optional dependency, bundled in the standalone jar). The message mapping and connect options here
 * serve the Spring Boot starter's client mode too.
 */
@NullMarked
package io.mqttspring.broker.bridge;

import org.jspecify.annotations.NullMarked;
