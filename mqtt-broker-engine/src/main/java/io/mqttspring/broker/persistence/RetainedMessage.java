package io.mqttspring.broker.persistence;

import java.time.Instant;
import java.util.Objects;

import io.mqttspring.broker.message.ApplicationMessage;

/**
 * A retained message as stored: the message (retain flag set, payload not empty) and when it arrived, from which a
 * message expiry interval counts.
 *
 * @param message the message
 * @param arrivedAt when the broker received it
 */
public record RetainedMessage(ApplicationMessage message, Instant arrivedAt) {

    public RetainedMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
    }

    /**
     * Return the topic name the message is retained for.
     * @return the topic name
     */
    public String topic() {
        return this.message.topic();
    }

}
