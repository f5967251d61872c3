package io.mqttspring.broker.will;

import java.util.Objects;

import io.mqttspring.broker.message.ApplicationMessage;

/**
 * A client's will: the message the broker publishes for it when its connection ends without a normal DISCONNECT.
 *
 * @param message the message to publish
 * @param delayInterval MQTT 5 Will Delay Interval in seconds; 0 publishes at once
 */
public record WillMessage(ApplicationMessage message, long delayInterval) {

    public WillMessage {
        Objects.requireNonNull(message, "message");
        if (delayInterval < 0) {
            throw new IllegalArgumentException("delayInterval must not be negative");
        }
    }

}
