/**
 * The embeddable MQTT broker: {@link io.mqttspring.broker.MqttBroker} and its in-process client API.
 */
@NullMarked
package io.mqttspring.broker;

import org.jspecify.annotations.NullMarked;
