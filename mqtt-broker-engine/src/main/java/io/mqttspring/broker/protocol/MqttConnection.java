package io.mqttspring.broker.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;

import io.mqttspring.broker.codec.ControlPacketWriter;
import io.mqttspring.broker.codec.DecodeFailure;
import io.mqttspring.broker.codec.InboundPublish;
import io.mqttspring.broker.codec.MessagePropertiesCodec;
import io.mqttspring.broker.codec.OutboundProperties;
import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.flow.PublisherThrottle;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.metrics.LimitReason;
import io.mqttspring.broker.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's state machine, fed by {@link MqttConnectionHandler}: awaiting CONNECT, authenticating
 * ({@link ConnectHandshake}), attaching the session, connected (packets go to the {@link ConnectedClient}), closed.
 * Packets pipelined behind CONNECT wait for CONNACK; the connect timeout and keep-alive run on the broker clock;
 * every close from the broker's side goes through the broker's {@link Disconnector}. The connection is not read while
 * its publisher is held back or while the client does not read what it is sent ({@link ReadGate}); packets already
 * read wait meanwhile, and a client that stays unwritable for the unwritable timeout is disconnected. Event-loop
 * confined: every method runs on the channel's event loop, except {@link #throttleChanged()}.
 */
final class MqttConnection {

    private static final Logger logger = LoggerFactory.getLogger(MqttConnection.class);

    private enum State {
        AWAITING_CONNECT, AUTHENTICATING, CONNECTING, CONNECTED, CLOSED
    }

    private final MqttConnections broker;

    private final ChannelHandlerContext ctx;

    private final OutputShutdown outputShutdown;

    private final ConnectionOutput output;

    // dropped once connected, unless enhanced authentication keeps it for re-authentication
    private @Nullable ConnectHandshake handshake;

    private final DeferredPackets deferred = new DeferredPackets();

    private final ReadGate gate;

    // created on the first QoS 1 or 2 PUBLISH: only publishers are ever held back
    private @Nullable PublisherThrottle throttle;

    private final @Nullable PublishRate publishRate;

    private long throttledSinceNanos;

    private @Nullable Future<?> unwritableTimeout;

    private boolean resuming;

    private State state = State.AWAITING_CONNECT;

    // the protocol level of the client's CONNECT, -1 until one is read
    private int connectLevel = -1;

    private @Nullable ConnectedClient client;

    private boolean connackSent;

    private long clientMaximumPacketSize = Limits.PROTOCOL_MAX_PACKET_SIZE;

    private @Nullable ReasonCode closeReason;

    private @Nullable Future<?> connectTimeout;

    private @Nullable Future<?> credentialsExpiry;

    private KeepAliveSweeper.@Nullable Watch keepAlive;

    private boolean ended;

    /** Told when the handshake ends, while a broker listener traces handshakes; {@code null} otherwise. */
    private BrokerListener.@Nullable HandshakeEnd handshakeEnd;

    /**
     * Create a new instance.
     * @param broker what the connections of the broker share
     * @param ctx the context of the connection's handler
     * @param outputShutdown how the transport stops sending while it still reads
     * @param countTraffic whether the connection counts the bytes it writes (no handler in the pipeline does)
     */
    MqttConnection(MqttConnections broker, ChannelHandlerContext ctx, OutputShutdown outputShutdown,
            boolean countTraffic) {
        this.broker = broker;
        this.ctx = ctx;
        this.outputShutdown = outputShutdown;
        this.output = new ConnectionOutput(ctx, broker.context().config().limits().writeBufferHighWaterMark(),
                countTraffic ? broker.bytesSent() : null);
        this.gate = new ReadGate(ctx.channel());
        this.handshake = broker.newHandshake(ctx.executor());
        this.publishRate = PublishRate.of(broker.context().config().quotas(), broker.context().clock().nanoTime());
    }

    // ---- channel events -------------------------------------------------------------------------------------

    void opened() {
        this.handshakeEnd = this.broker.context().listener().connectionOpened(this.ctx.channel().remoteAddress());
        Duration timeout = this.broker.context().config().connectTimeout();
        // runs until CONNACK: a client that stalls in authentication is closed too
        this.connectTimeout = this.broker.context().clock().schedule(this.ctx.executor(), () -> {
            if (this.state != State.CONNECTED) {
                disconnect(ReasonCode.MAXIMUM_CONNECT_TIME, "not connected within " + timeout.toMillis() + " ms");
            }
        }, timeout);
    }

