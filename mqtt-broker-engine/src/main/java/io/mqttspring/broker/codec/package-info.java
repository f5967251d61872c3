/**
 * Set-up around Netty's MQTT codec: decoder limits, decode-failure mapping and property conversion.
 */
@NullMarked
package io.mqttspring.broker.codec;

import org.jspecify.annotations.NullMarked;
