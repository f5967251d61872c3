package io.mqttspring.broker.subscription;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * A trie of topic filters, one level per node, that finds every subscription matching a topic name without looking
 * at the others. Thread-safe: matching takes no lock and may run on any thread; changes are serialized by one lock
 * and become visible to matches that start after them.
 *
 * @param <S> the subscriber type; two subscriptions of an equal subscriber to the same filter replace each other
 */
public final class SubscriptionTree<S> {

    private static final String SINGLE_LEVEL = "+";

    private static final String MULTI_LEVEL = "#";

    private final Node<S> root = new Node<>(null, "");

    private final Object writeLock = new Object();

    private final AtomicInteger size = new AtomicInteger();

    private volatile FilterListener filterListener = FilterListener.NONE;

    /**
     * Told when a topic filter gains its first non-shared subscription or loses its last, and when a shared
     * subscription group ({@code $share/{ShareName}/{filter}}, told as such) gains its first member or loses its last;
     * under the tree's lock: implementations must return at once.
     */
    public interface FilterListener {

        /** Ignores every change. */
        FilterListener NONE = new FilterListener() {

            @Override
            public void filterAdded(String filter) {
            }

            @Override
            public void filterRemoved(String filter) {
            }

        };

        /**
         * A filter has its first subscriber.
         * @param filter the filter
         */
        void filterAdded(String filter);

        /**
         * A filter lost its last subscriber.
         * @param filter the filter
         */
        void filterRemoved(String filter);

    }

    /**
     * Set who is told when filters come and go. Changes made before are not replayed: set it before the first
     * subscription.
     * @param listener the listener
     */
    public void setFilterListener(FilterListener listener) {
        this.filterListener = listener;
    }

    /**
     * Receives the matches of {@link #match}.
     *
     * @param <S> the subscriber type
     */
    public interface MatchConsumer<S> {

        /**
         * Called for each matching non-shared subscription; one subscriber may match through several filters.
         * @param subscription the subscription
         */
        void subscription(Subscription<S> subscription);

        /**
         * Called for each matching shared subscription group.
         * @param group the group
         */
        void sharedGroup(SharedGroup<S> group);

    }

    /**
     * Add a subscription, replacing the subscriber's earlier subscription to the same filter.
     * @param subscription the subscription
     * @return the replaced subscription, or {@code null} if there was none
     */
    public @Nullable Subscription<S> subscribe(Subscription<S> subscription) {
        TopicFilter filter = subscription.filter();
        synchronized (this.writeLock) {
            Node<S> node = this.root;
            for (String level : filter.levels()) {
                node = node.childOrCreate(level);
            }
            Subscription<S> previous;
            if (filter.isShared()) {
                SharedGroup<S> group = node.sharedGroups().computeIfAbsent(filter.shareName(),
                        (name) -> new SharedGroup<>(name, filter.filter()));
                boolean first = group.isEmpty();
                previous = group.put(subscription);
                if (first) {
                    this.filterListener.filterAdded(filter.value());
                }
            }
            else {
                boolean first = !node.hasSubscribers();
                previous = node.put(subscription);
                if (first) {
                    this.filterListener.filterAdded(filter.value());
                }
            }
            if (previous == null) {
                this.size.incrementAndGet();
            }
            return previous;
        }
    }

    /**
     * Remove a subscriber's subscription to a filter.
     * @param subscriber the subscriber
     * @param filter the filter, shared or not
     * @return the removed subscription, or {@code null} if there was none
     */
    public @Nullable Subscription<S> unsubscribe(S subscriber, TopicFilter filter) {
        synchronized (this.writeLock) {
            Node<S> node = this.root;
            String[] levels = filter.levels();
            for (int i = 0; i < levels.length && node != null; i++) {
                node = node.children.get(levels[i]);
            }
            if (node == null) {
                return null;
            }
            Subscription<S> removed;
            if (filter.isShared()) {
                Map<String, SharedGroup<S>> groups = node.shared;
                SharedGroup<S> group = (groups != null) ? groups.get(filter.shareName()) : null;
                removed = (group != null) ? group.remove(subscriber) : null;
                if (group != null && group.isEmpty()) {
                    groups.remove(filter.shareName());
                    if (removed != null) {
                        this.filterListener.filterRemoved(filter.value());
                    }
                }
            }
            else {
                removed = node.remove(subscriber);
                if (removed != null && !node.hasSubscribers()) {
                    this.filterListener.filterRemoved(filter.value());
                }
            }
            if (removed != null) {
                this.size.decrementAndGet();
                prune(node);
            }
            return removed;
        }
    }

    private void prune(Node<S> node) {
        Node<S> current = node;
        while (current.parent != null && current.isEmpty()) {
            current.parent.removeChild(current);
            current = current.parent;
        }
    }

    /**
     * Find every subscription whose filter matches a topic name.
     * @param topic the topic name
     * @param consumer receives the matches
     */
    public void match(TopicName topic, MatchConsumer<S> consumer) {
        match(this.root, topic, 0, consumer);
    }

    private void match(Node<S> node, TopicName topic, int index, MatchConsumer<S> consumer) {
        if (index == topic.levelCount()) {
            emit(node, consumer);
            // [MQTT-4.7.1-1] "a/#" also matches "a": '#' includes the parent level
            Node<S> multi = node.children.get(MULTI_LEVEL);
            if (multi != null) {
                emit(multi, consumer);
            }
            return;
        }
        // [MQTT-4.7.2-1] a leading wildcard never matches a topic that starts with '$'
        boolean wildcardsAllowed = index > 0 || !topic.isDollarTopic();
        if (wildcardsAllowed) {
            Node<S> multi = node.children.get(MULTI_LEVEL);
            if (multi != null) {
                emit(multi, consumer);
            }
            Node<S> single = node.children.get(SINGLE_LEVEL);
            if (single != null) {
                match(single, topic, index + 1, consumer);
            }
        }
        Node<S> exact = node.children.get(topic.level(index));
        if (exact != null) {
            match(exact, topic, index + 1, consumer);
        }
    }

