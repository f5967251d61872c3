package io.mqttspring.bench.load;

import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.ScheduledFuture;

/**
 * Publishes at a fixed rate from a timer, whatever the broker does (open loop), within the in-flight limit.
 *
 * <p>Coordinated omission: message {@code n} carries its intended send time {@code start + n / rate}, not the time
 * it was written, so a broker that stalls the publisher (full in-flight window, late timer) is charged for the
 * whole delay of every message that should have gone out meanwhile.
 */
final class PacedPublisher extends PublisherConnection {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final PublishTemplate template;
    private final int publisher;
    private final long rate;
    private long startNanos;
    private ScheduledFuture<?> ticker;

    PacedPublisher(String clientId, String topic, int qos, int payloadSize, int maxInflight, long rate,
            FailureLog failures) {
        this(clientId, 0, topic, qos, payloadSize, maxInflight, rate, failures);
    }

    PacedPublisher(String clientId, int publisher, String topic, int qos, int payloadSize, int maxInflight,
            long rate, FailureLog failures) {
        super(clientId, null, qos, maxInflight, failures);
        this.template = new PublishTemplate(topic, qos, payloadSize);
        this.publisher = publisher;
        this.rate = rate;
    }

    /**
     * Begin the schedule at {@code startNanos}, now or later; called once by the main thread. The timer ticks once
     * per message, so thousands of slow publishers (a fleet of devices) cost as many wake-ups as they send.
     */
    void start(long startNanos) {
        long tick = Math.max(1, NANOS_PER_SECOND / this.rate);
        execute(() -> {
            this.startNanos = startNanos;
            long delay = Math.max(0, startNanos - System.nanoTime());
            this.ticker = this.ctx.executor().scheduleAtFixedRate(this::pump, delay, tick, TimeUnit.NANOSECONDS);
        });
    }

    @Override
    protected void pump() {
        if (this.ticker == null || isStopped()) {
            return;
        }
        long elapsed = System.nanoTime() - this.startNanos;
        long due = elapsed < 0 ? 0 : elapsed * this.rate / NANOS_PER_SECOND + 1;
        while (sent() < due && canSend()) {
            long sequence = sent();
            append(this.template, this.publisher, sequence,
                    this.startNanos + sequence * NANOS_PER_SECOND / this.rate);
        }
        endBurst();
    }

    @Override
    protected void onStop() {
        if (this.ticker != null) {
            this.ticker.cancel(false);
        }
    }

    @Override
    protected void onClosed() {
        onStop();
        super.onClosed();
    }

}
