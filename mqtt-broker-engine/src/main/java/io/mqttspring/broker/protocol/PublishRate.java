package io.mqttspring.broker.protocol;

import io.mqttspring.broker.config.Quotas;

import org.jspecify.annotations.Nullable;

/**
 * One connection's publication rate against its caps: token buckets of PUBLISH packets and payload bytes per second,
 * each holding at most one second's worth, so a client may burst up to its rate and then goes at it. Event-loop
 * confined.
 */
final class PublishRate {

    private static final double NANOS_PER_SECOND = 1e9;

    private final int messagesPerSecond;

    private final long bytesPerSecond;

    private double messageTokens;

    private double byteTokens;

    private long lastNanos;

    private PublishRate(int messagesPerSecond, long bytesPerSecond, long nowNanos) {
        this.messagesPerSecond = messagesPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        this.messageTokens = messagesPerSecond;
        this.byteTokens = bytesPerSecond;
        this.lastNanos = nowNanos;
    }

    /**
     * Return a rate for a new connection, or {@code null} when no cap is configured.
     * @param quotas the caps
     * @param nowNanos the clock's time
     * @return the rate, or {@code null}
     */
    static @Nullable PublishRate of(Quotas quotas, long nowNanos) {
        if (quotas.publishRatePerClient() <= 0 && quotas.bandwidthPerClient() <= 0) {
            return null;
        }
        return new PublishRate(quotas.publishRatePerClient(), quotas.bandwidthPerClient(), nowNanos);
    }

    /**
     * Count a publication and say how long the connection must rest before the next one.
     * @param payloadBytes the publication's payload size
     * @param nowNanos the clock's time
     * @return nanoseconds to stop reading for, 0 when the connection is within its caps
     */
    long acquire(int payloadBytes, long nowNanos) {
        double elapsedSeconds = Math.max(0, nowNanos - this.lastNanos) / NANOS_PER_SECOND;
        this.lastNanos = nowNanos;
        long wait = 0;
        if (this.messagesPerSecond > 0) {
            this.messageTokens = Math.min(this.messagesPerSecond,
                    this.messageTokens + elapsedSeconds * this.messagesPerSecond) - 1;
            wait = waitNanos(this.messageTokens, this.messagesPerSecond);
        }
        if (this.bytesPerSecond > 0) {
            this.byteTokens = Math.min(this.bytesPerSecond, this.byteTokens + elapsedSeconds * this.bytesPerSecond)
                    - payloadBytes;
            wait = Math.max(wait, waitNanos(this.byteTokens, this.bytesPerSecond));
        }
        return wait;
    }

    private static long waitNanos(double tokens, double perSecond) {
        return (tokens >= 0) ? 0 : (long) Math.ceil(-tokens / perSecond * NANOS_PER_SECOND);
    }

}
