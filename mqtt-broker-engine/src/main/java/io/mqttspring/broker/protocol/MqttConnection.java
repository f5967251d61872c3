package io.mqttspring.broker.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Future;

import io.mqttspring.broker.codec.DecodeFailures;
import io.mqttspring.broker.codec.FrameViolation;
import io.mqttspring.broker.codec.AckWriter;
import io.mqttspring.broker.codec.MessagePropertiesCodec;
import io.mqttspring.broker.codec.MqttFrameDecoder;
import io.mqttspring.broker.codec.MqttPackets;
import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.security.AuthenticationRequest;
import io.mqttspring.broker.security.AuthenticationResult;
import io.mqttspring.broker.security.AuthenticationStep;
import io.mqttspring.broker.session.Delivery;
import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.session.SessionConnection;
import io.mqttspring.broker.will.WillMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the protocol state machine behind Netty's MQTT codec, and the session's link to the
 * socket. Event-loop confined: one instance per channel, every method runs on the channel's event loop.
 */
public final class MqttConnection extends ChannelInboundHandlerAdapter implements SessionConnection {

    private static final Logger logger = LoggerFactory.getLogger(MqttConnection.class);

    private enum State {
        AWAITING_CONNECT, AUTHENTICATING, CONNECTING, CONNECTED, CLOSED
    }

    private final BrokerContext broker;

    private final ConnectValidator connectValidator;

    private final InboundPublishes publishes;

    private final Subscriptions subscriptions;

    private @Nullable ChannelHandlerContext ctx;

    private State state = State.AWAITING_CONNECT;

    private @Nullable ConnectParameters parameters;

    private @Nullable ClientInfo client;

    private @Nullable Session session;

    private @Nullable WillMessage will;

    private boolean connackSent;

    private long clientMaximumPacketSize = Limits.PROTOCOL_MAX_PACKET_SIZE;

    private ReasonStrings reasonStrings = new ReasonStrings(false, Limits.PROTOCOL_MAX_PACKET_SIZE);

    private @Nullable ReasonCode closeReason;

    private @Nullable ArrayDeque<MqttMessage> deferred;

    private @Nullable Future<?> connectTimeout;

    private boolean flushScheduled;

    private @Nullable InboundTopics inboundTopics;

    private @Nullable OutboundPublishEncoder publishEncoder;

    private @Nullable EnhancedAuthentication enhancedAuthentication;

    private final Runnable flushTask = this::flushNow;

    private final KeepAliveSweeper.Sweepers keepAliveSweepers;

    private final MqttFrameDecoder framer;

    private KeepAliveSweeper.@Nullable Watch keepAlive;

    private final long flushThreshold;

    MqttConnection(BrokerContext broker, ConnectValidator connectValidator, InboundPublishes publishes,
            Subscriptions subscriptions, KeepAliveSweeper.Sweepers keepAliveSweepers, MqttFrameDecoder framer) {
        this.broker = broker;
        this.framer = framer;
        this.keepAliveSweepers = keepAliveSweepers;
        this.connectValidator = connectValidator;
        this.publishes = publishes;
        this.subscriptions = subscriptions;
        this.flushThreshold = broker.config().limits().writeBufferHighWaterMark() / 2;
    }

