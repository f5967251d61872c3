/**
 * Netty bootstrap: event-loop groups, listeners, the pipelines of MQTT over TCP and over WebSocket, byte counting and
 * pipeline handler names.
 */
@NullMarked
package io.mqttspring.broker.transport;

import org.jspecify.annotations.NullMarked;
