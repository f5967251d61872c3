package io.mqttspring.broker.message;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An application message as delivered to an in-process subscriber.
 *
 * @param message the message with the delivered QoS, retain flag and properties (message expiry reduced by
 * the time the message waited in the broker)
 * @param duplicate whether this is a redelivery of a message the subscriber may have seen
 * @param subscriptionIdentifiers identifiers of every matching subscription that carried one
 * @param publisherClientId client identifier of the publisher, or {@code null} when the broker itself published it
 */
public record ReceivedMessage(ApplicationMessage message, boolean duplicate, List<Integer> subscriptionIdentifiers,
        @Nullable String publisherClientId) {

    public ReceivedMessage {
        Objects.requireNonNull(message, "message");
        subscriptionIdentifiers = List.copyOf(subscriptionIdentifiers);
    }

    /**
     * Return the topic name the message was published to.
     * @return the topic name
     */
    public String topic() {
        return this.message.topic();
    }

}
