package io.mqttspring.bench.load;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How far each subscriber of one publisher has got, so the publisher stays at most a window ahead of the slowest.
 * Subscribers advance their slot once per read batch from their own event loops; a publisher that ran out of credit
 * parks, and the first subscriber to advance afterwards schedules it once on the publisher's event loop.
 *
 * <p>Both sides write one volatile and then read the other ({@code waiting} vs {@code progress}), so a wake-up cannot
 * be lost between the publisher's last check and its park.
 */
final class WindowGate {

    private final AtomicLongArray progress;
    private final AtomicBoolean waiting = new AtomicBoolean();
    private volatile Executor executor;
    private volatile Runnable wake;

    WindowGate(int subscribers) {
        this.progress = new AtomicLongArray(subscribers);
    }

    /** Called by the publisher once connected: where and what to run when credit returns. */
    void bind(Executor executor, Runnable wake) {
        this.executor = executor;
        this.wake = wake;
    }

    /** The progress of the slowest subscriber: one past the highest sequence number it has received. */
    long slowest() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < this.progress.length(); i++) {
            min = Math.min(min, this.progress.get(i));
        }
        return min;
    }

    /** Called by subscriber {@code slot}'s event loop. */
    void advance(int slot, long next) {
        this.progress.set(slot, next);
        if (this.waiting.get() && this.waiting.compareAndSet(true, false)) {
            this.executor.execute(this.wake);
        }
    }

    /**
     * Park the publisher until the slowest subscriber reaches {@code needed}.
     * @return {@code false} if it already has and the publisher should go on at once
     */
    boolean park(long needed) {
        this.waiting.set(true);
        if (slowest() >= needed && this.waiting.compareAndSet(true, false)) {
            return false;
        }
        // either still short of credit, or a subscriber has just cleared the flag and scheduled the wake-up
        return true;
    }

    /** Forget a pending park, e.g. when the publisher stops or gives up waiting. */
    void unpark() {
        this.waiting.set(false);
    }

}
