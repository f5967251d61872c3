package io.mqttspring.broker.retained;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.persistence.RetainedMessage;
import io.mqttspring.broker.persistence.RetainedMessageStore;
import io.mqttspring.broker.subscription.SubscriptionOptions;
import io.mqttspring.broker.subscription.TopicFilter;

/**
 * The retained-message rules on top of a {@link RetainedMessageStore}: what a publication with the retain flag does
 * to the store, and which retained messages a new subscription receives. Thread-safe.
 */
public final class RetainedMessages {

    private final RetainedMessageStore store;

    private final BrokerClock clock;

    public RetainedMessages(RetainedMessageStore store, BrokerClock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Apply a publication that has the retain flag set.
     * @param message the message
     */
    public void onPublish(ApplicationMessage message) {
        if (message.payload().length == 0) {
            // [MQTT-3.3.1-6] [MQTT-3.3.1-7] an empty retained message clears the topic and is not stored
            this.store.remove(message.topic());
        }
        else {
            // [MQTT-3.3.1-5] the message replaces the one retained for its topic
            this.store.put(new RetainedMessage(message.with(message.qos(), true), this.clock.instant()));
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
        expired.forEach(this.store::remove);
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
