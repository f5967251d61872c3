package io.mqttspring.bench.load;

import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;

import static io.mqttspring.bench.load.Mqtt311Frames.PUBREL;

/**
 * A connection that publishes: packet identifiers, the count of QoS 1 and 2 publishes awaiting their final
 * acknowledgement (at most {@code maxInflight}), and PUBLISH packets copied from templates into pooled buffers of
 * {@value #CHUNK_BYTES} bytes, written as bursts with one flush each. Subclasses decide what to send in
 * {@link #pump()}, which runs whenever acknowledgements or writability may have made room.
 *
 * <p>Event-loop confined, except the in-flight count the main thread polls.
 */
abstract class PublisherConnection extends MqttClientConnection {

    private static final int CHUNK_BYTES = 16 * 1024;
    private static final byte FREE = 0;
    private static final byte AWAITING_ACK = 1;
    private static final byte AWAITING_PUBCOMP = 2;

    protected final int qos;
    private final int maxInflight;
    // packet identifiers in flight, indexed by identifier modulo a power of two above maxInflight: small enough
    // for thousands of short-lived clients, and a free slot always exists
    private final int[] slotPacketId;
    private final byte[] slotState;
    private int nextPacketId = 1;
    private int inflight;
    private long sent;
    private boolean stopped;
    private ByteBuf chunk;
    private volatile int inflightView;
    private volatile long sentView;

    PublisherConnection(String clientId, String topicFilter, int qos, int maxInflight, FailureLog failures) {
        super(clientId, topicFilter, qos, failures);
        this.qos = qos;
        this.maxInflight = maxInflight;
        int slots = qos == 0 ? 1 : Integer.highestOneBit(maxInflight) << 1;
        this.slotPacketId = new int[slots];
        this.slotState = new byte[slots];
    }

    /** Send what is due now; called on the event loop. */
    protected abstract void pump();

    /** Whether another PUBLISH may go out now. */
    protected final boolean canSend() {
        return !this.stopped && this.ctx.channel().isWritable() && (this.qos == 0 || this.inflight < this.maxInflight);
    }

    protected final long sent() {
        return this.sent;
    }

    protected final int inflight() {
        return this.inflight;
    }

    protected final boolean isStopped() {
        return this.stopped;
    }

    /** QoS 1 and 2 publishes not yet completed, as of the last burst or read batch; for other threads. */
    final int inflightSoFar() {
        return this.inflightView;
    }

    /** Publishes written, as of the last burst or read batch; for other threads. */
    final long sentSoFar() {
        return this.sentView;
    }

    /** Stop publishing; completes on the event loop with the final count of publishes written. */
    final CompletableFuture<Long> stop() {
        CompletableFuture<Long> done = new CompletableFuture<>();
        boolean scheduled = execute(() -> {
            this.stopped = true;
            onStop();
            endBurst();
            done.complete(this.sent);
        });
        if (!scheduled) {
            done.complete(0L);
        }
        return done;
    }

    /** Append one PUBLISH to the current burst; {@link #endBurst()} writes and flushes it. */
    protected final void append(PublishTemplate template, int publisher, long sequence, long sentAtNanos) {
        int length = template.frameLength();
        if (this.chunk != null && this.chunk.writableBytes() < length) {
            send(this.chunk);
            this.chunk = null;
        }
        if (this.chunk == null) {
            this.chunk = this.ctx.alloc().directBuffer(Math.max(CHUNK_BYTES, length));
        }
        template.write(this.chunk, nextPacketId(), publisher, sequence, sentAtNanos);
        this.sent++;
    }

    protected final void endBurst() {
        if (this.chunk != null) {
            send(this.chunk);
            this.chunk = null;
        }
        flushNow();
        publishInflight();
    }

    private int nextPacketId() {
        if (this.qos == 0) {
            return 0;
        }
        // inflight < maxInflight < slots, so a free slot exists within one round of the slots
        while (this.slotState[slot(this.nextPacketId)] != FREE) {
            advancePacketId();
        }
        int id = this.nextPacketId;
        this.slotPacketId[slot(id)] = id;
        this.slotState[slot(id)] = AWAITING_ACK;
        this.inflight++;
        advancePacketId();
        return id;
    }

    private int slot(int packetId) {
        return packetId & (this.slotState.length - 1);
    }

    /** The state of {@code packetId}: {@link #FREE} unless it is in flight. */
    private byte state(int packetId) {
        int slot = slot(packetId);
        return this.slotPacketId[slot] == packetId ? this.slotState[slot] : FREE;
    }

    private void advancePacketId() {
        this.nextPacketId = this.nextPacketId == 65_535 ? 1 : this.nextPacketId + 1;
    }

    @Override
    protected void onPubAck(int packetId) {
        if (this.qos != 1 || state(packetId) != AWAITING_ACK) {
            fail("PUBACK for packet " + packetId + " that was not awaiting one");
            return;
        }
        complete(packetId);
    }

    @Override
    protected void onPubRec(int packetId) {
        if (this.qos != 2 || state(packetId) == FREE) {
            fail("PUBREC for packet " + packetId + " that was not in flight");
            return;
        }
        // a repeated PUBREC gets its PUBREL again [MQTT-4.3.3-1]
        this.slotState[slot(packetId)] = AWAITING_PUBCOMP;
        ack(PUBREL, packetId);
    }

    @Override
    protected void onPubComp(int packetId) {
        if (this.qos != 2 || state(packetId) != AWAITING_PUBCOMP) {
            fail("PUBCOMP for packet " + packetId + " that was not awaiting one");
            return;
        }
        complete(packetId);
    }

    private void complete(int packetId) {
        this.slotState[slot(packetId)] = FREE;
        this.inflight--;
    }

    @Override
    protected void onReadComplete() {
        pump();
        publishInflight();
    }

    @Override
    protected void onWritable() {
        pump();
    }

    /** Called on the event loop when {@link #stop()} takes effect. */
    protected void onStop() {
    }

    @Override
    protected void onClosed() {
        if (this.chunk != null) {
            this.chunk.release();
            this.chunk = null;
        }
        publishInflight();
    }

    private void publishInflight() {
        this.inflightView = this.inflight;
        this.sentView = this.sent;
    }

}
