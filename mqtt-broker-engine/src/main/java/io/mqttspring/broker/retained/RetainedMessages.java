package io.mqttspring.broker.retained;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.mqttspring.broker.config.Quotas;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.persistence.RetainedMessage;
import io.mqttspring.broker.persistence.RetainedMessageStore;
import io.mqttspring.broker.subscription.SubscriptionOptions;
import io.mqttspring.broker.subscription.TopicFilter;

import org.jspecify.annotations.Nullable;

/**
 * The retained-message rules on top of a {@link RetainedMessageStore}: what a publication with the retain flag does
 * to the store, and which retained messages a new subscription receives. Thread-safe.
 */
public final class RetainedMessages {

    private final RetainedMessageStore store;

    private final BrokerClock clock;

    private final Quotas quotas;

    // payload sizes by topic, kept only when a retained cap is configured
    private final @Nullable Map<String, Integer> sizes;

    private final AtomicLong bytes = new AtomicLong();

    public RetainedMessages(RetainedMessageStore store, BrokerClock clock) {
        this(store, clock, Quotas.DEFAULTS);
    }

    /**
     * Create a new instance that counts retained messages against the retained caps of the quotas.
     * @param store the store
     * @param clock the clock
     * @param quotas the caps
     */
    public RetainedMessages(RetainedMessageStore store, BrokerClock clock, Quotas quotas) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.quotas = quotas;
        this.sizes = quotas.limitsRetained() ? new ConcurrentHashMap<>() : null;
    }

    /**
     * Count what the store holds against the caps; called once the store is ready, before clients connect.
     */
    public void countStored() {
        if (this.sizes != null) {
            this.store.forEachMatching("#", (retained) -> track(retained.topic(), retained.message().payload().length));
        }
    }

    /**
     * Return whether a publication with the retain flag may be retained under the caps; clearing a topic always may.
     * Publications racing on several event loops may overshoot a cap by a few messages.
     * @param message the message
     * @return {@code true} when it fits
     */
    public boolean admits(ApplicationMessage message) {
        int size = message.payload().length;
        if (this.sizes == null || size == 0) {
            return true;
        }
        if (this.quotas.maxRetainedMessageSize() > 0 && size > this.quotas.maxRetainedMessageSize()) {
            return false;
        }
        Integer previous = this.sizes.get(message.topic());
        if (previous == null && this.quotas.maxRetainedMessages() > 0
                && this.sizes.size() >= this.quotas.maxRetainedMessages()) {
            return false;
        }
        long after = this.bytes.get() + size - ((previous != null) ? previous : 0);
        return this.quotas.maxRetainedBytes() <= 0 || after <= this.quotas.maxRetainedBytes();
    }

    private void track(String topic, int size) {
        if (this.sizes != null) {
            Integer previous = this.sizes.put(topic, size);
            this.bytes.addAndGet(size - ((previous != null) ? previous : 0));
        }
    }

    private void untrack(String topic) {
        if (this.sizes != null) {
            Integer previous = this.sizes.remove(topic);
            if (previous != null) {
                this.bytes.addAndGet(-previous);
            }
        }
    }

    /**
     * Apply a publication that has the retain flag set.
     * @param message the message
     */
    public void onPublish(ApplicationMessage message) {
        if (message.payload().length == 0) {
            // [MQTT-3.3.1-6] [MQTT-3.3.1-7] an empty retained message clears the topic and is not stored
            this.store.remove(message.topic());
            untrack(message.topic());
        }
        else {
            // [MQTT-3.3.1-5] the message replaces the one retained for its topic
            this.store.put(new RetainedMessage(message.with(message.qos(), true), this.clock.instant()));
            track(message.topic(), message.payload().length);
        }
    }

    /**
     * Return the retained messages a subscription receives when it is made, following its Retain Handling option
     * [MQTT-3.3.1-9] [MQTT-3.3.1-10] [MQTT-3.3.1-11]; shared subscriptions get none (MQTT 5.0 section 4.8.2).
     * Expired messages are removed instead of returned.
     * @param filter the subscription's filter
     * @param options its options
     * @param newSubscription whether the session had no subscription with this filter before
     * @return the messages with their age, in no particular order
     */
    public List<Match> forSubscription(TopicFilter filter, SubscriptionOptions options, boolean newSubscription) {
        if (filter.isShared() || options.retainHandling() == 2
                || (options.retainHandling() == 1 && !newSubscription)) {
            return List.of();
        }
        Instant now = this.clock.instant();
        List<Match> matches = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        this.store.forEachMatching(filter.filter(), (retained) -> {
            long ageNanos = Math.max(0, Duration.between(retained.arrivedAt(), now).toNanos());
            Long interval = retained.message().properties().messageExpiryInterval();
            // 0 means no expiry, as for queued messages (Delivery)
            if (interval != null && interval > 0 && ageNanos >= Duration.ofSeconds(interval).toNanos()) {
                expired.add(retained.topic());
            }
            else {
                matches.add(new Match(retained.message(), ageNanos));
            }
        });
        for (String topic : expired) {
            this.store.remove(topic);
            untrack(topic);
        }
        return matches;
    }

    /**
     * Return the number of retained messages.
     * @return the count
     */
    public int size() {
        return this.store.size();
    }

    /**
     * A retained message and how long ago it arrived.
     *
     * @param message the message, retain flag set
     * @param ageNanos its age in nanoseconds
     */
    public record Match(ApplicationMessage message, long ageNanos) {
    }

}
