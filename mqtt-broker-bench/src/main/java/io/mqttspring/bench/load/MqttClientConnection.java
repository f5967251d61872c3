package io.mqttspring.bench.load;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;

import static io.mqttspring.bench.load.Mqtt311Frames.CONNACK;
import static io.mqttspring.bench.load.Mqtt311Frames.PINGRESP;
import static io.mqttspring.bench.load.Mqtt311Frames.PUBACK;
import static io.mqttspring.bench.load.Mqtt311Frames.PUBCOMP;
import static io.mqttspring.bench.load.Mqtt311Frames.PUBLISH;
import static io.mqttspring.bench.load.Mqtt311Frames.PUBREC;
import static io.mqttspring.bench.load.Mqtt311Frames.PUBREL;
import static io.mqttspring.bench.load.Mqtt311Frames.SUBACK;

/**
 * One MQTT 3.1.1 client connection: CONNECT with a clean session, an optional SUBSCRIBE, keep-alive, the receiver's
 * side of the QoS 1 and 2 handshakes, and DISCONNECT at the end. Packets are read in place from the cumulation
 * buffer; acknowledgements gathered during a read batch go out in one write and one flush at the end of the batch.
 * Subclasses publish or receive.
 *
 * <p>Event-loop confined; other threads only call {@link #disconnect()} and wait on {@link #ready()} and
 * {@link #closed()}.
 */
abstract class MqttClientConnection extends ByteToMessageDecoder implements FrameSink {

    static final int KEEP_ALIVE_SECONDS = 60;
    private static final long HANDSHAKE_TIMEOUT_SECONDS = 30;
    private static final long CLOSE_GRACE_SECONDS = 2;

    protected final String clientId;
    protected final FailureLog failures;
    private final String topicFilter;
    private String[] moreFilters = new String[0];
    private final int subscribeQos;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    protected ChannelHandlerContext ctx;
    private volatile Channel channel;
    private ByteBuf acks;
    private boolean flushPending;
    private boolean closing;
    private ScheduledFuture<?> keepAlive;
    private ScheduledFuture<?> handshakeTimeout;
    private ClientCredentials credentials = ClientCredentials.NONE;
    private boolean cleanSession = true;

    /**
     * @param topicFilter the filter to subscribe to once connected, or {@code null} for none
     * @param subscribeQos the QoS requested for it
     */
    MqttClientConnection(String clientId, String topicFilter, int subscribeQos, FailureLog failures) {
        this.clientId = clientId;
        this.topicFilter = topicFilter;
        this.subscribeQos = subscribeQos;
        this.failures = failures;
    }

    /** Subscribe to these filters too, in the same SUBSCRIBE; before the connection opens. */
    final void subscribeAlso(List<String> filters) {
        this.moreFilters = filters.toArray(String[]::new);
    }

    /** Completes once CONNACK (and SUBACK, if subscribing) accepted the client; fails otherwise. */
    final CompletableFuture<Void> ready() {
        return this.ready;
    }

    /** Completes when the channel is closed, for whatever reason. */
    final CompletableFuture<Void> closed() {
        return this.closed;
    }

    /** Run {@code task} on this connection's event loop; {@code false} if it never got a channel. */
    final boolean execute(Runnable task) {
        Channel ch = this.channel;
        if (ch == null) {
            return false;
        }
        ch.eventLoop().execute(task);
        return true;
    }

    final void attach(Channel channel) {
        this.channel = channel;
    }

    /** Keep the session when the connection ends (Clean Session 0); before the connection opens. */
    final void persistentSession() {
        this.cleanSession = false;
    }

    /** Set the credentials CONNECT carries; before the connection opens. */
    final void useCredentials(ClientCredentials credentials) {
        this.credentials = credentials;
    }

    final void connectFailed(Throwable cause) {
        this.failures.add(this.clientId + ": cannot connect: " + cause);
        this.ready.completeExceptionally(cause);
        this.closed.complete(null);
    }

