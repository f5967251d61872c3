package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * A short-lived client of the soak: subscribes to its own topic, publishes a few messages to it, and leaves with
 * DISCONNECT once it has received them all and its publishes are acknowledged, or when its time is up.
 */
final class SoakClient extends PublisherConnection {

    private final int index;
    private final int messages;
    private final long patienceSeconds;
    private final PublishTemplate template;
    private final DeliveryLedger ledger;
    private ScheduledFuture<?> deadline;
    private boolean running;
    private boolean timedOut;

    SoakClient(String clientId, int index, String topic, int qos, int payloadSize, int maxInflight, int messages,
            long patienceSeconds, FailureLog failures) {
        super(clientId, topic, qos, maxInflight, failures);
        this.index = index;
        this.messages = messages;
        this.patienceSeconds = patienceSeconds;
        this.template = new PublishTemplate(topic, qos, payloadSize);
        byte[][] topics = { topic.getBytes(StandardCharsets.UTF_8) };
        this.ledger = new DeliveryLedger(index, topics, qos, payloadSize, null);
    }

    /** What this client received; read on its event loop once {@link #closed()} completed. */
    DeliveryLedger ledger() {
        return this.ledger;
    }

    /** Publishes written; read on its event loop once {@link #closed()} completed. */
    long published() {
        return sent();
    }

    /** Whether it left because its time was up rather than because everything arrived. */
    boolean timedOut() {
        return this.timedOut;
    }

    @Override
    protected void onReady() {
        this.running = true;
        this.deadline = this.ctx.executor().schedule(() -> {
            this.timedOut = true;
            disconnectNow();
        }, this.patienceSeconds, TimeUnit.SECONDS);
        pump();
    }

    @Override
    protected void pump() {
        if (!this.running || isStopped()) {
            return;
        }
        long now = System.nanoTime();
        while (sent() < this.messages && canSend()) {
            append(this.template, this.index, sent(), now);
        }
        endBurst();
    }

    @Override
    protected void onPublish(int qos, ByteBuf buf, int topicIndex, int topicLength, int payloadIndex,
            int payloadLength) {
        this.ledger.onPublish(qos, buf, topicIndex, topicLength, payloadIndex, payloadLength);
    }

    @Override
    protected void onReadComplete() {
        super.onReadComplete();
        if (this.running && this.ledger.delivered() == this.messages && sent() == this.messages && inflight() == 0) {
            disconnectNow();
        }
    }

    @Override
    protected void onClosing() {
        this.running = false;
        if (this.deadline != null) {
            this.deadline.cancel(false);
        }
    }

    @Override
    protected void onClosed() {
        onClosing();
        super.onClosed();
    }

}
