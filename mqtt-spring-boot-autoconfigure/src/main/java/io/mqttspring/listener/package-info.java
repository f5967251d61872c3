/**
 * Annotation-driven listeners: {@link io.mqttspring.listener.MqttListener}, their registry, containers and method
 * invocation.
 */
@NullMarked
package io.mqttspring.listener;

import org.jspecify.annotations.NullMarked;
