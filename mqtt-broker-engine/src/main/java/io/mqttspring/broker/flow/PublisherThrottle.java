package io.mqttspring.broker.flow;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One publisher's brake: the blockers (congested sessions, the memory budget) that hold it back, and the message
 * bytes it has queued in sessions, by which the budget picks whom to pause first. Thread-safe: blockers block and
 * release from their own threads; the owner is told when it must stop or may resume reading and re-reads
 * {@link #isPaused()} on its own thread, so a late notification cannot undo a newer one.
 */
public final class PublisherThrottle {

    private final String clientId;

    private final Runnable pausedChanged;

    private final Set<Object> blockers = ConcurrentHashMap.newKeySet(2);

    private final AtomicLong queuedBytes = new AtomicLong();

    /**
     * Create a throttle.
     * @param clientId the publisher, for logs and inspection
     * @param pausedChanged called, on any thread, when the throttle becomes paused or is released by its last
     * blocker
     */
    public PublisherThrottle(String clientId, Runnable pausedChanged) {
        this.clientId = clientId;
        this.pausedChanged = pausedChanged;
    }

    public String clientId() {
        return this.clientId;
    }

    /**
     * Hold the publisher back until the blocker releases it.
     * @param blocker what cannot take more
     * @return {@code false} if that blocker already held it, so it must not be registered twice
     */
    public boolean block(Object blocker) {
        if (!this.blockers.add(blocker)) {
            return false;
        }
        if (this.blockers.size() == 1) {
            this.pausedChanged.run();
        }
        return true;
    }

    /**
     * Release the publisher from one blocker; it resumes when no blocker is left.
     * @param blocker the blocker that has room again
     */
    public void release(Object blocker) {
        if (this.blockers.remove(blocker) && this.blockers.isEmpty()) {
            this.pausedChanged.run();
        }
    }

    /**
     * Return whether any blocker holds the publisher back.
     * @return {@code true} while paused
     */
    public boolean isPaused() {
        return !this.blockers.isEmpty();
    }

    /**
     * Return the bytes of this publisher's messages sessions hold queued or in flight.
     * @return bytes
     */
    public long queuedBytes() {
        return this.queuedBytes.get();
    }

    long addQueuedBytes(long delta) {
        return this.queuedBytes.addAndGet(delta);
    }

    @Override
    public String toString() {
        return "PublisherThrottle[" + this.clientId + "]";
    }

}
