/**
 * Application message values shared by the engine API and SPIs: topics, payloads, QoS, properties, reason codes.
 */
@NullMarked
package io.mqttspring.broker.message;

import org.jspecify.annotations.NullMarked;
