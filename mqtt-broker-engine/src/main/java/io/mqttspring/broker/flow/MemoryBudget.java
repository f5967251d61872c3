package io.mqttspring.broker.flow;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.mqttspring.broker.core.BrokerClock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker-wide bound on QoS 1 and 2 message bytes held in sessions, queued or in flight. Each delivery is charged
 * when routed and refunded when it leaves its session (acknowledged, dropped, expired, or the session ended). From 90 %
 * of the budget the publishers whose queued bytes are above the average of all contributing publishers are paused,
 * from 100 % every publisher that feeds a queue, in the spirit of HiveMQ's credits; all resume below 75 %. A delivery is
 * charged as its payload and topic plus a fixed overhead for the objects around them, per subscriber, so a message
 * fanned out to many subscribers counts many times although its payload is shared: the budget errs on the safe side.
 * <p>
 * Pausing only helps when subscribers drain what is charged. When the budget is held by messages that pausing cannot
 * reduce (queues of offline or stalled sessions), the paused publishers are released after the stall timeout and the
 * budget stops pausing anyone until it is below 75 % again; meanwhile messages for offline and stalled sessions are
 * dropped, and connected subscribers stay bounded by their own queue limits. Thread-safe.
 */
public final class MemoryBudget {

    private static final Logger logger = LoggerFactory.getLogger(MemoryBudget.class);

    /** Bytes charged for a delivery beyond its payload and topic: the delivery, message and queue entry. */
    static final int OVERHEAD = 96;

    private final long limit;

    private final long high;

    private final long low;

    // updated on every event loop for every QoS 1/2 delivery: an adder, not one contended line
    private final LongAdder used = new LongAdder();

    private final AtomicInteger contributors = new AtomicInteger();

    private final WaitingPublishers waiting = new WaitingPublishers(this);

    private final BrokerClock clock;

    private final ScheduledExecutorService timer;

    private final Duration patience;

    private final AtomicBoolean giveUpScheduled = new AtomicBoolean();

    // publishers were paused for the whole stall timeout without the budget going down: pausing does not help
    private volatile boolean saturated;

    /**
     * Create a budget.
     * @param limit the budget in bytes
     * @param clock the broker clock
     * @param timer where to schedule the release of publishers paused in vain
     * @param patience how long publishers stay paused by the budget at most: the stall timeout
     */
    public MemoryBudget(long limit, BrokerClock clock, ScheduledExecutorService timer, Duration patience) {
        this.clock = clock;
        this.timer = timer;
        this.patience = patience;
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
     * {@code null}). From half the budget the charge is also counted to the publisher, to tell the largest
     * contributors when it is nearly used up; below, that bookkeeping would only cost.
     * @param bytes what the delivery is charged
     * @param source the publisher, or {@code null}
     * @return the publisher the charge was counted to, to refund it to; {@code null} when it was not
     */
    public @Nullable PublisherThrottle charge(long bytes, @Nullable PublisherThrottle source) {
        this.used.add(bytes);
        if (source == null || this.used.sum() < this.limit / 2) {
            return null;
        }
        if (source.addQueuedBytes(bytes) == bytes) {
            this.contributors.incrementAndGet();
        }
        return source;
    }

    /**
     * Refund a delivery that left its session; publishers paused by the budget resume once it is below 75 %.
     * @param bytes what the delivery was charged
     * @param source the publisher the charge was counted to, or {@code null}
     */
    public void refund(long bytes, @Nullable PublisherThrottle source) {
        this.used.add(-bytes);
        if (source != null && source.addQueuedBytes(-bytes) == 0) {
            this.contributors.decrementAndGet();
        }
        if ((this.saturated || this.waiting.any()) && this.used.sum() < this.low) {
            if (this.saturated) {
                this.saturated = false;
                logger.info("Memory budget below 75 % again: publishers are held back again when it fills");
            }
            if (this.waiting.any()) {
                this.waiting.releaseAll();
            }
        }
    }

    /**
     * Return whether nothing more may be queued but by publishers that can be paused.
     * @return {@code true} at or above the budget
     */
    public boolean isExhausted() {
        return this.used.sum() >= this.limit;
    }

    /**
     * Pause a publisher if the budget says so: from 90 % when it holds more than the average publisher, from 100 %
     * always. Call after charging what it just routed.
     * @param source the publisher
     */
    public void throttle(PublisherThrottle source) {
        long now = this.used.sum();
        if (now < this.high || this.saturated) {
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
        if (this.used.sum() < this.low) {
            // refunded below the low mark meanwhile, before this publisher was on the list
            this.waiting.releaseAll();
        }
        else if (this.giveUpScheduled.compareAndSet(false, true)) {
            this.clock.schedule(this.timer, this::giveUp, this.patience);
        }
    }

    private void giveUp() {
        this.giveUpScheduled.set(false);
        if (this.waiting.any() && this.used.sum() >= this.low) {
            this.saturated = true;
            logger.warn("Memory budget of {} bytes held by messages that pausing publishers does not reduce (queues of "
                    + "offline or stalled sessions): publishers resume; messages for offline and stalled sessions "
                    + "are dropped until it is below 75 %", this.limit);
            this.waiting.releaseAll();
        }
    }

    /**
     * Return the bytes charged now.
     * @return bytes
     */
    public long used() {
        return this.used.sum();
    }

    /**
     * Return the budget.
     * @return bytes
     */
    public long limit() {
        return this.limit;
    }

    @Override
    public String toString() {
        return "MemoryBudget";
    }

}
