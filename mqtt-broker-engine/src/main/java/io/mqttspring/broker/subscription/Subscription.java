package io.mqttspring.broker.subscription;

import java.util.Objects;

/**
 * One subscription of one subscriber.
 *
 * @param <S> the subscriber type
 * @param subscriber who subscribed; compared with {@code equals}
 * @param filter the topic filter
 * @param options the subscription options
 * @param identifier the MQTT 5 subscription identifier, or 0 for none
 */
public record Subscription<S>(S subscriber, TopicFilter filter, SubscriptionOptions options, int identifier) {

    /** Largest subscription identifier: the largest variable byte integer. */
    public static final int MAX_IDENTIFIER = 268_435_455;

    public Subscription {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(options, "options");
        if (identifier < 0 || identifier > MAX_IDENTIFIER) {
            throw new IllegalArgumentException("identifier must be between 0 and " + MAX_IDENTIFIER);
        }
    }

}
