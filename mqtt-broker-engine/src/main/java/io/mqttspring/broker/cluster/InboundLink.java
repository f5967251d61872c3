package io.mqttspring.broker.cluster;

import java.time.Duration;

import io.mqttspring.broker.flow.PublisherThrottle;

/**
 * What this node receives from one other node, seen as one publisher: its throttle is paused by congested
 * subscribers and the memory budget as a local publisher's would be, and the node's next batch waits until it is
 * released. Thread-safe.
 */
final class InboundLink {

    private final PublisherThrottle throttle;

    private final Object monitor = new Object();

    private volatile boolean closed;

    InboundLink(String node) {
        this.throttle = new PublisherThrottle("$cluster/" + node, this::changed);
    }

    PublisherThrottle throttle() {
        return this.throttle;
    }

    private void changed() {
        synchronized (this.monitor) {
            this.monitor.notifyAll();
        }
    }

    /**
     * Wait while the link is paused, at most the given time.
     * @param limit the longest wait
     */
    void awaitResumed(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (this.monitor) {
            while (this.throttle.isPaused() && !this.closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    this.monitor.wait(Math.max(1, left / 1_000_000));
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Stop waiting: the other node left.
     */
    void close() {
        this.closed = true;
        changed();
    }

}
