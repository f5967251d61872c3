package io.mqttspring.bench.load;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * End-to-end latency of the messages whose send time falls in the measurement window. Written by one subscriber's
 * event loop, read after that loop has stopped; the window is set by the main thread before publishing starts.
 */
final class LatencyRecorder {

    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
    private volatile boolean armed;
    private volatile long fromNanos;
    private volatile long toNanos;

    /** Record messages sent from {@code fromNanos} (inclusive) to {@code toNanos} (exclusive). */
    void window(long fromNanos, long toNanos) {
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
        this.armed = true;
    }

    void record(long sentAtNanos, long receivedAtNanos) {
        if (this.armed && sentAtNanos - this.fromNanos >= 0 && sentAtNanos - this.toNanos < 0) {
            this.histogram.recordValue(Math.min(Math.max(receivedAtNanos - sentAtNanos, 0), HIGHEST_NANOS));
        }
    }

    long count() {
        return this.histogram.getTotalCount();
    }

    /** The latency at {@code percentile}, in microseconds. */
    /** Put p50, p99 and p99.9 into the result; without a message in the window, the run fails. */
    void fill(LoadResult result, Verdict verdict) {
        if (count() > 0) {
            result.p50Micros = micros(50);
            result.p99Micros = micros(99);
            result.p999Micros = micros(99.9);
        }
        verdict.require(count() > 0, "no message sent in the measurement window arrived");
    }

    double micros(double percentile) {
        return this.histogram.getValueAtPercentile(percentile) / 1000.0;
    }

}
