package io.mqttspring.broker.persistence;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.persistence.SessionSnapshot.StoredSubscription;
import io.mqttspring.broker.persistence.SessionSnapshot.StoredWill;

import org.jspecify.annotations.Nullable;

/**
 * The changes to persistent sessions as they happen, recorded by a durable store so that a crash loses nothing
 * acknowledged. Every session that may outlive its connection has a storage identifier from {@link #nextId()};
 * records are keyed by it, so that what a session that ended still had in flight never reaches its successor.
 * Messages are recorded once ({@link #messageStored}) and referred to by the entries of each session that queues
 * them.
 * <p>
 * Called on event loops: every method must be thread-safe and return without blocking, applying the changes in
 * the order they were made. {@link #afterDurable} tells when everything recorded before it is durable.
 */
public interface SessionJournal {

    /** The journal of stores that keep nothing incrementally: it is off and ignores every call. */
    SessionJournal NONE = new SessionJournal() {
    };

    /**
     * Return whether changes are recorded; when not, the broker does not call the other methods.
     * @return {@code true} for a durable store
     */
    default boolean isEnabled() {
        return false;
    }

    /**
     * Return a new identifier for a session, a message or a queue entry, unique in this store.
     * @return a positive identifier
     */
    default long nextId() {
        return 0;
    }

    /**
     * Record that a persistent session is connected: it survives its connection for {@code expiryInterval}.
     * @param storageId the session's storage identifier
     * @param clientId the client identifier
     * @param expiryInterval the session expiry interval in seconds
     */
    default void sessionConnected(long storageId, String clientId, long expiryInterval) {
    }

    /**
     * Record that a persistent session's client went away.
     * @param storageId the session's storage identifier
     * @param clientId the client identifier
     * @param expiryInterval the session expiry interval in seconds
     * @param disconnectedAt when, from which the interval counts
     */
    default void sessionDisconnected(long storageId, String clientId, long expiryInterval, Instant disconnectedAt) {
    }

    /**
     * Record that a session ended: forget it and everything it held.
     * @param storageId the session's storage identifier
     * @param clientId the client identifier
     */
    default void sessionEnded(long storageId, String clientId) {
    }

    /**
     * Record a subscription, replacing one with the same filter.
     * @param storageId the session's storage identifier
     * @param subscription the subscription
     */
    default void subscribed(long storageId, StoredSubscription subscription) {
    }

    /**
     * Record that a subscription was removed.
     * @param storageId the session's storage identifier
     * @param topicFilter the filter as subscribed
     */
    default void unsubscribed(long storageId, String topicFilter) {
    }

    /**
     * Record a message that persistent sessions are about to queue.
     * @param messageId its identifier, from {@link #nextId()}
     * @param message the message as published
     * @param publisherClientId the publisher, or {@code null}
     * @param arrivedAt when the broker received it
     */
    default void messageStored(long messageId, ApplicationMessage message, @Nullable String publisherClientId,
            Instant arrivedAt) {
    }

    /**
     * Record a session's entry for a stored message, or its new state: queued, sent under a packet identifier,
     * released (PUBREC received).
     * @param storageId the session's storage identifier
     * @param entry the entry
     */
    default void entryWritten(long storageId, StoredEntry entry) {
    }

    /**
     * Record that a session is done with an entry (acknowledged, dropped, expired or handed to another session).
     * @param storageId the session's storage identifier
     * @param entryId the entry's identifier
     * @param messageId the message it referred to
     * @param lastReference whether no other entry refers to the message, which goes too
     */
    default void entryRemoved(long storageId, long entryId, long messageId, boolean lastReference) {
    }

    /**
     * Record that no entry refers to a stored message any more.
     * @param messageId the message
     */
    default void messageRemoved(long messageId) {
    }

    /**
     * Record that an inbound QoS 2 packet identifier awaits PUBREL, or no longer does.
     * @param storageId the session's storage identifier
     * @param packetId the packet identifier
     * @param awaiting whether it now awaits PUBREL
     */
    default void awaitingRelease(long storageId, int packetId, boolean awaiting) {
    }

    /**
     * Record a will whose delay runs, or clear it when {@code will} is {@code null}.
     * @param storageId the session's storage identifier
     * @param will the will, or {@code null}
     */
    default void willDelayed(long storageId, @Nullable StoredWill will) {
    }

    /**
     * Run a task once everything recorded before this call is durable as the sync policy defines it; at once for a
     * journal that does not wait for the disk.
     * @param executor where to run it
     * @param task the task
     */
    default void afterDurable(Executor executor, Runnable task) {
        executor.execute(task);
    }

    /**
     * Return whether acknowledgements of publications wait for {@link #afterDurable}.
     * @return {@code true} under {@code SYNC}
     */
    default boolean acknowledgesAfterSync() {
        return false;
    }

    /**
     * A session's entry for a stored message.
     *
     * @param entryId the entry's identifier, which also orders a session's entries
     * @param messageId the stored message
     * @param qos the QoS it is delivered with
     * @param retain the retain flag it is delivered with
     * @param subscriptionIdentifiers identifiers of the matching subscriptions
     * @param packetId the packet identifier it was sent with, 0 while queued
     * @param released whether the client acknowledged a QoS 2 message with PUBREC
     */
    record StoredEntry(long entryId, long messageId, QoS qos, boolean retain, List<Integer> subscriptionIdentifiers,
            int packetId, boolean released) {

        public StoredEntry {
            subscriptionIdentifiers = List.copyOf(subscriptionIdentifiers);
        }

        /**
         * Return this entry sent under a packet identifier.
         * @param packetIdentifier the packet identifier
         * @return the entry
         */
        public StoredEntry sentAs(int packetIdentifier) {
            return new StoredEntry(this.entryId, this.messageId, this.qos, this.retain, this.subscriptionIdentifiers,
                    packetIdentifier, false);
        }

        /**
         * Return this entry released by PUBREC.
         * @return the entry
         */
        public StoredEntry asReleased() {
            return new StoredEntry(this.entryId, this.messageId, this.qos, this.retain, this.subscriptionIdentifiers,
                    this.packetId, true);
        }

    }

}
