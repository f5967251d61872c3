/**
 * In-process dispatch shared by {@code @MqttListener} containers and the Spring Integration inbound adapter: one
 * subscription, its messages run on an executor in order per topic.
 */
@NullMarked
package io.mqttspring.core.dispatch;

import org.jspecify.annotations.NullMarked;
