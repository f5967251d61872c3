package io.mqttspring.broker.session;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.flow.PublisherThrottle;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.subscription.SharedGroup;

import org.jspecify.annotations.Nullable;

/**
 * A message on its way to one session: QoS and retain flag already decided for that subscriber.
 *
 * @param message the message as it will be sent
 * @param subscriptionIdentifiers identifiers of the subscriber's matching subscriptions
 * @param publisherClientId the publisher, or {@code null} when the broker or the application published it
 * @param receivedAtNanos the broker clock's {@code nanoTime()} when the broker received the message, for message
 * expiry
 * @param sharedGroup the shared subscription group the message came through, or {@code null}
 * @param charge the bytes charged to the memory budget for it, refunded when it leaves the session; 0 when it was not
 * charged (QoS 0, retained messages held by the store anyway, deliveries restored from a store)
 * @param source the publisher the charge was counted to (from half the budget, to find the largest contributors),
 * or {@code null}
 * @param journaled its record in the journal of a durable store, for a delivery to a persistent session; else
 * {@code null}
 */
public record Delivery(ApplicationMessage message, List<Integer> subscriptionIdentifiers,
        @Nullable String publisherClientId, long receivedAtNanos, @Nullable SharedGroup<Session> sharedGroup,
        long charge, @Nullable PublisherThrottle source, @Nullable JournalEntry journaled) {

    /** Returned by {@link #remainingExpiry(long)} for messages without an expiry interval. */
    public static final long NO_EXPIRY = -1;

    public Delivery {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(subscriptionIdentifiers, "subscriptionIdentifiers");
    }

    /**
     * Create a delivery not recorded in a journal.
     * @param message the message as it will be sent
     * @param subscriptionIdentifiers identifiers of the subscriber's matching subscriptions
     * @param publisherClientId the publisher, or {@code null}
     * @param receivedAtNanos the broker clock's {@code nanoTime()} when the broker received the message
     * @param sharedGroup the shared subscription group the message came through, or {@code null}
     * @param charge the bytes charged to the memory budget for it
     * @param source the publisher the charge was counted to, or {@code null}
     */
    public Delivery(ApplicationMessage message, List<Integer> subscriptionIdentifiers,
            @Nullable String publisherClientId, long receivedAtNanos, @Nullable SharedGroup<Session> sharedGroup,
            long charge, @Nullable PublisherThrottle source) {
        this(message, subscriptionIdentifiers, publisherClientId, receivedAtNanos, sharedGroup, charge, source, null);
    }

    /**
     * Return this delivery recorded in a journal.
     * @param entry its record
     * @return the delivery
     */
    public Delivery journaled(JournalEntry entry) {
        return new Delivery(this.message, this.subscriptionIdentifiers, this.publisherClientId, this.receivedAtNanos,
                this.sharedGroup, this.charge, this.source, entry);
    }

    /**
     * Create a delivery not charged to the memory budget.
     * @param message the message as it will be sent
     * @param subscriptionIdentifiers identifiers of the subscriber's matching subscriptions
     * @param publisherClientId the publisher, or {@code null}
     * @param receivedAtNanos the broker clock's {@code nanoTime()} when the broker received the message
     * @param sharedGroup the shared subscription group the message came through, or {@code null}
     */
    public Delivery(ApplicationMessage message, List<Integer> subscriptionIdentifiers,
            @Nullable String publisherClientId, long receivedAtNanos, @Nullable SharedGroup<Session> sharedGroup) {
        this(message, subscriptionIdentifiers, publisherClientId, receivedAtNanos, sharedGroup, 0, null, null);
    }

    /**
     * Create a delivery through a non-shared subscription.
     * @param message the message as it will be sent
     * @param subscriptionIdentifiers identifiers of the subscriber's matching subscriptions
     * @param publisherClientId the publisher, or {@code null}
     * @param receivedAtNanos the broker clock's {@code nanoTime()} when the broker received the message
     */
    public Delivery(ApplicationMessage message, List<Integer> subscriptionIdentifiers,
            @Nullable String publisherClientId, long receivedAtNanos) {
        this(message, subscriptionIdentifiers, publisherClientId, receivedAtNanos, null, 0, null, null);
    }

    /**
     * Return the seconds the message has left to live, rounded up, as forwarded in the Message Expiry Interval.
     * @param nowNanos the broker clock's {@code nanoTime()} now
     * @return the remaining seconds, 0 when expired, or {@link #NO_EXPIRY}
     */
    public long remainingExpiry(long nowNanos) {
        Long interval = this.message.properties().messageExpiryInterval();
        if (interval == null || interval == 0) {
            // the spec gives 0 no meaning; like Mosquitto, read it as no expiry rather than drop every message
            return NO_EXPIRY;
        }
        long remainingNanos = TimeUnit.SECONDS.toNanos(interval) - (nowNanos - this.receivedAtNanos);
        return (remainingNanos <= 0) ? 0 : (remainingNanos + 999_999_999L) / 1_000_000_000L;
    }

    /**
     * Return whether the message has outlived its Message Expiry Interval.
     * @param nowNanos the broker clock's {@code nanoTime()} now
     * @return {@code true} if it must no longer be delivered
     */
    public boolean isExpired(long nowNanos) {
        return remainingExpiry(nowNanos) == 0;
    }

}