    /**
     * Take a packet the decoder produced; ownership moves here.
     * @param packet an {@link InboundPublish}, another {@link MqttMessage} or a {@link DecodeFailure}
     */
    void read(Object packet) {
        if (this.keepAlive != null) {
            this.keepAlive.packetRead();
        }
        if (this.ended) {
            // read and discarded while the broker's last packet goes out
            ReferenceCountUtil.release(packet);
            return;
        }
        if (this.state == State.CONNECTING || this.gate.holdsPackets() || !this.deferred.isEmpty()) {
            // packets pipelined behind CONNECT, and a failure to decode one, wait until the session is attached;
            // packets read in the batch that paused the publisher wait until it resumes
            this.deferred.add(packet);
            return;
        }
        try {
            handle(packet);
        }
        finally {
            ReferenceCountUtil.release(packet);
        }
    }

    // past its rate cap a client rests: nothing more is read from it until its tokens are back
    private void pace(int payloadBytes) {
        long wait = this.publishRate.acquire(payloadBytes, this.broker.context().clock().nanoTime());
        if (wait <= 0 || this.gate.isClosed(ReadGate.RATE_LIMITED)) {
            return;
        }
        this.gate.close(ReadGate.RATE_LIMITED);
        this.broker.context().counters().limitHit(LimitReason.PUBLISH_RATE);
        this.broker.context().clock().schedule(this.ctx.executor(), () -> {
            if (this.ended) {
                return;
            }
            this.gate.open(ReadGate.RATE_LIMITED);
            resumeHeldPackets();
            this.output.flush();
        }, Duration.ofNanos(wait));
    }

    void readComplete() {
        if (this.keepAlive != null) {
            this.keepAlive.readComplete();
        }
        this.output.flush();
    }

    void writabilityChanged() {
        if (this.state != State.CONNECTED) {
            return;
        }
        if (!this.ctx.channel().isWritable()) {
            // a client that does not read must not grow the broker's memory with answers it does not take
            this.gate.close(ReadGate.UNWRITABLE);
            if (this.unwritableTimeout == null) {
                Duration timeout = this.broker.context().config().flowControl().unwritableTimeout();
                this.unwritableTimeout = this.broker.context().clock().schedule(this.ctx.executor(), () -> {
                    this.unwritableTimeout = null;
                    if (!this.ctx.channel().isWritable()) {
                        disconnect(ReasonCode.QUOTA_EXCEEDED, "not reading for " + timeout.toSeconds() + " s");
                    }
                }, timeout);
            }
            return;
        }
        cancelUnwritableTimeout();
        this.gate.open(ReadGate.UNWRITABLE);
        Session attached = this.client.session();
        if (attached != null) {
            attached.drain();
        }
        resumeHeldPackets();
        this.output.scheduleFlush();
    }

    // ---- flow control ---------------------------------------------------------------------------------------

    /**
     * Return the throttle the broker holds this client back with when it publishes faster than its subscribers
     * read, created on first use.
     */
    PublisherThrottle throttle() {
        PublisherThrottle current = this.throttle;
        if (current == null) {
            current = new PublisherThrottle(this.client.clientInfo().clientId(), this::throttleChanged);
            this.throttle = current;
        }
        return current;
    }

    /**
     * The throttle was paused or released, on any thread: follow it on the event loop.
     */
    private void throttleChanged() {
        EventExecutor loop = this.ctx.executor();
        PublisherThrottle current = this.throttle;
        if (loop.inEventLoop() && current != null && current.isPaused()) {
            // at once: the rest of the batch being read must wait
            applyThrottle();
        }
        else {
            // a release resumes in a task of its own, never inside the routing of the packet that was paused
            loop.execute(this::applyThrottle);
        }
    }

    private void applyThrottle() {
        PublisherThrottle current = this.throttle;
        if (this.ended || current == null) {
            return;
        }
        boolean paused = current.isPaused();
        if (paused == this.gate.isClosed(ReadGate.THROTTLED)) {
            return;
        }
        if (paused) {
            this.gate.close(ReadGate.THROTTLED);
            this.throttledSinceNanos = this.broker.context().clock().nanoTime();
            this.broker.context().counters().connectionThrottled(current);
        }
        else {
            this.gate.open(ReadGate.THROTTLED);
            countResumed();
            resumeHeldPackets();
            this.output.flush();
        }
    }

