/**
 * Publishing to the embedded broker: {@link io.mqttspring.core.MqttTemplate}, header names and payload conversion.
 */
@NullMarked
package io.mqttspring.core;

import org.jspecify.annotations.NullMarked;
