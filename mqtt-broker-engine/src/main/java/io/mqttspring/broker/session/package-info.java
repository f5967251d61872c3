/**
 * Sessions: their registry and takeover, the in-flight window, packet identifiers and the message queue.
 */
@NullMarked
package io.mqttspring.broker.session;

import org.jspecify.annotations.NullMarked;
