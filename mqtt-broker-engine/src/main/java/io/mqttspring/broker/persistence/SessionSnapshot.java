package io.mqttspring.broker.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;

import org.jspecify.annotations.Nullable;

/**
 * The state of a persistent session while its client is away: what a store keeps so that the session survives a
 * broker restart.
 *
 * @param clientId the client identifier
 * @param expiryInterval session expiry interval in seconds (4294967295 for never)
 * @param disconnectedAt when the client went away, from which the expiry interval counts
 * @param subscriptions the session's subscriptions
 * @param pendingMessages messages not yet acknowledged by the client, oldest first: those in flight and those queued
 */
public record SessionSnapshot(String clientId, long expiryInterval, Instant disconnectedAt,
        List<StoredSubscription> subscriptions, List<PendingMessage> pendingMessages) {

    public SessionSnapshot {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(disconnectedAt, "disconnectedAt");
        subscriptions = List.copyOf(subscriptions);
        pendingMessages = List.copyOf(pendingMessages);
    }

    /**
     * One subscription of a stored session.
     *
     * @param topicFilter the filter as subscribed, share prefix included
     * @param qos the granted QoS
     * @param noLocal the No Local option
     * @param retainAsPublished the Retain As Published option
     * @param retainHandling the Retain Handling option
     * @param identifier the subscription identifier, or 0
     */
    public record StoredSubscription(String topicFilter, QoS qos, boolean noLocal, boolean retainAsPublished,
            int retainHandling, int identifier) {
    }

    /**
     * A message waiting for delivery or acknowledgement.
     *
     * @param message the message as it will be delivered (QoS and retain flag already decided)
     * @param subscriptionIdentifiers identifiers of the matching subscriptions
     * @param publisherClientId the publisher, or {@code null}
     * @param arrivedAt when the broker received it
     */
    public record PendingMessage(ApplicationMessage message, List<Integer> subscriptionIdentifiers,
            @Nullable String publisherClientId, Instant arrivedAt) {
    }

}
