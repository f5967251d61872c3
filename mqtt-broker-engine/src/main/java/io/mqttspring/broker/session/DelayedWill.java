package io.mqttspring.broker.session;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.persistence.SessionSnapshot.StoredWill;
import io.mqttspring.broker.will.WillMessage;

import org.jspecify.annotations.Nullable;

/**
 * A session's will while its Will Delay Interval runs (MQTT 5.0 section 3.1.3.2.2): published when the delay ends or
 * the session ends, whichever comes first, and cancelled when the client reconnects within it [MQTT-3.1.3-9].
 * Event-loop confined, owned by a session.
 */
final class DelayedWill {

    private final Session session;

    private final SessionContext context;

    private @Nullable Pending pending;

    DelayedWill(Session session, SessionContext context) {
        this.session = session;
        this.context = context;
    }

    /**
     * Publish a will now, or start its delay.
     * @param client the client it belongs to
     * @param will the will, or {@code null} for none
     */
    void handle(ClientInfo client, @Nullable WillMessage will) {
        if (will == null) {
            return;
        }
        if (will.delayInterval() == 0) {
            this.context.willPublisher().publish(client, will);
            return;
        }
        cancel();
        start(client, will, Duration.ofSeconds(will.delayInterval()));
        long storageId = this.session.storageId();
        if (storageId != 0) {
            Instant publishAt = this.context.clock().instant().plusSeconds(will.delayInterval());
            this.context.journal().willDelayed(storageId,
                    new StoredWill(will.message(), client.username(), publishAt));
        }
    }

    /**
     * Start the delay of a will a store kept.
     * @param restored the will
     */
    void restore(RestoredWill restored) {
        start(restored.client(), restored.will(), Duration.ofNanos(Math.max(restored.delayNanos(), 0)));
    }

    private void start(ClientInfo client, WillMessage will, Duration delay) {
        Future<?> task = this.context.clock().schedule(this.session.executor(),
                () -> this.session.execute(this::publish), delay);
        this.pending = new Pending(client, will, task);
    }

    /**
     * Publish the will whose delay runs, if any, now.
     */
    void publish() {
        Pending will = this.pending;
        if (will != null) {
            this.pending = null;
            will.task().cancel(false);
            forget();
            this.context.willPublisher().publish(will.client(), will.will());
            this.context.wills().settled(will.client());
        }
    }

    /**
     * Drop the will whose delay runs, if any.
     */
    void cancel() {
        Pending will = this.pending;
        if (will != null) {
            this.pending = null;
            will.task().cancel(false);
            forget();
            this.context.wills().settled(will.client());
        }
    }

    private void forget() {
        long storageId = this.session.storageId();
        if (storageId != 0) {
            this.context.journal().willDelayed(storageId, null);
        }
    }

    private record Pending(ClientInfo client, WillMessage will, Future<?> task) {
    }

}