    private void countResumed() {
        this.broker.context().counters().connectionResumed(this.throttle,
                this.broker.context().clock().nanoTime() - this.throttledSinceNanos);
    }

    private void resumeHeldPackets() {
        if (this.resuming) {
            // called again from a packet being processed (a flush made the channel writable): the outer pass goes on
            return;
        }
        this.resuming = true;
        try {
            this.deferred.process(() -> this.state == State.CONNECTED && !this.gate.holdsPackets(), this::handle);
        }
        catch (RuntimeException ex) {
            // as a failure while reading would: this may run in a task, where nothing else would close the connection
            failed(ex);
        }
        finally {
            this.resuming = false;
        }
    }

    private void cancelUnwritableTimeout() {
        if (this.unwritableTimeout != null) {
            this.unwritableTimeout.cancel(false);
            this.unwritableTimeout = null;
        }
    }

    void failed(Throwable cause) {
        if (cause instanceof IOException) {
            logger.debug("Connection of {} failed: {}", describe(), cause.toString());
            this.broker.disconnector().lost(this);
            return;
        }
        logger.warn("Unexpected failure on connection of {}", describe(), cause);
        disconnect(ReasonCode.UNSPECIFIED_ERROR, "internal error");
    }

    void closed() {
        this.state = State.CLOSED;
        end();
        this.broker.disconnector().closed();
    }

    /**
     * End the MQTT connection: stop its timers, drop what the client pipelined, hand the session back (which
     * publishes or schedules the will) and tell the broker listener. Runs once: when the broker decides to close,
     * while its last packet is on the way, or when the channel closes.
     */
    void end() {
        if (this.ended) {
            return;
        }
        this.ended = true;
        this.state = State.CLOSED;
        endHandshake((this.closeReason != null) ? this.closeReason : ReasonCode.UNSPECIFIED_ERROR);
        cancelConnectTimeout();
        cancelUnwritableTimeout();
        if (this.credentialsExpiry != null) {
            this.credentialsExpiry.cancel(false);
            this.credentialsExpiry = null;
        }
        this.gate.release();
        if (this.gate.isClosed(ReadGate.THROTTLED)) {
            countResumed();
        }
        this.deferred.release();
        if (this.keepAlive != null) {
            this.keepAlive.cancel();
            this.keepAlive = null;
        }
        if (this.client != null) {
            this.client.detach();
        }
        this.broker.disconnector().ended(this);
    }

    /**
     * Close the connection because the broker stops: MQTT 5 clients get DISCONNECT 0x8B. The will is published, as
     * for any connection that ends without the client's DISCONNECT (3.1.1 [MQTT-3.1.2-8]).
     */
    void shutdown() {
        if (this.state == State.CLOSED) {
            // already ending, waiting for the client to close: the broker does not wait out the grace period
            this.ctx.close();
            return;
        }
        disconnect(ReasonCode.SERVER_SHUTTING_DOWN, "server shutting down");
    }

    void keepAliveExpired() {
        if (this.gate.isClosed(ReadGate.THROTTLED | ReadGate.RATE_LIMITED)) {
            // the broker holds the publisher back and does not read: its PINGREQs wait in the socket. A client that
            // does not read (unwritable) gets no such grace: it is as silent as the spec means
            this.keepAlive.packetRead();
            return;
        }
        disconnect(ReasonCode.KEEP_ALIVE_TIMEOUT, "keep alive timeout");
    }

    // ---- dispatch -------------------------------------------------------------------------------------------

