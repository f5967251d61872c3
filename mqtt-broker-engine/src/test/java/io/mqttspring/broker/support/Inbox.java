package io.mqttspring.broker.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;

import static org.awaitility.Awaitility.await;

/**
 * What a client received (messages, disconnections), filled by the client's callback thread and read by the test.
 * Thread-safe.
 *
 * @param <T> the item type
 */
public final class Inbox<T> {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<T> items = new LinkedBlockingQueue<>();

    /**
     * Add an item; called by the client's callback.
     * @param item the item
     */
    public void add(T item) {
        this.items.add(item);
    }

    /**
     * Take the next item, failing if none arrives within 10 seconds.
     * @return the item
     */
    public T next() {
        try {
            T item = this.items.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                return Assertions.fail("Nothing received within " + TIMEOUT);
            }
            return item;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Assertions.fail("Interrupted");
        }
    }

    /**
     * Take the next items, failing if they do not arrive within 10 seconds each.
     * @param count how many
     * @return the items in arrival order
     */
    public List<T> next(int count) {
        List<T> taken = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            taken.add(next());
        }
        return taken;
    }

    /**
     * Check that nothing arrives for a while.
     * @param duration how long to watch
     */
    public void staysEmptyFor(Duration duration) {
        await().during(duration).atMost(duration.plusSeconds(2)).until(this.items::isEmpty);
    }

    /**
     * Return whether nothing is waiting to be taken, without waiting.
     * @return {@code true} if empty
     */
    public boolean isEmpty() {
        return this.items.isEmpty();
    }

    @Override
    public String toString() {
        return this.items.toString();
    }

}
