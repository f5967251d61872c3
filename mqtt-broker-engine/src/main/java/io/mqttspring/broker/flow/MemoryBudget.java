package io.mqttspring.broker.flow;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The broker-wide bound on QoS 1 and 2 message bytes held in sessions, queued or in flight. Each delivery is charged
 * when routed and refunded when it leaves its session (acknowledged, dropped, expired, or the session ended). From 90 %
 * of the budget the publishers whose queued bytes are above the average of all contributing publishers are paused,
 * from 100 % every publisher that feeds a queue, in the spirit of HiveMQ's credits; all resume below 75 %. A delivery is
 * charged as its payload and topic plus a fixed overhead for the objects around them, per subscriber, so a message
 * fanned out to many subscribers counts many times although its payload is shared: the budget errs on the safe side.
 * Thread-safe.
 */
public final class MemoryBudget {

    /** Bytes charged for a delivery beyond its payload and topic: the delivery, message and queue entry. */
    static final int OVERHEAD = 96;

    private final long limit;

    private final long high;

    private final long low;

    private final AtomicLong used = new AtomicLong();

    private final AtomicInteger contributors = new AtomicInteger();

    private final AtomicLong pauses = new AtomicLong();

    private final WaitingPublishers waiting = new WaitingPublishers(this);

    public MemoryBudget(long limit) {
        this.limit = limit;
        this.high = limit - limit / 10;
        this.low = limit - limit / 4;
    }

    /**
     * Return what a message is charged for one subscriber.
     * @param payloadLength the payload's length
     * @param topicLength the topic's length
     * @return bytes
     */
    public static long cost(int payloadLength, int topicLength) {
        return payloadLength + 2L * topicLength + OVERHEAD;
    }

    /**
     * Charge a delivery routed by a publisher (or by the broker or the application when {@code source} is
     * {@code null}).
     * @param bytes what the delivery is charged
     * @param source the publisher, or {@code null}
     */
    public void charge(long bytes, @Nullable PublisherThrottle source) {
        this.used.addAndGet(bytes);
        if (source != null && source.addQueuedBytes(bytes) == bytes) {
            this.contributors.incrementAndGet();
        }
    }

    /**
     * Refund a delivery that left its session; publishers paused by the budget resume once it is below 75 %.
     * @param bytes what the delivery was charged
     * @param source the publisher it was charged to, or {@code null}
     */
    public void refund(long bytes, @Nullable PublisherThrottle source) {
        long now = this.used.addAndGet(-bytes);
        if (source != null && source.addQueuedBytes(-bytes) == 0) {
            this.contributors.decrementAndGet();
        }
        if (this.waiting.any() && now < this.low) {
            this.waiting.releaseAll();
        }
    }

    /**
     * Return whether nothing more may be queued but by publishers that can be paused.
     * @return {@code true} at or above the budget
     */
    public boolean isExhausted() {
        return this.used.get() >= this.limit;
    }

    /**
     * Return whether the budget is nearly used up, the state health reports as overloaded.
     * @return {@code true} at or above 90 %
     */
    public boolean isNearlyExhausted() {
        return this.used.get() >= this.high;
    }

    /**
     * Pause a publisher if the budget says so: from 90 % when it holds more than the average publisher, from 100 %
     * always. Call after charging what it just routed.
     * @param source the publisher
     */
    public void throttle(PublisherThrottle source) {
        long now = this.used.get();
        if (now < this.high) {
            return;
        }
        if (now < this.limit) {
            int count = Math.max(this.contributors.get(), 1);
            if (source.queuedBytes() <= now / count) {
                return;
            }
        }
        if (!this.waiting.hold(source)) {
            return;
        }
        this.pauses.incrementAndGet();
        if (this.used.get() < this.low) {
            // refunded below the low mark meanwhile, before this publisher was on the list
            this.waiting.releaseAll();
        }
    }

    /**
     * Return the bytes charged now.
     * @return bytes
     */
    public long used() {
        return this.used.get();
    }

    /**
     * Return the budget.
     * @return bytes
     */
    public long limit() {
        return this.limit;
    }

    /**
     * Return how many times a publisher was paused by the budget.
     * @return the count since start
     */
    public long pauses() {
        return this.pauses.get();
    }

    @Override
    public String toString() {
        return "MemoryBudget";
    }

}
