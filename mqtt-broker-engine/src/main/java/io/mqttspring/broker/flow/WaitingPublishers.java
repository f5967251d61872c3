package io.mqttspring.broker.flow;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The publishers one blocker (a congested session, the memory budget) holds back, to release together once it has
 * room. Thread-safe: publishers are added on their own threads, released on the blocker's.
 */
public final class WaitingPublishers {

    private final Object blocker;

    // guarded by this; created when a first publisher must wait
    private @Nullable List<PublisherThrottle> waiting;

    private volatile boolean any;

    /**
     * Create the list of one blocker.
     * @param blocker what the publishers wait for
     */
    public WaitingPublishers(Object blocker) {
        this.blocker = blocker;
    }

    /**
     * Pause a publisher until {@link #releaseAll()}.
     * @param publisher the publisher
     * @return {@code false} if this blocker already held it
     */
    public boolean hold(PublisherThrottle publisher) {
        if (!publisher.block(this.blocker)) {
            return false;
        }
        synchronized (this) {
            if (this.waiting == null) {
                this.waiting = new ArrayList<>(4);
            }
            this.waiting.add(publisher);
            this.any = true;
        }
        return true;
    }

    /**
     * Return whether any publisher waits.
     * @return {@code true} while one does
     */
    public boolean any() {
        return this.any;
    }

    /**
     * Release every waiting publisher from this blocker.
     */
    public void releaseAll() {
        List<PublisherThrottle> released;
        synchronized (this) {
            released = this.waiting;
            this.waiting = null;
            this.any = false;
        }
        if (released != null) {
            released.forEach((publisher) -> publisher.release(this.blocker));
        }
    }

}