    // ---- channel lifecycle ----------------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.broker.counters().connectionOpened();
        this.broker.channels().add(ctx.channel());
        Duration timeout = this.broker.config().connectTimeout();
        // runs until CONNACK: a client that stalls in authentication is closed too
        this.connectTimeout = this.broker.clock().schedule(ctx.executor(), () -> {
            if (this.state != State.CONNECTED) {
                Disconnector.disconnect(this, ReasonCode.MAXIMUM_CONNECT_TIME, "not connected within "
                        + timeout.toMillis() + " ms");
            }
        }, timeout);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        this.state = State.CLOSED;
        cancelConnectTimeout();
        releaseDeferred();
        if (this.keepAlive != null) {
            this.keepAlive.cancel();
            this.keepAlive = null;
        }
        this.broker.counters().connectionClosed();
        Session attached = this.session;
        this.session = null;
        if (attached != null) {
            attached.detach(this, this.will);
        }
        if (this.connackSent && this.client != null) {
            logger.debug("Connection of {} closed: {}", describe(), this.closeReason);
            this.broker.listener().clientDisconnected(this.client, this.closeReason);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FrameViolation violation) {
            Disconnector.disconnect(this, violation.reasonCode(), violation.detail());
            return;
        }
        if (!(msg instanceof MqttMessage message)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        this.framer.packetDecoded();
        if (this.keepAlive != null) {
            this.keepAlive.packetRead();
        }
        if (this.state == State.CONNECTING) {
            // packets pipelined behind CONNECT wait until the session is attached
            if (this.deferred == null) {
                this.deferred = new ArrayDeque<>(4);
            }
            this.deferred.add(message);
            return;
        }
        try {
            handle(message);
        }
        finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (this.keepAlive != null) {
            this.keepAlive.readComplete();
        }
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Session attached = this.session;
        if (ctx.channel().isWritable() && attached != null) {
            attached.drain();
            scheduleFlush();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            logger.debug("Connection of {} failed: {}", describe(), cause.toString());
            markClosing(null);
            ctx.close();
            return;
        }
        logger.warn("Unexpected failure on connection of {}", describe(), cause);
        Disconnector.disconnect(this, ReasonCode.UNSPECIFIED_ERROR, "internal error");
    }

    // ---- dispatch -------------------------------------------------------------------------------------------

