package io.mqttspring.broker.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
 * @param storageId the session's identifier in a {@link SessionJournal}, 0 for a store without one
 * @param awaitingRelease packet identifiers of inbound QoS 2 publications that await PUBREL
 * @param will the will whose delay runs, or {@code null}
 */
public record SessionSnapshot(String clientId, long expiryInterval, Instant disconnectedAt,
        List<StoredSubscription> subscriptions, List<PendingMessage> pendingMessages, long storageId,
        Set<Integer> awaitingRelease, @Nullable StoredWill will) {

    public SessionSnapshot {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(disconnectedAt, "disconnectedAt");
        subscriptions = List.copyOf(subscriptions);
        pendingMessages = List.copyOf(pendingMessages);
        awaitingRelease = Set.copyOf(awaitingRelease);
    }

    /**
     * Create a snapshot of subscriptions and pending messages only.
     * @param clientId the client identifier
     * @param expiryInterval session expiry interval in seconds
     * @param disconnectedAt when the client went away
     * @param subscriptions the session's subscriptions
     * @param pendingMessages messages not yet acknowledged by the client, oldest first
     */
    public SessionSnapshot(String clientId, long expiryInterval, Instant disconnectedAt,
            List<StoredSubscription> subscriptions, List<PendingMessage> pendingMessages) {
        this(clientId, expiryInterval, disconnectedAt, subscriptions, pendingMessages, 0, Set.of(), null);
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
     * @param packetId the packet identifier it was sent with, 0 while queued
     * @param released whether the client acknowledged a QoS 2 message with PUBREC: only PUBREL is sent again
     * @param entryId its entry in a {@link SessionJournal}, 0 for a store without one
     * @param messageId the stored message the entry refers to, 0 for a store without a journal
     */
    public record PendingMessage(ApplicationMessage message, List<Integer> subscriptionIdentifiers,
            @Nullable String publisherClientId, Instant arrivedAt, int packetId, boolean released, long entryId,
            long messageId) {

        /**
         * Create a pending message that was not sent yet.
         * @param message the message as it will be delivered
         * @param subscriptionIdentifiers identifiers of the matching subscriptions
         * @param publisherClientId the publisher, or {@code null}
         * @param arrivedAt when the broker received it
         */
        public PendingMessage(ApplicationMessage message, List<Integer> subscriptionIdentifiers,
                @Nullable String publisherClientId, Instant arrivedAt) {
            this(message, subscriptionIdentifiers, publisherClientId, arrivedAt, 0, false, 0, 0);
        }

    }

    /**
     * A will whose Will Delay Interval runs.
     *
     * @param message the will message
     * @param username the user the client authenticated as, checked again when the will is published
     * @param publishAt when to publish it, unless the session ends first
     */
    public record StoredWill(ApplicationMessage message, @Nullable String username, Instant publishAt) {
    }

}