    private void handle(Object packet) {
        if (this.state == State.CLOSED) {
            return;
        }
        if (packet instanceof DecodeFailure failure) {
            if (this.connectLevel < 0) {
                this.connectLevel = failure.connectLevel();
            }
            disconnect(failure.reasonCode(), failure.detail());
            return;
        }
        MqttMessageType type = (packet instanceof InboundPublish) ? MqttMessageType.PUBLISH
                : ((MqttMessage) packet).fixedHeader().messageType();
        if (this.state == State.AWAITING_CONNECT) {
            if (type == MqttMessageType.CONNECT) {
                onConnect((MqttConnectMessage) packet);
            }
            else {
                // [MQTT-3.1.0-1] the first packet must be CONNECT
                disconnect(ReasonCode.PROTOCOL_ERROR, "first packet was " + type);
            }
            return;
        }
        if (this.state == State.AUTHENTICATING) {
            if (type == MqttMessageType.AUTH) {
                onAuth((MqttMessage) packet);
            }
            else if (type == MqttMessageType.DISCONNECT) {
                closeAtClientsRequest(ReasonCode.NORMAL_DISCONNECTION);
            }
            else {
                // [MQTT-3.1.2-30] only AUTH and DISCONNECT before the exchange ends
                disconnect(ReasonCode.PROTOCOL_ERROR, type + " during authentication");
            }
            return;
        }
        if (type == MqttMessageType.AUTH) {
            onAuth((MqttMessage) packet);
        }
        else if (type == MqttMessageType.CONNECT) {
            // [MQTT-3.1.0-2] a second CONNECT is a protocol error
            disconnect(ReasonCode.PROTOCOL_ERROR, "second CONNECT");
        }
        else {
            int paced = (this.publishRate != null && packet instanceof InboundPublish publish)
                    ? publish.content().readableBytes() : -1;
            this.client.handle(type, packet);
            if (paced >= 0 && this.state == State.CONNECTED) {
                pace(paced);
            }
        }
    }

    // ---- CONNECT and AUTH -----------------------------------------------------------------------------------

    private void onConnect(MqttConnectMessage connect) {
        this.connectLevel = connect.variableHeader().version();
        Integer maximumPacketSize = MessagePropertiesCodec.intValue(connect.variableHeader().properties(),
                MqttProperties.MAXIMUM_PACKET_SIZE);
        if (maximumPacketSize != null && maximumPacketSize != 0) {
            // known before the CONNECT is accepted: a refusing CONNACK must fit too
            this.clientMaximumPacketSize = Integer.toUnsignedLong(maximumPacketSize);
        }
        ConnectHandshake handshake = this.handshake;
        ConnectDecision decision = handshake.validate(connect);
        if (decision instanceof ConnectDecision.Refuse refuse) {
            disconnect(refuse.reasonCode(), refuse.reason());
            return;
        }
        ConnectParameters accepted = ((ConnectDecision.Accept) decision).parameters();
        // hasAttr first: attr() would add an attribute to every channel that has no certificate
        Channel channel = this.ctx.channel();
        PeerCertificate certificate = channel.hasAttr(PeerCertificate.KEY) ? channel.attr(PeerCertificate.KEY).get()
                : null;
        if (certificate != null && certificate.asUsername()) {
            accepted = accepted.withUsername(certificate.identity());
        }
        this.client = new ConnectedClient(this, this.broker, accepted, new ClientInfo(accepted.clientId(),
                accepted.username(), accepted.version(), remoteAddress(),
                (certificate != null) ? certificate.identity() : null), this.output,
                ReasonStrings.of(accepted.requestProblemInformation(), this.clientMaximumPacketSize));
        this.output.protocol(accepted.version().isMqtt5());
        boolean enhanced = accepted.authenticationMethod() != null;
        if (enhanced) {
            // enhanced authentication reads the client's AUTH packets, each step opening the gate for the next
            this.gate.close(ReadGate.AUTHENTICATING);
        }
        this.state = enhanced ? State.AUTHENTICATING : State.CONNECTING;
        handshake.authenticate(accepted, remoteAddress(), certificate, this::decided);
        if (!enhanced && this.state == State.CONNECTING) {
            // the answer comes later (a blocking authenticator's pool, another node's session): read nothing
            // meanwhile. An answer given at once spares the two epoll_ctl calls of stopping and resuming
            this.gate.close(ReadGate.AUTHENTICATING);
        }
    }

    /**
     * Handle AUTH: the client's answer to a challenge, or its request to re-authenticate (MQTT 5.0 section 4.12).
     */
    private void onAuth(MqttMessage auth) {
        MqttReasonCodeAndPropertiesVariableHeader header = (MqttReasonCodeAndPropertiesVariableHeader) auth
                .variableHeader();
        if (this.state == State.AUTHENTICATING) {
            this.gate.close(ReadGate.AUTHENTICATING);
        }
        ConnectHandshake handshake = this.handshake;
        if (handshake == null) {
            decided(ConnectHandshake.AUTH_WITHOUT_METHOD);
            return;
        }
        handshake.auth(header.reasonCode() & 0xFF,
                MessagePropertiesCodec.stringValue(header.properties(), MqttProperties.AUTHENTICATION_METHOD),
                MessagePropertiesCodec.binaryValue(header.properties(), MqttProperties.AUTHENTICATION_DATA),
                this.state == State.CONNECTED, this::decided);
    }

