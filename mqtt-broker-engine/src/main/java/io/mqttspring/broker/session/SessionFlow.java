package io.mqttspring.broker.session;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.mqttspring.broker.flow.PublisherThrottle;
import io.mqttspring.broker.flow.WaitingPublishers;

import org.jspecify.annotations.Nullable;

/**
 * A session's side of flow control: its backlog (QoS 1 and 2 deliveries accepted for it and neither sent nor dropped
 * yet, those on their way to its event loop included), the publishers it holds back, and whether it is congested or
 * stalled. The backlog is counted where messages are routed, so a publisher learns at once that it must wait; the
 * queue then never has to drop what was acknowledged while the client keeps up. A publisher is paused when the
 * backlog passes the session's queue limit and released when it falls to half of it. A session that stays above
 * half for the stall timeout is stalled: it stops holding anyone back until it catches up.
 * <p>
 * The backlog and the paused publishers are thread-safe; the congestion state is confined to the session's loop.
 */
final class SessionFlow {

    private final Session session;

    private final SessionContext context;

    private final int high;

    private final int low;

    private final AtomicInteger backlog = new AtomicInteger();

    private final WaitingPublishers waiting = new WaitingPublishers(this);

    private volatile boolean stalled;

    // event-loop confined
    private boolean congested;

    private long congestedSinceNanos;

    private @Nullable Future<?> stallCheck;

    SessionFlow(Session session, SessionContext context) {
        this.session = session;
        this.context = context;
        this.high = context.limits().maxQueuedMessages();
        this.low = this.high / 2;
    }

    /**
     * Count a QoS 1 or 2 delivery on its way to the session and hold its publisher back if the session cannot take
     * more. Thread-safe.
     * @param publisher the publisher to pause, or {@code null} when the source cannot be paused
     * @param connected whether the client is connected: an offline session's queue limit applies instead
     */
    void admit(@Nullable PublisherThrottle publisher, boolean connected) {
        int queued = this.backlog.incrementAndGet();
        if (publisher != null && queued > this.high && this.high > 0 && connected && !this.stalled
                && !publisher.clientId().equals(this.session.clientId())) {
            // never its own subscriber's: a paused client does not read the acknowledgements that would drain it
            hold(publisher);
        }
    }

    private void hold(PublisherThrottle publisher) {
        if (!this.waiting.hold(publisher)) {
            return;
        }
        if (this.backlog.get() <= this.low || this.stalled || !this.session.isConnected()) {
            // drained, stalled or gone offline meanwhile, before this publisher was on the list
            releaseAll();
        }
    }

    /**
     * Count deliveries that came back into the queue without being admitted (a shared-subscription message no
     * other member took, a restored session's messages).
     * @param count how many
     */
    void returned(int count) {
        this.backlog.addAndGet(count);
    }

    /**
     * Count deliveries that left the backlog: sent, dropped or cleared. Releases the publishers once half the queue
     * limit is reached.
     * @param count how many
     */
    void left(int count) {
        int queued = this.backlog.addAndGet(-count);
        if (this.waiting.any() && queued <= this.low) {
            releaseAll();
        }
    }

    /**
     * Release every publisher this session holds back. Thread-safe.
     */
    void releaseAll() {
        this.waiting.releaseAll();
    }

    /**
     * Return whether the session's messages may overflow its queue: offline, stalled, or without a queue.
     * @param connected whether the client is connected
     * @return {@code true} when the queue limit applies
     */
    boolean isBounded(boolean connected) {
        return !connected || this.stalled || this.high == 0;
    }

    /**
     * Return whether the session is stalled. Thread-safe.
     * @return {@code true} from the stall timeout until it catches up
     */
    boolean isStalled() {
        return this.stalled;
    }

    /**
     * Return whether the session holds publishers back now. Thread-safe.
     * @return {@code true} while any publisher waits for it
     */
    boolean isHoldingPublishers() {
        return this.waiting.any();
    }

    int backlog() {
        return this.backlog.get();
    }

    /**
     * Follow the backlog after the session took or sent messages: start the stall clock when it passes the queue
     * limit, stop it and clear a stall when it is down to half. Runs on the session's loop.
     * @param connected whether the client is connected
     */
    void update(boolean connected) {
        int queued = this.backlog.get();
        if (!this.congested) {
            // full, or holding publishers that were paused on a count with messages still on their way
            if (connected && this.high > 0 && (queued > this.high || (this.waiting.any() && queued > this.low))) {
                this.congested = true;
                this.congestedSinceNanos = this.context.clock().nanoTime();
                this.stallCheck = this.context.clock().schedule(this.session.executor(),
                        () -> this.session.execute(this::checkStall), this.context.flowControl().stallTimeout());
            }
        }
        else if (queued <= this.low || !connected) {
            recovered();
        }
    }

    private void checkStall() {
        this.stallCheck = null;
        if (!this.congested || this.stalled) {
            return;
        }
        this.stalled = true;
        releaseAll();
        this.session.stalled(this.context.clock().nanoTime() - this.congestedSinceNanos);
    }

    /**
     * Forget congestion and stall, and release the publishers: the client caught up or went away. Runs on the
     * session's loop.
     */
    void recovered() {
        this.congested = false;
        this.stalled = false;
        if (this.stallCheck != null) {
            this.stallCheck.cancel(false);
            this.stallCheck = null;
        }
        releaseAll();
    }

    @Override
    public String toString() {
        return "subscriber " + this.session.clientId();
    }

}
