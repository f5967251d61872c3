package io.mqttspring.broker.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

import io.mqttspring.broker.config.QueueOverflowPolicy;

import org.jspecify.annotations.Nullable;

/**
 * A bounded first-in first-out queue of deliveries waiting for the client or for room in its in-flight window, capped
 * by count and, when configured, by payload bytes. Not thread-safe: owned by a session.
 */
final class MessageQueue implements Iterable<Delivery> {

    // most sessions never queue: made on the first delivery that waits (48 B of every idle session otherwise)
    private @Nullable ArrayDeque<Delivery> deliveries;

    private final int capacity;

    private final QueueOverflowPolicy overflowPolicy;

    private final long maxBytes;

    private long bytes;

    MessageQueue(int capacity, QueueOverflowPolicy overflowPolicy) {
        this(capacity, 0, overflowPolicy);
    }

    MessageQueue(int capacity, long maxBytes, QueueOverflowPolicy overflowPolicy) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.overflowPolicy = overflowPolicy;
    }

    /**
     * Add a delivery at the tail.
     * @param delivery the delivery
     * @return the deliveries dropped to respect the caps: the new one, or as many of the oldest as make room
     */
    List<Delivery> offer(Delivery delivery) {
        int size = size(delivery);
        if (fits(size)) {
            addLast(delivery, size);
            return List.of();
        }
        boolean fitsAlone = this.maxBytes <= 0 || size <= this.maxBytes;
        if (this.overflowPolicy == QueueOverflowPolicy.DROP_OLDEST && this.capacity > 0 && fitsAlone) {
            List<Delivery> dropped = new ArrayList<>(1);
            while (!fits(size)) {
                dropped.add(poll());
            }
            addLast(delivery, size);
            return dropped;
        }
        return List.of(delivery);
    }

    private boolean fits(int size) {
        return size() < this.capacity && (this.maxBytes <= 0 || this.bytes + size <= this.maxBytes);
    }

    private void addLast(Delivery delivery, int size) {
        ArrayDeque<Delivery> queue = this.deliveries;
        if (queue == null) {
            queue = new ArrayDeque<>(1);
            this.deliveries = queue;
        }
        queue.addLast(delivery);
        this.bytes += size;
    }

    private static int size(Delivery delivery) {
        return delivery.message().payload().length;
    }

    /**
     * Add a delivery at the tail whatever the capacity: for a connected client, whose publishers are held back
     * instead, so the queue exceeds its capacity by about one message per publisher feeding it.
     * @param delivery the delivery
     */
    void add(Delivery delivery) {
        addLast(delivery, size(delivery));
    }

    /**
     * Remove and return the deliveries that match.
     * @param filter selects deliveries
     * @return the removed deliveries, in queue order
     */
    List<Delivery> removeIf(Predicate<Delivery> filter) {
        List<Delivery> removed = new ArrayList<>(0);
        Iterator<Delivery> iterator = iterator();
        while (iterator.hasNext()) {
            Delivery delivery = iterator.next();
            if (filter.test(delivery)) {
                iterator.remove();
                this.bytes -= size(delivery);
                removed.add(delivery);
            }
        }
        return removed;
    }

    @Nullable Delivery poll() {
        ArrayDeque<Delivery> queue = this.deliveries;
        Delivery first = (queue != null) ? queue.pollFirst() : null;
        if (first != null) {
            this.bytes -= size(first);
        }
        return first;
    }

    boolean isFull() {
        return size() >= this.capacity || (this.maxBytes > 0 && this.bytes >= this.maxBytes);
    }

    /**
     * Return the payload bytes queued.
     * @return the bytes
     */
    long bytes() {
        return this.bytes;
    }

    boolean isEmpty() {
        ArrayDeque<Delivery> queue = this.deliveries;
        return queue == null || queue.isEmpty();
    }

    int size() {
        ArrayDeque<Delivery> queue = this.deliveries;
        return (queue != null) ? queue.size() : 0;
    }

    void clear() {
        this.deliveries = null;
        this.bytes = 0;
    }

    @Override
    public Iterator<Delivery> iterator() {
        ArrayDeque<Delivery> queue = this.deliveries;
        return (queue != null) ? queue.iterator() : Collections.emptyIterator();
    }

}