    private void handle(MqttMessage message) {
        if (this.state == State.CLOSED) {
            return;
        }
        if (message.decoderResult().isFailure()) {
            Throwable cause = message.decoderResult().cause();
            Disconnector.disconnect(this, DecodeFailures.reasonCode(message.decoderResult()),
                    (cause != null && cause.getMessage() != null) ? cause.getMessage() : "malformed packet");
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        if (this.state == State.AWAITING_CONNECT) {
            if (type == MqttMessageType.CONNECT) {
                onConnect((MqttConnectMessage) message);
            }
            else {
                // [MQTT-3.1.0-1] the first packet must be CONNECT
                Disconnector.disconnect(this, ReasonCode.PROTOCOL_ERROR, "first packet was " + type);
            }
            return;
        }
        if (this.state == State.AUTHENTICATING) {
            if (type == MqttMessageType.AUTH) {
                onAuth(message);
            }
            else if (type == MqttMessageType.DISCONNECT) {
                markClosing(ReasonCode.NORMAL_DISCONNECTION);
                this.ctx.close();
            }
            else {
                // [MQTT-3.1.2-30] only AUTH and DISCONNECT before the exchange ends
                Disconnector.disconnect(this, ReasonCode.PROTOCOL_ERROR, type + " during authentication");
            }
            return;
        }
        Session current = this.session;
        switch (type) {
            case PUBLISH -> onPublish((MqttPublishMessage) message, current);
            case PUBACK -> current.acknowledge(packetId(message));
            case PUBREC -> onPubrec(message, current);
            case PUBREL -> onPubrel(message, current);
            case PUBCOMP -> current.complete(packetId(message));
            case SUBSCRIBE -> onSubscribe((MqttSubscribeMessage) message, current);
            case UNSUBSCRIBE -> onUnsubscribe((MqttUnsubscribeMessage) message, current);
            case PINGREQ -> write(AckWriter.pingresp());
            case DISCONNECT -> onDisconnect(message, current);
            // [MQTT-3.1.0-2] a second CONNECT is a protocol error
            case CONNECT -> Disconnector.disconnect(this, ReasonCode.PROTOCOL_ERROR, "second CONNECT");
            case AUTH -> onAuth(message);
            default -> Disconnector.disconnect(this, ReasonCode.PROTOCOL_ERROR, type + " is sent by servers only");
        }
    }

    private static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

    // ---- CONNECT --------------------------------------------------------------------------------------------

    private void onConnect(MqttConnectMessage connect) {
        Integer maximumPacketSize = MessagePropertiesCodec.intValue(connect.variableHeader().properties(),
                MqttProperties.MAXIMUM_PACKET_SIZE);
        if (maximumPacketSize != null && maximumPacketSize != 0) {
            // known before the CONNECT is accepted: a refusing CONNACK must fit too
            this.clientMaximumPacketSize = Integer.toUnsignedLong(maximumPacketSize);
        }
        ConnectDecision decision = this.connectValidator.validate(connect);
        if (decision instanceof ConnectDecision.Refuse refuse) {
            Disconnector.disconnect(this, refuse.reasonCode(), refuse.reason());
            return;
        }
        ConnectParameters accepted = ((ConnectDecision.Accept) decision).parameters();
        this.parameters = accepted;
        this.reasonStrings = new ReasonStrings(accepted.requestProblemInformation(), this.clientMaximumPacketSize);
        this.client = new ClientInfo(accepted.clientId(), accepted.username(), accepted.version(), remoteAddress());
        this.will = accepted.will();
        channel().config().setAutoRead(false);
        if (accepted.authenticationMethod() != null) {
            this.state = State.AUTHENTICATING;
            this.enhancedAuthentication = new EnhancedAuthentication(
                    this.broker.enhancedAuthenticators().get(accepted.authenticationMethod()),
                    this.broker.authenticationExecutor(), executor(), authenticationRequest(accepted));
            this.enhancedAuthentication.begin(accepted.authenticationData(), this::authenticationStep);
            return;
        }
        this.state = State.CONNECTING;
        authenticate(accepted);
    }

    private AuthenticationRequest authenticationRequest(ConnectParameters accepted) {
        return new AuthenticationRequest(accepted.clientId(), accepted.username(), accepted.password(),
                accepted.version(), remoteAddress());
    }

    /**
     * Handle AUTH: the client's answer to a challenge, or its request to re-authenticate (MQTT 5.0 section 4.12).
     */
    private void onAuth(MqttMessage auth) {
        EnhancedAuthentication exchange = this.enhancedAuthentication;
        if (exchange == null) {
            // [MQTT-4.12.0-7] AUTH without an authentication method in CONNECT
            Disconnector.disconnect(this, ReasonCode.PROTOCOL_ERROR, "AUTH without authentication method");
            return;
        }
        MqttReasonCodeAndPropertiesVariableHeader header = (MqttReasonCodeAndPropertiesVariableHeader) auth
                .variableHeader();
        byte[] data = MessagePropertiesCodec.binaryValue(header.properties(), MqttProperties.AUTHENTICATION_DATA);
        String problem = exchange.check(header.reasonCode() & 0xFF,
                MessagePropertiesCodec.stringValue(header.properties(), MqttProperties.AUTHENTICATION_METHOD),
                this.state == State.CONNECTED);
        if (problem != null) {
            Disconnector.disconnect(this, ReasonCode.PROTOCOL_ERROR, problem);
        }
        else if (this.state == State.AUTHENTICATING) {
            channel().config().setAutoRead(false);
            exchange.next(data, this::authenticationStep);
        }
        else if (exchange.inProgress()) {
            exchange.next(data, this::reauthenticationStep);
        }
        else {
            exchange.begin(data, this::reauthenticationStep);
        }
    }

    private void authenticationStep(AuthenticationStep step) {
        if (this.state != State.AUTHENTICATING) {
            return;
        }
        switch (step.outcome()) {
            case CONTINUE -> {
                // [MQTT-4.12.0-2] a challenge carries 0x18
                this.ctx.writeAndFlush(MqttPackets.auth(ReasonCode.CONTINUE_AUTHENTICATION,
                        this.enhancedAuthentication.method(), step.serverData()), this.ctx.voidPromise());
                channel().config().setAutoRead(true);
            }
            case SUCCESS -> {
                this.state = State.CONNECTING;
                authenticated(AuthenticationResult.success());
            }
            case FAILURE -> Disconnector.disconnect(this, step.reasonCode(), "enhanced authentication failed");
        }
    }

    private void reauthenticationStep(AuthenticationStep step) {
        if (this.state != State.CONNECTED) {
            return;
        }
        String method = this.enhancedAuthentication.method();
        switch (step.outcome()) {
            case CONTINUE -> write(MqttPackets.auth(ReasonCode.CONTINUE_AUTHENTICATION, method, step.serverData()));
            case SUCCESS -> write(MqttPackets.auth(ReasonCode.SUCCESS, method, step.serverData()));
            // [MQTT-4.12.1-2]
            case FAILURE -> Disconnector.disconnect(this, step.reasonCode(), "re-authentication failed");
        }
        scheduleFlush();
    }

    private void authenticate(ConnectParameters accepted) {
        PlainAuthentication.authenticate(this.broker.authenticator(), this.broker.authenticationExecutor(),
                executor(), authenticationRequest(accepted), this::authenticated);
    }

    private void authenticated(AuthenticationResult result) {
        if (this.state != State.CONNECTING) {
            return;
        }
        if (!result.isSuccess()) {
            Disconnector.disconnect(this, result.reasonCode(),
                    (result.reasonString() != null) ? result.reasonString() : "authentication failed");
            return;
        }
        ConnectParameters accepted = this.parameters;
        this.broker.sessions().connect(this, accepted.cleanStart(), accepted.sessionExpiry(), this::attached);
    }

    private void attached(Session attachedSession, boolean sessionPresent) {
        if (this.state != State.CONNECTING) {
            // the connection closed while the session was being attached
            attachedSession.detach(this, null);
            return;
        }
        cancelConnectTimeout();
        this.session = attachedSession;
        this.state = State.CONNECTED;
        ConnectParameters accepted = this.parameters;
        this.publishEncoder = new OutboundPublishEncoder(accepted, this.broker.config().capabilities(),
                this.broker.clock());
        // [MQTT-3.2.2-2] [MQTT-3.2.2-3] session present only for a resumed session
        write(MqttPackets.connack(ReasonCode.SUCCESS.value(), sessionPresent,
                ConnackProperties.of(accepted, this.broker.config(), this.enhancedAuthentication)));
        this.connackSent = true;
        if (accepted.keepAlive() > 0) {
            this.keepAlive = this.keepAliveSweepers.of(executor()).watch(this, accepted.keepAlive());
        }
        logger.debug("Connected {} ({}, session present: {})", describe(), accepted.version(), sessionPresent);
        this.broker.listener().clientConnected(this.client, sessionPresent);
        attachedSession.resume();
        channel().config().setAutoRead(true);
        processDeferred();
        this.ctx.flush();
    }

    // ---- PUBLISH and acknowledgements -----------------------------------------------------------------------

    private void onPublish(MqttPublishMessage publish, Session current) {
        if (this.inboundTopics == null) {
            this.inboundTopics = new InboundTopics(this.broker.config().capabilities().topicAliasMaximum());
        }
        InboundPublishes.Outcome outcome = this.publishes.receive(publish, this.client, current, this.inboundTopics,
                this.reasonStrings);
        if (outcome.disconnectReason() != null) {
            Disconnector.disconnect(this, outcome.disconnectReason(), outcome.detail());
            return;
        }
        if (outcome.ack() != 0) {
            if (outcome.reasonString() == null) {
                writeAck(outcome.ack(), outcome.packetId(), outcome.ackCode());
            }
            else if (outcome.ack() == AckWriter.PUBACK) {
                write(MqttPackets.puback(outcome.packetId(), outcome.ackCode(), outcome.reasonString()));
            }
            else {
                write(MqttPackets.pubrec(outcome.packetId(), outcome.ackCode(), outcome.reasonString()));
            }
        }
    }

    private void onPubrec(MqttMessage pubrec, Session current) {
        int packetId = packetId(pubrec);
        boolean accepted = reasonCode(pubrec) < 0x80;
        boolean found = current.received(packetId, accepted);
        if (accepted) {
            // [MQTT-4.3.3-4] PUBREL answers PUBREC, with 0x92 when the identifier is unknown
            writeAck(AckWriter.PUBREL, packetId, found ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND);
        }
    }

    private void onPubrel(MqttMessage pubrel, Session current) {
        int packetId = packetId(pubrel);
        boolean found = current.release(packetId);
        // [MQTT-4.3.3-11] PUBCOMP answers PUBREL, with 0x92 when the identifier is unknown
        writeAck(AckWriter.PUBCOMP, packetId, found ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND);
    }

    private static int reasonCode(MqttMessage reply) {
        return (reply.variableHeader() instanceof MqttPubReplyMessageVariableHeader header)
                ? header.reasonCode() & 0xFF : 0;
    }

    // ---- SUBSCRIBE / UNSUBSCRIBE ----------------------------------------------------------------------------

    private void onSubscribe(MqttSubscribeMessage subscribe, Session current) {
        Subscriptions.Outcome outcome = this.subscriptions.subscribe(subscribe, this.client, current);
        if (outcome.disconnectReason() != null) {
            Disconnector.disconnect(this, outcome.disconnectReason(), outcome.disconnectDetail());
            return;
        }
        int packetId = subscribe.idAndPropertiesVariableHeader().messageId();
        // [MQTT-3.8.4-1] [MQTT-3.8.4-2] [MQTT-3.9.3-1] one code per filter, in order
        String reasonString = (outcome.refusals() != null && this.client.protocolVersion().isMqtt5())
                ? this.reasonStrings.forAcknowledgement(outcome.refusals(), outcome.reasonCodes().size() - 1) : null;
        write(MqttPackets.suback(packetId, outcome.reasonCodes(), reasonString));
        for (Subscriptions.Granted granted : outcome.granted()) {
            this.broker.listener().subscribed(this.client, granted.subscription().filter().value(),
                    granted.subscription().options().qos());
            this.broker.router().deliverRetained(granted.subscription(), granted.isNew());
        }
    }

    private void onUnsubscribe(MqttUnsubscribeMessage unsubscribe, Session current) {
        Subscriptions.Outcome outcome = this.subscriptions.unsubscribe(unsubscribe, current);
        if (outcome.disconnectReason() != null) {
            Disconnector.disconnect(this, outcome.disconnectReason(), outcome.disconnectDetail());
            return;
        }
        int packetId = unsubscribe.idAndPropertiesVariableHeader().messageId();
        // [MQTT-3.10.4-4] [MQTT-3.10.4-5] UNSUBACK even when nothing was removed
        if (this.client.protocolVersion().isMqtt5()) {
            List<Short> codes = outcome.reasonCodes().stream().map(Integer::shortValue).toList();
            write(MqttPackets.unsuback(packetId, codes));
        }
        else {
            write(MqttPackets.unsubackMqtt311(packetId));
        }
        List<String> filters = unsubscribe.payload().topics();
        for (int i = 0; i < filters.size(); i++) {
            if (outcome.reasonCodes().get(i) == ReasonCode.SUCCESS.value()) {
                this.broker.listener().unsubscribed(this.client, filters.get(i));
            }
        }
    }

    // ---- DISCONNECT -----------------------------------------------------------------------------------------

    private void onDisconnect(MqttMessage disconnect, Session current) {
        ReasonCode reasonCode = ReasonCode.NORMAL_DISCONNECTION;
        if (disconnect.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header
                && this.client.protocolVersion().isMqtt5()) {
            int value = header.reasonCode() & 0xFF;
            ReasonCode received = (value == 0) ? ReasonCode.NORMAL_DISCONNECTION : ReasonCode.ofValue(value);
            reasonCode = (received != null) ? received : ReasonCode.UNSPECIFIED_ERROR;
            Integer expiry = MessagePropertiesCodec.intValue(header.properties(),
                    MqttProperties.SESSION_EXPIRY_INTERVAL);
            if (expiry != null) {
                if (this.parameters.sessionExpiry() == 0 && expiry != 0) {
                    // MQTT 5.0 section 3.14.2.2.2: a session that was to end cannot be extended at DISCONNECT
                    Disconnector.disconnect(this, ReasonCode.PROTOCOL_ERROR, "session expiry changed from 0");
                    return;
                }
                long limit = this.broker.config().limits().maxSessionExpirySeconds();
                current.setExpiryInterval(Math.min(Integer.toUnsignedLong(expiry), limit));
            }
        }
        if (reasonCode == ReasonCode.NORMAL_DISCONNECTION) {
            // 3.1.1 [MQTT-3.14.4-3], 5.0 [MQTT-3.14.4-3] [MQTT-3.1.2-10]: only a normal DISCONNECT discards the will
            this.will = null;
        }
        markClosing(reasonCode);
        this.ctx.close();
    }

    // ---- SessionConnection ----------------------------------------------------------------------------------

    @Override
    public EventExecutor executor() {
        return this.ctx.executor();
    }

    @Override
    public ClientInfo clientInfo() {
        return this.client;
    }

    @Override
    public int inflightWindow() {
        return Math.min(this.parameters.receiveMaximum(), this.broker.config().limits().maxInflightMessages());
    }

    @Override
    public boolean isWritable() {
        return this.ctx.channel().isWritable();
    }

    @Override
    public boolean sendPublish(Delivery delivery, int packetId, boolean duplicate) {
        ByteBuf publish = this.publishEncoder.encode(this.ctx.alloc(), delivery, packetId, duplicate);
        if (publish == null) {
            return false;
        }
        write(publish);
        scheduleFlush();
        return true;
    }

    @Override
    public void sendPubrel(int packetId) {
        writeAck(AckWriter.PUBREL, packetId, ReasonCode.SUCCESS);
        scheduleFlush();
    }

    @Override
    public @Nullable WillMessage takenOver() {
        WillMessage pending = this.will;
        this.will = null;
        this.session = null;
        // [MQTT-3.1.4-3]
        Disconnector.disconnect(this, ReasonCode.SESSION_TAKEN_OVER, "session taken over");
        return pending;
    }

    @Override
    public void disconnect(ReasonCode reasonCode, String reason) {
        Disconnector.disconnect(this, reasonCode, reason);
    }

    /**
     * Close the connection because the broker stops: MQTT 5 clients get DISCONNECT 0x8B. The will is published, as
     * for any connection that ends without the client's DISCONNECT (3.1.1 [MQTT-3.1.2-8]).
     */
    public void shutdown() {
        Disconnector.disconnect(this, ReasonCode.SERVER_SHUTTING_DOWN, "server shutting down");
    }

    // ---- helpers for Disconnector ---------------------------------------------------------------------------

    Channel channel() {
        return this.ctx.channel();
    }

    boolean isConnackSent() {
        return this.connackSent;
    }

    /**
     * Return the largest packet the client accepts, as its CONNECT said.
     * @return bytes
     */
    long clientMaximumPacketSize() {
        return this.clientMaximumPacketSize;
    }

    /**
     * Enter the closed state, recording why.
     * @param reasonCode the reason, or {@code null} for a lost connection
     * @return {@code false} if the connection was already closing
     */
    boolean markClosing(@Nullable ReasonCode reasonCode) {
        if (this.state == State.CLOSED) {
            return false;
        }
        this.state = State.CLOSED;
        this.closeReason = reasonCode;
        return true;
    }

    String describe() {
        return (this.client != null) ? this.client.describe() : "<unknown>@" + remoteAddress();
    }

    // ---- internals ------------------------------------------------------------------------------------------

    private @Nullable InetSocketAddress remoteAddress() {
        return (this.ctx != null && this.ctx.channel().remoteAddress() instanceof InetSocketAddress address)
                ? address : null;
    }

    private void write(Object packet) {
        this.ctx.write(packet, this.ctx.voidPromise());
    }

    private void writeAck(int firstByte, int packetId, ReasonCode reasonCode) {
        // MQTT 3.1.1 acknowledgements carry no reason code
        int code = this.client.protocolVersion().isMqtt5() ? reasonCode.value() : 0;
        write(AckWriter.write(this.ctx.alloc(), firstByte, packetId, code));
    }

    private void scheduleFlush() {
        // unflushed bytes count towards the high water mark: flush before they make the channel look full
        if (this.ctx.channel().bytesBeforeUnwritable() < this.flushThreshold) {
            flushNow();
            return;
        }
        if (!this.flushScheduled) {
            this.flushScheduled = true;
            // runs after the loop's current batch of reads and tasks, so writes to this channel share one flush
            this.ctx.executor().execute(this.flushTask);
        }
    }

    private void flushNow() {
        this.flushScheduled = false;
        this.ctx.flush();
    }

    private void processDeferred() {
        ArrayDeque<MqttMessage> pending = this.deferred;
        if (pending == null) {
            return;
        }
        this.deferred = null;
        MqttMessage message;
        while ((message = pending.poll()) != null) {
            try {
                handle(message);
            }
            finally {
                ReferenceCountUtil.release(message);
            }
        }
    }

    private void releaseDeferred() {
        ArrayDeque<MqttMessage> pending = this.deferred;
        this.deferred = null;
        if (pending != null) {
            pending.forEach(ReferenceCountUtil::release);
        }
    }

    private void cancelConnectTimeout() {
        if (this.connectTimeout != null) {
            this.connectTimeout.cancel(false);
            this.connectTimeout = null;
        }
    }

    ProtocolVersion version() {
        return (this.client != null) ? this.client.protocolVersion() : ProtocolVersion.MQTT_3_1_1;
    }

}
