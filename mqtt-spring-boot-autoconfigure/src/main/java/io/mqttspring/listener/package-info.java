/**
 * Annotation-driven listeners: {@link io.mqttspring.listener.MqttListener}, their registry and containers.
 */
@NullMarked
package io.mqttspring.listener;

import org.jspecify.annotations.NullMarked;