    private void emit(Node<S> node, MatchConsumer<S> consumer) {
        Object subscribers = node.subscribers;
        if (subscribers instanceof Subscription<?>[] few) {
            for (Subscription<?> subscription : few) {
                consumer.subscription(cast(subscription));
            }
        }
        else {
            for (Subscription<S> subscription : Node.<S>many(subscribers).values()) {
                consumer.subscription(subscription);
            }
        }
        Map<String, SharedGroup<S>> groups = node.shared;
        if (groups != null) {
            for (SharedGroup<S> group : groups.values()) {
                consumer.sharedGroup(group);
            }
        }
    }

    /**
     * Return the number of subscriptions, shared group memberships included.
     * @return the count
     */
    public int size() {
        return this.size.get();
    }

    @SuppressWarnings("unchecked")
    private static <S> Subscription<S> cast(Subscription<?> subscription) {
        return (Subscription<S>) subscription;
    }

    /**
     * One level of the trie. Matching reads it without locking; changes happen under the tree's lock and publish
     * new values through volatile fields. Leaves and nodes with a few subscribers, by far the most common, hold
     * immutable values copied on change; crowded nodes switch to concurrent maps.
     */
    private static final class Node<S> {

        private static final int COPY_ON_WRITE_LIMIT = 16;

        private static final Subscription<?>[] NONE = new Subscription<?>[0];

        private final @Nullable Node<S> parent;

        private final String level;

        private volatile Map<String, Node<S>> children = Map.of();

        // a Subscription<?>[] while small, a ConcurrentHashMap<S, Subscription<S>> once crowded
        private volatile Object subscribers = NONE;

        private volatile @Nullable Map<String, SharedGroup<S>> shared;

        Node(@Nullable Node<S> parent, String level) {
            this.parent = parent;
            this.level = level;
        }

        @SuppressWarnings("unchecked")
        static <S> ConcurrentHashMap<S, Subscription<S>> many(Object subscribers) {
            return (ConcurrentHashMap<S, Subscription<S>>) subscribers;
        }

        Node<S> childOrCreate(String name) {
            Node<S> child = this.children.get(name);
            if (child == null) {
                child = new Node<>(this, name);
                Map<String, Node<S>> current = this.children;
                if (current.isEmpty()) {
                    // a leaf gets its first child: most nodes never do, so the map is made only now
                    current = new ConcurrentHashMap<>(4);
                    this.children = current;
                }
                current.put(name, child);
            }
            return child;
        }

        void removeChild(Node<S> child) {
            this.children.remove(child.level, child);
        }

        @Nullable Subscription<S> put(Subscription<S> subscription) {
            Object current = this.subscribers;
            if (!(current instanceof Subscription<?>[] few)) {
                return Node.<S>many(current).put(subscription.subscriber(), subscription);
            }
            for (int i = 0; i < few.length; i++) {
                if (few[i].subscriber().equals(subscription.subscriber())) {
                    Subscription<?>[] copy = few.clone();
                    copy[i] = subscription;
                    this.subscribers = copy;
                    return cast(few[i]);
                }
            }
            if (few.length < COPY_ON_WRITE_LIMIT) {
                Subscription<?>[] copy = Arrays.copyOf(few, few.length + 1);
                copy[few.length] = subscription;
                this.subscribers = copy;
            }
            else {
                ConcurrentHashMap<S, Subscription<S>> crowded = new ConcurrentHashMap<>(few.length * 2);
                for (Subscription<?> existing : few) {
                    Subscription<S> typed = cast(existing);
                    crowded.put(typed.subscriber(), typed);
                }
                crowded.put(subscription.subscriber(), subscription);
                this.subscribers = crowded;
            }
            return null;
        }

        @Nullable Subscription<S> remove(S subscriber) {
            Object current = this.subscribers;
            if (!(current instanceof Subscription<?>[] few)) {
                return Node.<S>many(current).remove(subscriber);
            }
            for (int i = 0; i < few.length; i++) {
                if (few[i].subscriber().equals(subscriber)) {
                    Subscription<?>[] copy = new Subscription<?>[few.length - 1];
                    System.arraycopy(few, 0, copy, 0, i);
                    System.arraycopy(few, i + 1, copy, i, few.length - i - 1);
                    this.subscribers = (copy.length == 0) ? NONE : copy;
                    return cast(few[i]);
                }
            }
            return null;
        }

        Map<String, SharedGroup<S>> sharedGroups() {
            Map<String, SharedGroup<S>> groups = this.shared;
            if (groups == null) {
                groups = new ConcurrentHashMap<>(2);
                this.shared = groups;
            }
            return groups;
        }

        boolean hasSubscribers() {
            Object current = this.subscribers;
            return (current instanceof Subscription<?>[] few) ? few.length > 0 : !Node.<S>many(current).isEmpty();
        }

        boolean isEmpty() {
            Map<String, SharedGroup<S>> groups = this.shared;
            Object current = this.subscribers;
            boolean noSubscribers = (current instanceof Subscription<?>[] few) ? few.length == 0
                    : Node.<S>many(current).isEmpty();
            return this.children.isEmpty() && noSubscribers && (groups == null || groups.isEmpty());
        }

    }

}
