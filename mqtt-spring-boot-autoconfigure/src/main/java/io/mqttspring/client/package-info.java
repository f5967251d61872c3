/**
 * Client mode: the application's {@link io.mqttspring.core.MqttConnection} to a broker over the network, through the
 * HiveMQ MQTT Client.
 */
@NullMarked
package io.mqttspring.client;

import org.jspecify.annotations.NullMarked;
