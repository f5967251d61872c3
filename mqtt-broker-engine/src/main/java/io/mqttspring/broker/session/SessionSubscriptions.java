package io.mqttspring.broker.session;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mqttspring.broker.subscription.Subscription;
import io.mqttspring.broker.subscription.SubscriptionTree;
import io.mqttspring.broker.subscription.TopicFilter;

import org.jspecify.annotations.Nullable;

/**
 * A session's subscriptions by filter, kept in step with the broker's subscription tree. Copy-on-write while small,
 * as nearly every session is, a concurrent map once large. Written on the session's event loop; read from any thread.
 */
final class SessionSubscriptions {

    private static final int COPY_ON_WRITE_LIMIT = 8;

    private final Session session;

    private final SubscriptionTree<Session> tree;

    private volatile Map<String, Subscription<Session>> byFilter = Map.of();

    SessionSubscriptions(Session session, SubscriptionTree<Session> tree) {
        this.session = session;
        this.tree = tree;
    }

    /**
     * Return the subscriptions by filter; thread-safe, weakly consistent.
     */
    Map<String, Subscription<Session>> view() {
        return Collections.unmodifiableMap(this.byFilter);
    }

    /**
     * Add or replace a subscription.
     * @return the subscription it replaced, or {@code null} when the filter is new
     */
    @Nullable Subscription<Session> add(Subscription<Session> subscription) {
        this.tree.subscribe(subscription);
        String filter = subscription.filter().value();
        Map<String, Subscription<Session>> current = this.byFilter;
        if (current instanceof ConcurrentHashMap<String, Subscription<Session>> large) {
            return large.put(filter, subscription);
        }
        Subscription<Session> previous = current.get(filter);
        if (previous == null && current.size() >= COPY_ON_WRITE_LIMIT) {
            ConcurrentHashMap<String, Subscription<Session>> large = new ConcurrentHashMap<>(current);
            large.put(filter, subscription);
            this.byFilter = large;
            return null;
        }
        Map<String, Subscription<Session>> copy = new HashMap<>(current);
        copy.put(filter, subscription);
        this.byFilter = Map.copyOf(copy);
        return previous;
    }

    /**
     * Remove a subscription.
     * @return whether there was one with this filter
     */
    boolean remove(TopicFilter filter) {
        Map<String, Subscription<Session>> current = this.byFilter;
        Subscription<Session> removed;
        if (current instanceof ConcurrentHashMap<String, Subscription<Session>> large) {
            removed = large.remove(filter.value());
        }
        else {
            removed = current.get(filter.value());
            if (removed != null) {
                Map<String, Subscription<Session>> copy = new HashMap<>(current);
                copy.remove(filter.value());
                this.byFilter = Map.copyOf(copy);
            }
        }
        if (removed != null) {
            this.tree.unsubscribe(this.session, removed.filter());
        }
        return removed != null;
    }

    /**
     * Remove every subscription, from the tree too.
     */
    void clear() {
        for (Subscription<Session> subscription : this.byFilter.values()) {
            this.tree.unsubscribe(this.session, subscription.filter());
        }
        this.byFilter = Map.of();
    }

}