    private void decided(HandshakeDecision decision) {
        if (this.state == State.CLOSED) {
            return;
        }
        if (decision instanceof HandshakeDecision.Refuse refuse) {
            if (refuse.reasonCode() == ReasonCode.BAD_USER_NAME_OR_PASSWORD
                    || refuse.reasonCode() == ReasonCode.NOT_AUTHORIZED) {
                this.broker.context().counters().authenticationFailed();
                // never the password
                logger.info("Connection refused for {} (user {}): {}", describe(),
                        (this.client != null) ? this.client.clientInfo().username() : null, refuse.reason());
                Duration delay = this.broker.context().config().quotas().slowFailedLogins()
                        ? this.broker.failedLogins().failed(remoteInetAddress()) : Duration.ZERO;
                if (!delay.isZero()) {
                    // an address that keeps failing waits for its answer, nothing read meanwhile
                    this.broker.context().counters().limitHit(LimitReason.FAILED_LOGINS);
                    this.gate.close(ReadGate.AUTHENTICATING);
                    this.broker.context().clock().schedule(this.ctx.executor(), () -> {
                        if (!this.ended) {
                            disconnect(refuse.reasonCode(), refuse.reason());
                        }
                    }, delay);
                    return;
                }
            }
            disconnect(refuse.reasonCode(), refuse.reason());
        }
        else if (decision instanceof HandshakeDecision.Challenge challenge) {
            this.output.write(ControlPacketWriter.auth(this.output.alloc(),
                    ReasonCode.CONTINUE_AUTHENTICATION.value(), challenge.method(), challenge.data()));
            afterAuthenticationStep();
        }
        else if (decision instanceof HandshakeDecision.Reauthenticated done) {
            this.output.write(ControlPacketWriter.auth(this.output.alloc(), ReasonCode.SUCCESS.value(),
                    done.method(), done.data()));
            afterAuthenticationStep();
        }
        else if (this.state != State.CONNECTED) {
            this.state = State.CONNECTING;
            this.broker.failedLogins().succeeded(remoteInetAddress());
            HandshakeDecision.Accept accept = (HandshakeDecision.Accept) decision;
            if (accept.credentialsExpire() != null) {
                expireCredentialsAt(accept.credentialsExpire());
            }
            ConnectParameters accepted = accept.parameters();
            this.broker.context().sessions().connect(this.client, accepted.cleanStart(), accepted.sessionExpiry(),
                    (session, present) -> attached(session, present, accepted));
        }
    }

    // a token's expiry ends the connection: the client reconnects with a fresh one
    private void expireCredentialsAt(Instant expiry) {
        Duration remaining = Duration.between(this.broker.context().clock().instant(), expiry);
        this.credentialsExpiry = this.broker.context().clock().schedule(this.ctx.executor(), () -> {
            this.credentialsExpiry = null;
            if (!this.ended) {
                disconnect(ReasonCode.NOT_AUTHORIZED, "credentials expired");
            }
        }, remaining.isNegative() ? Duration.ZERO : remaining);
    }

    private void afterAuthenticationStep() {
        if (this.state == State.AUTHENTICATING) {
            this.output.flush();
            // the client's answer to the challenge may come
            this.gate.open(ReadGate.AUTHENTICATING);
        }
        else {
            this.output.scheduleFlush();
        }
    }

