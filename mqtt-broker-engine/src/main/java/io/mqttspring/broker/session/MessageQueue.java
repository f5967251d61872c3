package io.mqttspring.broker.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

import io.mqttspring.broker.config.QueueOverflowPolicy;

import org.jspecify.annotations.Nullable;

/**
 * A bounded first-in first-out queue of deliveries waiting for the client or for room in its in-flight window.
 * Not thread-safe: owned by a session.
 */
final class MessageQueue implements Iterable<Delivery> {

    // most sessions never queue: start tiny, grow on demand
    private final ArrayDeque<Delivery> deliveries = new ArrayDeque<>(1);

    private final int capacity;

    private final QueueOverflowPolicy overflowPolicy;

    MessageQueue(int capacity, QueueOverflowPolicy overflowPolicy) {
        this.capacity = capacity;
        this.overflowPolicy = overflowPolicy;
    }

    /**
     * Add a delivery at the tail.
     * @param delivery the delivery
     * @return the delivery dropped to respect the capacity (the new one or the oldest), or {@code null}
     */
    @Nullable Delivery offer(Delivery delivery) {
        if (this.deliveries.size() < this.capacity) {
            this.deliveries.addLast(delivery);
            return null;
        }
        if (this.overflowPolicy == QueueOverflowPolicy.DROP_OLDEST && this.capacity > 0) {
            Delivery oldest = this.deliveries.pollFirst();
            this.deliveries.addLast(delivery);
            return oldest;
        }
        return delivery;
    }

    /**
     * Add a delivery at the tail whatever the capacity: for a connected client, whose publishers are held back
     * instead, so the queue exceeds its capacity by about one message per publisher feeding it.
     * @param delivery the delivery
     */
    void add(Delivery delivery) {
        this.deliveries.addLast(delivery);
    }

    /**
     * Remove and return the deliveries that match.
     * @param filter selects deliveries
     * @return the removed deliveries, in queue order
     */
    List<Delivery> removeIf(Predicate<Delivery> filter) {
        List<Delivery> removed = new ArrayList<>(0);
        Iterator<Delivery> iterator = this.deliveries.iterator();
        while (iterator.hasNext()) {
            Delivery delivery = iterator.next();
            if (filter.test(delivery)) {
                iterator.remove();
                removed.add(delivery);
            }
        }
        return removed;
    }

    @Nullable Delivery poll() {
        return this.deliveries.pollFirst();
    }

    boolean isFull() {
        return this.deliveries.size() >= this.capacity;
    }

    boolean isEmpty() {
        return this.deliveries.isEmpty();
    }

    int size() {
        return this.deliveries.size();
    }

    void clear() {
        this.deliveries.clear();
    }

    @Override
    public Iterator<Delivery> iterator() {
        return this.deliveries.iterator();
    }

}
