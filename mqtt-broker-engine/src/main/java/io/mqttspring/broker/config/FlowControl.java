package io.mqttspring.broker.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How the broker holds publishers back instead of dropping what it acknowledged: a QoS 1 or 2 message for an online
 * subscriber whose queue is full pauses the publishers feeding it until the queue is half empty; a subscriber that
 * stays full for {@code stallTimeout} is handled by {@code stallPolicy}; a connection is not read while its own
 * outbound buffer is full, and is closed when that lasts {@code unwritableTimeout}; queued and in-flight message
 * bytes of all sessions stay within {@code memoryBudget}.
 *
 * @param stallTimeout how long an online subscriber's queue may stay full before it counts as stalled
 * @param stallPolicy what happens to a stalled subscriber
 * @param unwritableTimeout how long a connection may leave its outbound buffer above the high water mark (it does not
 * read what the broker sends) before the broker closes it
 * @param memoryBudget bytes of QoS 1 and 2 messages all sessions may hold queued or in flight; near it the publishers
 * contributing most are paused, at it every publisher feeding a queue is, and messages for offline or stalled
 * sessions are dropped
 */
public record FlowControl(Duration stallTimeout, StallPolicy stallPolicy, Duration unwritableTimeout,
        long memoryBudget) {

    /** The default stall timeout: long enough to ride out a garbage-collection pause or a Wi-Fi hand-over. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(10);

    /** The default unwritable timeout. */
    public static final Duration DEFAULT_UNWRITABLE_TIMEOUT = Duration.ofSeconds(60);

    public FlowControl {
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(stallPolicy, "stallPolicy");
        Objects.requireNonNull(unwritableTimeout, "unwritableTimeout");
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new InvalidConfigurationException("stallTimeout", stallTimeout, "must be positive");
        }
        if (unwritableTimeout.isNegative() || unwritableTimeout.isZero()) {
            throw new InvalidConfigurationException("unwritableTimeout", unwritableTimeout, "must be positive");
        }
        ConfigChecks.range("memoryBudget", memoryBudget, 1024 * 1024, Long.MAX_VALUE);
    }

    /**
     * Return the default memory budget: a quarter of the heap the JVM may use.
     * @return bytes
     */
    public static long defaultMemoryBudget() {
        return Math.max(Runtime.getRuntime().maxMemory() / 4, 1024 * 1024);
    }

}
