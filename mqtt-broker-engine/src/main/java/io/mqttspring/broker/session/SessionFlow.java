package io.mqttspring.broker.session;

import java.util.concurrent.Future;

import io.mqttspring.broker.flow.PublisherThrottle;
import io.mqttspring.broker.flow.WaitingPublishers;

import org.jspecify.annotations.Nullable;

/**
 * A session's side of flow control: its backlog (QoS 1 and 2 deliveries that reached it and were neither sent nor
 * dropped yet), the publishers it holds back, and whether it is full, congested or stalled. The backlog is counted on
 * the session's loop; publishers only read whether it is full, a flag that changes when the backlog passes the queue
 * limit and when it falls to half of it, so the publish path shares no contended counter. A publisher that routes a
 * message to a full session is paused until then; messages already on their way when the flag is raised are queued
 * all the same, so the queue may exceed its limit by what each publisher routed meanwhile (at most about one read).
 * A session that stays above half for the stall timeout is stalled: it stops holding anyone back until it catches up.
 * <p>
 * {@link #admit}, {@link #isStalled} and {@link #releaseAll} are thread-safe; the rest
 * is confined to the session's loop.
 */
final class SessionFlow {

    private final Session session;

    private final SessionContext context;

    private final int high;

    private final int low;

    // event-loop confined
    private int backlog;

    private volatile boolean full;

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
     * Hold the publisher of a QoS 1 or 2 message routed to this session back if the session is full. Thread-safe.
     * @param publisher the publisher to pause, or {@code null} when the source cannot be paused
     * @param connected whether the client is connected: an offline session's queue limit applies instead
     */
    void admit(@Nullable PublisherThrottle publisher, boolean connected) {
        if (this.full && publisher != null && connected && !this.stalled
                && !publisher.clientId().equals(this.session.clientId())) {
            // never its own subscriber's: a paused client does not read the acknowledgements that would drain it
            hold(publisher);
        }
    }

    /**
     * Count QoS 1 or 2 deliveries that reached the session: routed to it, or back in its queue without being routed
     * (a shared-subscription message no other member took, a restored session's messages).
     * @param count how many
     */
    void arrived(int count) {
        this.backlog += count;
        if (!this.full && this.high > 0 && this.backlog > this.high) {
            this.full = true;
        }
    }

    private void hold(PublisherThrottle publisher) {
        if (!this.waiting.hold(publisher)) {
            return;
        }
        if (!this.full || this.stalled || !this.session.isConnected()) {
            // drained, stalled or gone offline meanwhile, before this publisher was on the list
            releaseAll();
        }
    }

    /**
     * Count deliveries that left the backlog: sent, dropped or cleared. Releases the publishers once half the queue
     * limit is reached.
     * @param count how many
     */
    void left(int count) {
        this.backlog -= count;
        if (this.full && this.backlog <= this.low) {
            this.full = false;
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

    int backlog() {
        return this.backlog;
    }

    /**
     * Follow the backlog after the session took or sent messages: start the stall clock when it passes the queue
     * limit, stop it and clear a stall when it is down to half. Runs on the session's loop.
     * @param connected whether the client is connected
     */
    void update(boolean connected) {
        int queued = this.backlog;
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