    /** Send DISCONNECT and let the broker close, so the TIME_WAIT stays on its side; close ourselves if it does not. */
    final CompletableFuture<Void> disconnect() {
        if (!this.closed.isDone() && !execute(this::disconnectNow)) {
            this.closed.complete(null); // never opened
        }
        return this.closed;
    }

    protected final void disconnectNow() {
        if (this.closing) {
            return;
        }
        this.closing = true;
        onClosing();
        if (this.ctx == null || !this.ctx.channel().isActive()) {
            this.channel.close(); // still connecting: nothing to say goodbye to
            return;
        }
        ByteBuf out = this.ctx.alloc().buffer(2);
        Mqtt311Frames.writeDisconnect(out);
        this.ctx.writeAndFlush(out, this.ctx.voidPromise());
        this.ctx.executor().schedule(() -> {
            this.ctx.close();
        }, CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ByteBuf out = ctx.alloc().buffer(64);
        Mqtt311Frames.writeConnect(out, this.clientId, KEEP_ALIVE_SECONDS, this.credentials, this.cleanSession);
        ctx.writeAndFlush(out, ctx.voidPromise());
        this.handshakeTimeout = ctx.executor().schedule(
                () -> fail("no CONNACK or SUBACK within " + HANDSHAKE_TIMEOUT_SECONDS + " s"),
                HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        FrameParser.parse(in, this);
    }

    @Override
    public final void onFrame(int header, ByteBuf buf, int index, int length) {
        switch (header >>> 4) {
            case CONNACK -> onConnAck(buf.getUnsignedByte(index + 1));
            case SUBACK -> onSubAck(buf, index + 2, length - 2);
            case PUBLISH -> onPublishFrame(header, buf, index, length);
            case PUBACK -> onPubAck(buf.getUnsignedShort(index));
            case PUBREC -> onPubRec(buf.getUnsignedShort(index));
            case PUBREL -> ack(PUBCOMP, buf.getUnsignedShort(index));
            case PUBCOMP -> onPubComp(buf.getUnsignedShort(index));
            case PINGRESP -> {
            }
            default -> fail("unexpected packet type " + (header >>> 4));
        }
    }

    private void onConnAck(int returnCode) {
        if (returnCode != 0) {
            fail("CONNACK return code " + returnCode);
        }
        else if (this.topicFilter == null) {
            becomeReady();
        }
        else {
            String[] filters = new String[1 + this.moreFilters.length];
            filters[0] = this.topicFilter;
            System.arraycopy(this.moreFilters, 0, filters, 1, this.moreFilters.length);
            ByteBuf out = this.ctx.alloc().buffer(16 + 32 * filters.length);
            Mqtt311Frames.writeSubscribe(out, 1, filters, this.subscribeQos);
            this.ctx.writeAndFlush(out, this.ctx.voidPromise());
        }
    }

    private void onSubAck(ByteBuf buf, int codes, int count) {
        for (int i = 0; i < count; i++) {
            String filter = (i == 0) ? this.topicFilter : this.moreFilters[i - 1];
            int grantedQos = buf.getUnsignedByte(codes + i);
            if (grantedQos == 0x80) {
                fail("SUBACK refused " + filter);
                return;
            }
            if (grantedQos != this.subscribeQos) {
                // a lower grant would make every delivery look wrong; say why once instead
                fail("SUBACK granted QoS " + grantedQos + " for " + filter + ", asked " + this.subscribeQos);
                return;
            }
        }
        becomeReady();
    }

    private void becomeReady() {
        this.handshakeTimeout.cancel(false);
        long period = KEEP_ALIVE_SECONDS / 2;
        this.keepAlive = this.ctx.executor().scheduleAtFixedRate(this::ping, period, period, TimeUnit.SECONDS);
        onReady();
        this.ready.complete(null);
    }

    private void onPublishFrame(int header, ByteBuf buf, int index, int length) {
        int qos = (header >>> 1) & 3;
        int topicLength = buf.getUnsignedShort(index);
        int pos = index + 2 + topicLength;
        int packetId = 0;
        if (qos > 0) {
            packetId = buf.getUnsignedShort(pos);
            pos += 2;
        }
        int payloadLength = index + length - pos;
        if (qos == 3 || payloadLength < 0) {
            fail("malformed PUBLISH");
            return;
        }
        onPublish(qos, buf, index + 2, topicLength, pos, payloadLength);
        if (qos == 1) {
            ack(PUBACK, packetId);
        }
        else if (qos == 2) {
            ack(PUBREC, packetId);
        }
    }

    /** Queue an acknowledgement for the write at the end of this read batch. */
    protected final void ack(int type, int packetId) {
        if (this.acks == null) {
            this.acks = this.ctx.alloc().directBuffer(256);
        }
        Mqtt311Frames.writeAck(this.acks, type, packetId);
    }

    /** Write without flushing; the flush follows at the end of the read batch or in {@link #flushNow()}. */
    protected final void send(ByteBuf buf) {
        this.ctx.write(buf, this.ctx.voidPromise());
        this.flushPending = true;
    }

    protected final void flushNow() {
        if (this.flushPending) {
            this.flushPending = false;
            this.ctx.flush();
        }
    }

    @Override
    public final void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (this.acks != null) {
            send(this.acks);
            this.acks = null;
        }
        onReadComplete();
        flushNow();
        super.channelReadComplete(ctx);
    }

    @Override
    public final void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            onWritable();
        }
        super.channelWritabilityChanged(ctx);
    }

    private void ping() {
        ByteBuf out = this.ctx.alloc().buffer(2);
        Mqtt311Frames.writePingReq(out);
        this.ctx.writeAndFlush(out, this.ctx.voidPromise());
    }

    /** Record a problem and close; the run will report it as a failure. */
    protected final void fail(String problem) {
        if (this.closing) {
            return;
        }
        this.closing = true;
        this.failures.add(this.clientId + ": " + problem);
        this.ready.completeExceptionally(new IllegalStateException(problem));
        this.ctx.close();
    }

    @Override
    public final void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!this.closing) {
            this.closing = true;
            this.failures.add(this.clientId + ": connection closed by the broker");
            this.ready.completeExceptionally(new IllegalStateException("connection closed"));
        }
        if (this.handshakeTimeout != null) {
            this.handshakeTimeout.cancel(false);
        }
        if (this.keepAlive != null) {
            this.keepAlive.cancel(false);
        }
        if (this.acks != null) {
            this.acks.release();
            this.acks = null;
        }
        try {
            super.channelInactive(ctx);
        }
        finally {
            onClosed();
            this.closed.complete(null);
        }
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // fail() ignores what happens after our DISCONNECT, such as a reset from a broker closing its way
        fail(String.valueOf(cause));
    }

    /** Called once connected and subscribed, on the event loop, before {@link #ready()} completes. */
    protected void onReady() {
    }

    /** Called for each PUBLISH received; the bytes are valid only during the call. */
    protected void onPublish(int qos, ByteBuf buf, int topicIndex, int topicLength, int payloadIndex,
            int payloadLength) {
        fail("unexpected PUBLISH");
    }

    protected void onPubAck(int packetId) {
        fail("unexpected PUBACK " + packetId);
    }

    protected void onPubRec(int packetId) {
        fail("unexpected PUBREC " + packetId);
    }

    protected void onPubComp(int packetId) {
        fail("unexpected PUBCOMP " + packetId);
    }

    /** Called at the end of each read batch, after the batch's acknowledgements were written. */
    protected void onReadComplete() {
    }

    /** Called when the channel became writable again. */
    protected void onWritable() {
    }

    /** Called once when this client starts to disconnect on purpose. */
    protected void onClosing() {
    }

    /** Called once on the event loop when the channel has closed. */
    protected void onClosed() {
    }

}
