/**
 * Netty bootstrap: event-loop groups, channel initializer and pipeline handler names.
 */
@NullMarked
package io.mqttspring.broker.transport;

import org.jspecify.annotations.NullMarked;
