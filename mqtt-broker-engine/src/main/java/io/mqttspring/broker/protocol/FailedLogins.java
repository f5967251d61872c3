package io.mqttspring.broker.protocol;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mqttspring.broker.core.BrokerClock;

import org.jspecify.annotations.Nullable;

/**
 * Remembers failed logins per source address and says how long to wait before refusing the next one: nothing for
 * the first five, then 100 ms doubling up to 5 s, forgotten after five quiet minutes or a successful login. Guessing
 * passwords from one address then takes minutes for what took a second. Thread-safe.
 */
final class FailedLogins {

    static final int FREE_FAILURES = 5;

    static final Duration FIRST_DELAY = Duration.ofMillis(100);

    static final Duration MAX_DELAY = Duration.ofSeconds(5);

    private static final long FORGET_NANOS = Duration.ofMinutes(5).toNanos();

    private static final int SWEEP_THRESHOLD = 10_000;

    private static final long SWEEP_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    // memory stays bounded whatever the number of addresses: beyond this many, new ones are not tracked
    private static final int MAX_TRACKED = 100_000;

    private final BrokerClock clock;

    private final Map<InetAddress, Failures> failures = new ConcurrentHashMap<>();

    // a sweep at most once a minute: failures from many addresses must not sweep on every failure
    private volatile long sweptAtNanos;

    FailedLogins(BrokerClock clock) {
        this.clock = clock;
    }

    /**
     * Count a failed login.
     * @param address where it came from, or {@code null} when unknown
     * @return how long to wait before answering it
     */
    Duration failed(@Nullable InetAddress address) {
        if (address == null) {
            return Duration.ZERO;
        }
        long now = this.clock.nanoTime();
        if (this.failures.size() > SWEEP_THRESHOLD && now - this.sweptAtNanos > SWEEP_INTERVAL_NANOS) {
            this.sweptAtNanos = now;
            this.failures.values().removeIf((entry) -> now - entry.lastNanos > FORGET_NANOS);
        }
        if (this.failures.size() >= MAX_TRACKED && !this.failures.containsKey(address)) {
            return Duration.ZERO;
        }
        Failures entry = this.failures.compute(address, (key, current) -> {
            Failures next = (current == null || now - current.lastNanos > FORGET_NANOS) ? new Failures() : current;
            next.count++;
            next.lastNanos = now;
            return next;
        });
        int excess = entry.count - FREE_FAILURES;
        if (excess <= 0) {
            return Duration.ZERO;
        }
        long delay = FIRST_DELAY.toMillis() << Math.min(excess - 1, 16);
        return Duration.ofMillis(Math.min(delay, MAX_DELAY.toMillis()));
    }

    /**
     * Forget the failures of an address after a successful login.
     * @param address where it came from, or {@code null}
     */
    void succeeded(@Nullable InetAddress address) {
        if (address != null && !this.failures.isEmpty()) {
            this.failures.remove(address);
        }
    }

    private static final class Failures {

        int count;

        long lastNanos;

    }

}