    private void attached(Session attachedSession, boolean sessionPresent, ConnectParameters accepted) {
        if (this.state != State.CONNECTING) {
            // the connection closed while the session was being attached
            attachedSession.detach(this.client, null);
            return;
        }
        cancelConnectTimeout();
        this.client.attached(attachedSession);
        this.state = State.CONNECTED;
        boolean mqtt5 = accepted.version().isMqtt5();
        // [MQTT-3.2.2-2] [MQTT-3.2.2-3] session present only for a resumed session; MQTT 3.1 has a reserved zero
        // byte in its place
        boolean present = sessionPresent && accepted.version() != ProtocolVersion.MQTT_3_1;
        ConnectHandshake handshake = this.handshake;
        this.output.write(ControlPacketWriter.connack(this.output.alloc(), mqtt5, present, ReasonCode.SUCCESS.value(),
                mqtt5 ? ConnackProperties.of(accepted, this.broker.context().config(),
                        handshake.authenticationMethod(), handshake.successData())
                        : OutboundProperties.reasonString(null)));
        if (handshake.authenticationMethod() == null) {
            // nothing to re-authenticate with: an idle connection need not keep it
            this.handshake = null;
        }
        this.connackSent = true;
        if (accepted.keepAlive() > 0) {
            this.keepAlive = this.broker.keepAlive().of(this.ctx.executor()).watch(this, accepted.keepAlive());
        }
        logger.debug("Connected {} ({}, session present: {})", describe(), accepted.version(), present);
        this.broker.context().listener().clientConnected(this.client.clientInfo(), present);
        endHandshake(null);
        attachedSession.resume();
        this.gate.open(ReadGate.AUTHENTICATING);
        resumeHeldPackets();
        this.output.flush();
    }

    // ---- closing ---------------------------------------------------------------------------------------------

    /**
     * Close at the client's request (its DISCONNECT): it has stopped sending, so the channel closes at once.
     */
    void closeAtClientsRequest(ReasonCode reasonCode) {
        markClosing(reasonCode);
        this.ctx.close();
    }

    EventExecutor executor() {
        return this.ctx.executor();
    }

    private void endHandshake(@Nullable ReasonCode refusal) {
        BrokerListener.HandshakeEnd end = this.handshakeEnd;
        if (end != null) {
            this.handshakeEnd = null;
            ConnectedClient client = this.client;
            end.ended((client != null) ? client.clientInfo() : null, refusal);
        }
    }

    /**
     * Close from the broker's side, through the broker's {@link Disconnector}.
     * @param reasonCode the reason, sent to MQTT 5 clients
     * @param reason a description for the log and the MQTT 5 reason string
     */
    void disconnect(ReasonCode reasonCode, String reason) {
        this.broker.disconnector().disconnect(this, reasonCode, reason);
    }

    // ---- what the Disconnector reads ------------------------------------------------------------------------

    Channel channel() {
        return this.ctx.channel();
    }

    ChannelFuture writeLast(ByteBuf packet) {
        return this.output.writeLast(packet);
    }

    OutputShutdown outputShutdown() {
        return this.outputShutdown;
    }

    boolean isConnackSent() {
        return this.connackSent;
    }

    /**
     * Return the protocol level of the client's CONNECT, which tells the format of a refusing CONNACK.
     * @return 3, 4, 5 or another level the client sent; -1 when no CONNECT was read
     */
    int connectLevel() {
        return this.connectLevel;
    }

    /**
     * Return the largest packet the client accepts, as its CONNECT said.
     * @return bytes
     */
    long clientMaximumPacketSize() {
        return this.clientMaximumPacketSize;
    }

    @Nullable ReasonCode closeReason() {
        return this.closeReason;
    }

    /**
     * Enter the closed state, recording why; nothing the client sends is processed afterwards.
     * @param reasonCode the reason, or {@code null} for a lost connection
     * @return {@code false} if the connection was already closing
     */
    boolean markClosing(@Nullable ReasonCode reasonCode) {
        if (this.state == State.CLOSED) {
            return false;
        }
        this.state = State.CLOSED;
        this.closeReason = reasonCode;
        // from here the Disconnector decides whether input is read (and discarded)
        this.gate.release();
        return true;
    }

    /**
     * Return the client, once its CONNECT was accepted.
     */
    ClientInfo clientInfo() {
        return this.client.clientInfo();
    }

    String describe() {
        return (this.client != null) ? this.client.clientInfo().describe() : "<unknown>@" + remoteAddress();
    }

    private @Nullable InetAddress remoteInetAddress() {
        InetSocketAddress address = remoteAddress();
        return (address != null) ? address.getAddress() : null;
    }

    private @Nullable InetSocketAddress remoteAddress() {
        return (this.ctx.channel().remoteAddress() instanceof InetSocketAddress address) ? address : null;
    }

    private void cancelConnectTimeout() {
        if (this.connectTimeout != null) {
            this.connectTimeout.cancel(false);
            this.connectTimeout = null;
        }
    }

}
