package io.mqttspring.broker.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.core.BrokerClock;
import io.netty.util.concurrent.EventExecutor;

import org.jspecify.annotations.Nullable;

/**
 * Enforces the keep-alive of the connections of one event loop with a single periodic sweep instead of a timer
 * and a handler per connection: a connection stamps the time once per batch of packets it reads, and the sweep
 * closes those silent for longer than one and a half times their keep-alive (3.1.1 [MQTT-3.1.2-24], 5.0
 * [MQTT-3.1.2-22]). Never early; at most one sweep late. Confined to its event loop.
 */
final class KeepAliveSweeper {

    static final Duration SWEEP_INTERVAL = Duration.ofMillis(250);

    private final EventExecutor loop;

    private final BrokerClock clock;

    private final List<Watch> watches = new ArrayList<>();

    private @Nullable Future<?> task;

    private KeepAliveSweeper(EventExecutor loop, BrokerClock clock) {
        this.loop = loop;
        this.clock = clock;
    }

    /**
     * Start watching a connection; call on its event loop.
     * @param connection the connection
     * @param keepAliveSeconds its keep-alive, above 0
     * @return the watch, to mark packets on and to cancel when the connection closes
     */
    Watch watch(MqttConnection connection, int keepAliveSeconds) {
        Watch watch = new Watch(this, connection, TimeUnit.MILLISECONDS.toNanos(keepAliveSeconds * 1500L),
                this.clock.nanoTime());
        watch.index = this.watches.size();
        this.watches.add(watch);
        if (this.task == null) {
            scheduleSweep();
        }
        return watch;
    }

    private void cancel(Watch watch) {
        int index = watch.index;
        if (index < 0) {
            return;
        }
        // swap with the last: removal in constant time, order does not matter
        Watch last = this.watches.remove(this.watches.size() - 1);
        if (last != watch) {
            this.watches.set(index, last);
            last.index = index;
        }
        watch.index = -1;
        if (this.watches.isEmpty() && this.task != null) {
            this.task.cancel(false);
            this.task = null;
        }
    }

    private void scheduleSweep() {
        this.task = this.clock.schedule(this.loop, this::sweep, SWEEP_INTERVAL);
    }

    private void sweep() {
        this.task = null;
        if (this.watches.isEmpty()) {
            return;
        }
        long now = this.clock.nanoTime();
        for (int i = this.watches.size() - 1; i >= 0; i--) {
            // closing a connection cancels its watch, which may move the last watch here: it was swept already
            if (i >= this.watches.size()) {
                continue;
            }
            Watch watch = this.watches.get(i);
            if (now - watch.lastSeenNanos > watch.idleNanos) {
                cancel(watch);
                watch.connection.keepAliveExpired();
            }
        }
        if (!this.watches.isEmpty() && this.task == null) {
            scheduleSweep();
        }
    }

    /**
     * One watched connection.
     */
    static final class Watch {

        private final KeepAliveSweeper sweeper;

        private final MqttConnection connection;

        private final long idleNanos;

        private long lastSeenNanos;

        private boolean packetsRead;

        private int index;

        private Watch(KeepAliveSweeper sweeper, MqttConnection connection, long idleNanos, long lastSeenNanos) {
            this.sweeper = sweeper;
            this.connection = connection;
            this.idleNanos = idleNanos;
            this.lastSeenNanos = lastSeenNanos;
        }

        /**
         * Record that a packet arrived; cheap enough for every packet.
         */
        void packetRead() {
            this.packetsRead = true;
        }

        /**
         * Stamp the time if packets arrived in the read that just ended: one clock read per batch, not per packet.
         */
        void readComplete() {
            if (this.packetsRead) {
                this.packetsRead = false;
                this.lastSeenNanos = this.sweeper.clock.nanoTime();
            }
        }

        void cancel() {
            this.sweeper.cancel(this);
        }

    }

    /**
     * The sweepers of one broker, one per event loop. Thread-safe.
     */
    static final class Sweepers {

        private final Map<EventExecutor, KeepAliveSweeper> sweepers = new ConcurrentHashMap<>();

        private final BrokerClock clock;

        Sweepers(BrokerClock clock) {
            this.clock = clock;
        }

        KeepAliveSweeper of(EventExecutor loop) {
            return this.sweepers.computeIfAbsent(loop, (key) -> new KeepAliveSweeper(key, this.clock));
        }

    }

}
