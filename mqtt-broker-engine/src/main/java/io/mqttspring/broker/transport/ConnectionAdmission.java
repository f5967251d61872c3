package io.mqttspring.broker.transport;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.mqttspring.broker.config.Quotas;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.metrics.LimitReason;

import org.jspecify.annotations.Nullable;

/**
 * Counts open connections, in all and per source address, and new connections per second per source address, and
 * says whether one more may come in. Shared by every listener of a broker. Thread-safe.
 */
final class ConnectionAdmission {

    private static final long SECOND_NANOS = 1_000_000_000L;

    // above this many tracked addresses, windows older than the current second are swept
    private static final int SWEEP_THRESHOLD = 10_000;

    private final Quotas quotas;

    private final BrokerClock clock;

    private final AtomicInteger open = new AtomicInteger();

    private final Map<InetAddress, AtomicInteger> openPerAddress = new ConcurrentHashMap<>();

    private final Map<InetAddress, RateWindow> rates = new ConcurrentHashMap<>();

    // a sweep at most once a second: a flood from many addresses must not sweep on every connection
    private volatile long sweptSecond = Long.MIN_VALUE;

    ConnectionAdmission(Quotas quotas, BrokerClock clock) {
        this.quotas = quotas;
        this.clock = clock;
    }

    boolean isActive() {
        return this.quotas.maxConnections() > 0 || this.quotas.maxConnectionsPerAddress() > 0
                || this.quotas.connectRatePerAddress() > 0;
    }

    /**
     * Admit a new connection, counting it when admitted.
     * @param address its source address, or {@code null} when unknown
     * @return {@code null} when admitted, otherwise the cap it ran into
     */
    @Nullable LimitReason admit(@Nullable InetAddress address) {
        if (address != null && this.quotas.connectRatePerAddress() > 0 && !withinRate(address)) {
            return LimitReason.CONNECT_RATE;
        }
        int max = this.quotas.maxConnections();
        if (this.open.incrementAndGet() > max && max > 0) {
            this.open.decrementAndGet();
            return LimitReason.CONNECTIONS;
        }
        int perAddress = this.quotas.maxConnectionsPerAddress();
        if (address != null && perAddress > 0) {
            int count = this.openPerAddress.compute(address, (key, counter) -> {
                AtomicInteger current = (counter != null) ? counter : new AtomicInteger();
                current.incrementAndGet();
                return current;
            }).get();
            if (count > perAddress) {
                release(address);
                this.open.decrementAndGet();
                return LimitReason.CONNECTIONS_PER_ADDRESS;
            }
        }
        return null;
    }

    /**
     * Forget an admitted connection that closed.
     * @param address its source address, or {@code null} when unknown
     */
    void closed(@Nullable InetAddress address) {
        this.open.decrementAndGet();
        if (address != null && this.quotas.maxConnectionsPerAddress() > 0) {
            release(address);
        }
    }

    private void release(InetAddress address) {
        // within the map's lock for the key, so a racing admit never counts on a removed counter
        this.openPerAddress.computeIfPresent(address, (key, counter) -> (counter.decrementAndGet() <= 0) ? null
                : counter);
    }

    private boolean withinRate(InetAddress address) {
        long second = this.clock.nanoTime() / SECOND_NANOS;
        if (this.rates.size() > SWEEP_THRESHOLD && this.sweptSecond != second) {
            this.sweptSecond = second;
            this.rates.values().removeIf((window) -> window.second < second);
        }
        RateWindow window = this.rates.computeIfAbsent(address, (key) -> new RateWindow());
        synchronized (window) {
            if (window.second != second) {
                window.second = second;
                window.count = 0;
            }
            return ++window.count <= this.quotas.connectRatePerAddress();
        }
    }

    private static final class RateWindow {

        long second = Long.MIN_VALUE;

        int count;

    }

}
