package io.mqttspring.bench.load;

import java.util.concurrent.TimeUnit;

/**
 * Publishes as fast as the broker delivers: never more than {@code window} messages ahead of the slowest subscriber
 * of its topic, nor more than the in-flight limit unacknowledged, so a broker cannot look fast by queueing.
 */
final class ClosedLoopPublisher extends PublisherConnection {

    /**
     * How long a QoS 0 publisher waits without any delivery before writing its window off: a broker may drop QoS 0
     * messages, and no acknowledgement would ever return that credit.
     */
    static final long QOS0_STALL_MILLIS = 200;

    /** Bytes written per pump before yielding to the other channels of the event loop. */
    private static final int BURST_BYTES = 64 * 1024;

    private final int index;
    private final PublishTemplate[] templates;
    private final WindowGate gate;
    private final long window;
    private final Runnable pumpTask = this::pump;
    private boolean running;
    private boolean parked;
    private boolean stallWatch;
    private long writtenOff;
    private long stalls;

    ClosedLoopPublisher(String clientId, int index, String topic, int qos, int payloadSize, int maxInflight,
            WindowGate gate, long window, FailureLog failures) {
        this(clientId, index, new PublishTemplate[] { new PublishTemplate(topic, qos, payloadSize) }, qos, maxInflight,
                gate, window, failures);
    }

    /** A publisher that goes round its topics, one message to each in turn: many distinct topic names. */
    ClosedLoopPublisher(String clientId, int index, PublishTemplate[] templates, int qos, int maxInflight,
            WindowGate gate, long window, FailureLog failures) {
        super(clientId, null, qos, maxInflight, failures);
        this.index = index;
        this.templates = templates;
        this.gate = gate;
        this.window = window;
    }

    @Override
    protected void onReady() {
        this.gate.bind(this.ctx.executor(), this.pumpTask);
    }

    /** Begin publishing; called once by the main thread after every client is ready. */
    void start() {
        execute(() -> {
            this.running = true;
            pump();
        });
    }

    /** How often a QoS 0 window was written off; read after the run. */
    long stalls() {
        return this.stalls;
    }

    @Override
    protected void pump() {
        this.parked = false;
        if (!this.running || isStopped()) {
            return;
        }
        long limit = Math.max(this.gate.slowest(), this.writtenOff) + this.window;
        // one clock read per burst: these scenarios report throughput, not latency
        long now = System.nanoTime();
        int budget = BURST_BYTES;
        while (sent() < limit && budget > 0 && canSend()) {
            PublishTemplate template = this.templates[(int) (sent() % this.templates.length)];
            append(template, this.index, sent(), now);
            budget -= template.frameLength();
        }
        endBurst();
        if (!canSend()) {
            return; // an acknowledgement or writability will pump again
        }
        if (sent() < limit) {
            this.ctx.executor().execute(this.pumpTask); // burst budget spent: let other channels read first
        }
        else if (!this.gate.park(sent() - this.window + 1)) {
            this.ctx.executor().execute(this.pumpTask);
        }
        else {
            this.parked = true;
            if (this.qos == 0 && !this.stallWatch) {
                watchForStall();
            }
        }
    }

    /** One timer at a time checks that a parked QoS 0 publisher still sees deliveries. */
    private void watchForStall() {
        this.stallWatch = true;
        long sentWhenArmed = sent();
        long progressWhenArmed = this.gate.slowest();
        this.ctx.executor().schedule(() -> {
            this.stallWatch = false;
            if (!this.parked || isStopped()) {
                return;
            }
            if (sent() == sentWhenArmed && this.gate.slowest() == progressWhenArmed) {
                this.stalls++;
                this.writtenOff = sent();
                this.gate.unpark();
                pump();
            }
            else {
                watchForStall();
            }
        }, QOS0_STALL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void onStop() {
        this.gate.unpark();
    }

}
