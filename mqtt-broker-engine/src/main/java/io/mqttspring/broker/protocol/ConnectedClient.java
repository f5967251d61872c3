package io.mqttspring.broker.protocol;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.mqttspring.broker.codec.AckWriter;
import io.mqttspring.broker.codec.ControlPacketWriter;
import io.mqttspring.broker.codec.InboundPublish;
import io.mqttspring.broker.codec.MessagePropertiesCodec;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.persistence.SessionJournal;
import io.mqttspring.broker.routing.ForwardingFailedException;
import io.mqttspring.broker.routing.RoutingReceipt;
import io.mqttspring.broker.session.Delivery;
import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.session.SessionConnection;
import io.mqttspring.broker.will.WillMessage;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.concurrent.EventExecutor;

import org.jspecify.annotations.Nullable;

/**
 * The client of a connection whose CONNECT was accepted: handles what it sends after CONNACK (PUBLISH and the
 * acknowledgements, SUBSCRIBE, UNSUBSCRIBE, PINGREQ, DISCONNECT) through the flows that decide the answers, and is
 * its session's link to it. Holds the will until the connection ends. Event-loop confined.
 */
final class ConnectedClient implements SessionConnection {

    private final MqttConnection connection;

    private final MqttConnections broker;

    private final ClientInfo client;

    private final ConnectionOutput output;

    private final ReasonStrings reasonStrings;

    private final OutboundPublishEncoder publishEncoder;

    private @Nullable Session session;

    private @Nullable WillMessage will;

    // what is read of the CONNECT after CONNACK: the parameters themselves, password included, are not kept
    private final boolean connectedWithWill;

    private final boolean sessionEndsWithConnection;

    private final int inflightWindow;

    private @Nullable InboundTopics inboundTopics;

    // from the first PUBLISH on: many clients only subscribe
    private @Nullable RoutingReceipt receipt;

    // acknowledgements waiting for the store or other nodes, in the order of the packets they answer [MQTT-4.6.0-2]
    // only with a durable store under the sync policy, or a cluster: made on first use (48 B of every client otherwise)
    private @Nullable ArrayDeque<PendingAck> awaiting;

    ConnectedClient(MqttConnection connection, MqttConnections broker, ConnectParameters parameters,
            ClientInfo client, ConnectionOutput output, ReasonStrings reasonStrings) {
        this.connection = connection;
        this.broker = broker;
        this.client = client;
        this.output = output;
        this.reasonStrings = reasonStrings;
        this.will = parameters.will();
        this.connectedWithWill = parameters.will() != null;
        this.sessionEndsWithConnection = parameters.sessionExpiry() == 0;
        this.inflightWindow = Math.min(parameters.receiveMaximum(),
                broker.context().config().limits().maxInflightMessages());
        this.publishEncoder = broker.publishEncoders().forClient(parameters);
    }

    void attached(Session attached) {
        this.session = attached;
        WillMessage pending = this.will;
        if (pending != null) {
            this.broker.context().wills().connected(this.client, pending);
        }
    }

    private static boolean isDelayed(@Nullable WillMessage will) {
        return will != null && will.delayInterval() > 0;
    }

    @Nullable Session session() {
        return this.session;
    }

    /**
     * Hand the session back when the connection ends: it publishes or schedules the will, unless the client ended
     * with a normal DISCONNECT.
     */
    void detach() {
        Session attached = this.session;
        this.session = null;
        if (attached != null) {
            WillMessage handed = this.will;
            attached.detach(this, handed);
            // a will whose delay starts stays known to the cluster until the session publishes or cancels it
            if (this.connectedWithWill && !isDelayed(handed)) {
                this.broker.context().wills().settled(this.client);
            }
        }
    }

    /**
     * Handle a packet the client sent after CONNACK; AUTH and CONNECT stay with the connection.
     * @param type the packet type
     * @param packet the packet, not released here
     */
    void handle(MqttMessageType type, Object packet) {
        Session current = this.session;
        switch (type) {
            case PUBLISH -> onPublish((InboundPublish) packet, current);
            case PUBACK -> current.acknowledge(packetId(packet));
            case PUBREC -> onPubrec((MqttMessage) packet, current);
            case PUBREL -> onPubrel((MqttMessage) packet, current);
            case PUBCOMP -> current.complete(packetId(packet));
            case SUBSCRIBE -> onSubscribe((MqttSubscribeMessage) packet, current);
            case UNSUBSCRIBE -> onUnsubscribe((MqttUnsubscribeMessage) packet, current);
            case PINGREQ -> this.output.write(ControlPacketWriter.pingresp());
            case DISCONNECT -> onDisconnect((MqttMessage) packet, current);
            default -> this.connection.disconnect(ReasonCode.PROTOCOL_ERROR, type + " is sent by servers only");
        }
    }

    private static int packetId(Object packet) {
        return ((MqttMessageIdVariableHeader) ((MqttMessage) packet).variableHeader()).messageId();
    }

    private void onPublish(InboundPublish publish, Session current) {
        if (this.inboundTopics == null) {
            this.inboundTopics = new InboundTopics(this.broker.context().config().capabilities().topicAliasMaximum());
        }
        RoutingReceipt receipt = this.receipt;
        if (receipt == null) {
            receipt = new RoutingReceipt();
            this.receipt = receipt;
        }
        InboundPublishes.Outcome outcome = this.broker.publishes().receive(publish, this.client, current,
                this.inboundTopics, this.reasonStrings, (publish.qos() > 0) ? this.connection.throttle() : null,
                receipt);
        if (outcome.disconnectReason() != null) {
            this.connection.disconnect(outcome.disconnectReason(), outcome.detail());
        }
        else if (outcome.ack() != 0) {
            acknowledge(receipt.isWritten(), receipt.forwarding(),
                    (outcome.ack() == AckWriter.PUBREC) ? outcome.packetId() : 0, () -> this.output.acknowledge(
                            outcome.ack(), outcome.packetId(), outcome.ackCode(), outcome.reasonString()));
        }
    }

    private void acknowledge(boolean written, Runnable send) {
        acknowledge(written, null, 0, send);
    }

    /**
     * Send an acknowledgement now, or once what it acknowledges is on disk (under the {@code SYNC} policy) and taken
     * by the other nodes it went to; one that waits for nothing still waits behind an earlier one that does, so
     * acknowledgements keep their order [MQTT-4.6.0-2].
     */
    private void acknowledge(boolean written, @Nullable CompletionStage<?> forwarded, int pubrecPacketId,
            Runnable send) {
        boolean disk = written && this.broker.context().sessions().journal().acknowledgesAfterSync();
        ArrayDeque<PendingAck> queue = this.awaiting;
        if (!disk && forwarded == null && (queue == null || queue.isEmpty())) {
            send.run();
            return;
        }
        if (queue == null) {
            queue = new ArrayDeque<>(4);
            this.awaiting = queue;
        }
        PendingAck ack = new PendingAck(send, (disk ? 1 : 0) + ((forwarded != null) ? 1 : 0), pubrecPacketId);
        queue.add(ack);
        if (disk) {
            this.broker.context().sessions().journal().afterDurable(executor(), () -> settle(ack));
        }
        if (forwarded != null) {
            forwarded.whenCompleteAsync((result, failure) -> {
                if (failure == null) {
                    settle(ack);
                }
                else {
                    forwardingFailed(failure);
                }
            }, executor());
        }
    }

    /**
     * Another node did not take a publication: it and those after it stay unacknowledged, and the client is
     * disconnected so that it publishes them again; QoS 2 identifiers are forgotten so that the resent publications
     * are routed again rather than taken for duplicates.
     */
    private void forwardingFailed(Throwable failure) {
        Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
        Session current = this.session;
        ArrayDeque<PendingAck> queue = this.awaiting;
        if (queue != null) {
            for (PendingAck ack : queue) {
                if (ack.pubrecPacketId != 0 && current != null) {
                    current.release(ack.pubrecPacketId);
                }
            }
            queue.clear();
        }
        if (cause instanceof ForwardingFailedException forwarding) {
            this.connection.disconnect(forwarding.reasonCode(), forwarding.getMessage());
        }
        else {
            this.connection.disconnect(ReasonCode.UNSPECIFIED_ERROR, "publication not taken by the cluster");
        }
    }

    private void settle(PendingAck ack) {
        ack.waits--;
        boolean sent = false;
        ArrayDeque<PendingAck> queue = this.awaiting;
        while (queue != null && !queue.isEmpty() && queue.peek().waits == 0) {
            Runnable send = queue.poll().send;
            if (this.connection.channel().isActive()) {
                send.run();
                sent = true;
            }
        }
        if (sent) {
            this.output.scheduleFlush();
        }
    }

    private void onPubrec(MqttMessage pubrec, Session current) {
        int packetId = packetId(pubrec);
        // a reason code of 0x80 or above ends the exchange [MQTT-4.4.0-2]
        boolean accepted = (((MqttPubReplyMessageVariableHeader) pubrec.variableHeader()).reasonCode() & 0xFF) < 0x80;
        boolean found = current.received(packetId, accepted);
        if (accepted) {
            // [MQTT-4.3.3-4] PUBREL answers PUBREC, with 0x92 when the identifier is unknown
            this.output.acknowledge(AckWriter.PUBREL, packetId,
                    found ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, null);
        }
    }

    private void onPubrel(MqttMessage pubrel, Session current) {
        int packetId = packetId(pubrel);
        boolean found = current.release(packetId);
        // [MQTT-4.3.3-11] PUBCOMP answers PUBREL, with 0x92 when the identifier is unknown
        this.output.acknowledge(AckWriter.PUBCOMP, packetId,
                found ? ReasonCode.SUCCESS : ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, null);
    }

    private void onSubscribe(MqttSubscribeMessage subscribe, Session current) {
        Subscriptions.Outcome outcome = this.broker.subscriptions().subscribe(subscribe, this.client, current);
        if (outcome.disconnectReason() != null) {
            this.connection.disconnect(outcome.disconnectReason(), outcome.disconnectDetail());
            return;
        }
        boolean mqtt5 = this.client.protocolVersion().isMqtt5();
        // [MQTT-3.8.4-1] [MQTT-3.8.4-2] [MQTT-3.9.3-1] one code per filter, in order
        String reasonString = (outcome.refusals() != null && mqtt5)
                ? this.reasonStrings.forAcknowledgement(outcome.refusals(), outcome.reasonCodes().size() - 1) : null;
        int packetId = subscribe.idAndPropertiesVariableHeader().messageId();
        for (Subscriptions.Granted granted : outcome.granted()) {
            this.broker.context().listener().subscribed(this.client, granted.subscription().filter().value(),
                    granted.subscription().options().qos());
        }
        // a persistent session's subscriptions are on disk before SUBACK says they are made
        acknowledge(current.storageId() != 0, () -> {
            this.output.write(ControlPacketWriter.suback(this.output.alloc(), mqtt5, packetId, outcome.reasonCodes(),
                    reasonString));
            for (Subscriptions.Granted granted : outcome.granted()) {
                this.broker.context().router().deliverRetained(granted.subscription(), granted.isNew());
            }
        });
    }

    private void onUnsubscribe(MqttUnsubscribeMessage unsubscribe, Session current) {
        Subscriptions.Outcome outcome = this.broker.subscriptions().unsubscribe(unsubscribe, current);
        if (outcome.disconnectReason() != null) {
            this.connection.disconnect(outcome.disconnectReason(), outcome.disconnectDetail());
            return;
        }
        // [MQTT-3.10.4-4] [MQTT-3.10.4-5] UNSUBACK even when nothing was removed
        int packetId = unsubscribe.idAndPropertiesVariableHeader().messageId();
        acknowledge(current.storageId() != 0, () -> this.output.write(ControlPacketWriter.unsuback(
                this.output.alloc(), this.client.protocolVersion().isMqtt5(), packetId, outcome.reasonCodes())));
        List<String> filters = unsubscribe.payload().topics();
        for (int i = 0; i < filters.size(); i++) {
            if (outcome.reasonCodes().get(i) == ReasonCode.SUCCESS.value()) {
                this.broker.context().listener().unsubscribed(this.client, filters.get(i));
            }
        }
    }

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
                if (this.sessionEndsWithConnection && expiry != 0) {
                    // MQTT 5.0 section 3.14.2.2.2: a session that was to end cannot be extended at DISCONNECT
                    this.connection.disconnect(ReasonCode.PROTOCOL_ERROR, "session expiry changed from 0");
                    return;
                }
                long limit = this.broker.context().config().limits().maxSessionExpirySeconds();
                current.setExpiryInterval(Math.min(Integer.toUnsignedLong(expiry), limit));
            }
        }
        if (reasonCode == ReasonCode.NORMAL_DISCONNECTION) {
            // 3.1.1 [MQTT-3.14.4-3], 5.0 [MQTT-3.14.4-3] [MQTT-3.1.2-10]: only a normal DISCONNECT discards the will
            this.will = null;
        }
        this.connection.closeAtClientsRequest(reasonCode);
    }

    // ---- SessionConnection ----------------------------------------------------------------------------------

    @Override
    public EventExecutor executor() {
        return this.connection.executor();
    }

    @Override
    public ClientInfo clientInfo() {
        return this.client;
    }

    @Override
    public int inflightWindow() {
        return this.inflightWindow;
    }

    @Override
    public boolean isWritable() {
        return this.connection.channel().isWritable();
    }

    @Override
    public boolean sendPublish(Delivery delivery, int packetId, boolean duplicate) {
        ByteBuf publish = this.publishEncoder.encode(this.output.alloc(), delivery, packetId, duplicate);
        if (publish == null) {
            return false;
        }
        this.output.write(publish);
        this.output.scheduleFlush();
        return true;
    }

    @Override
    public void sendPubrel(int packetId) {
        this.output.acknowledge(AckWriter.PUBREL, packetId, ReasonCode.SUCCESS, null);
        this.output.scheduleFlush();
    }

    @Override
    public @Nullable WillMessage takenOver() {
        WillMessage pending = this.will;
        this.will = null;
        this.session = null;
        if (this.connectedWithWill && !isDelayed(pending)) {
            // the session publishes what it is handed here; a delayed will it settles itself
            this.broker.context().wills().settled(this.client);
        }
        // [MQTT-3.1.4-3]
        this.connection.disconnect(ReasonCode.SESSION_TAKEN_OVER, "session taken over");
        return pending;
    }

    @Override
    public void disconnect(ReasonCode reasonCode, String reason) {
        this.connection.disconnect(reasonCode, reason);
    }

    /**
     * An acknowledgement waiting for a disk write, another node, or both.
     */
    private static final class PendingAck {

        private final Runnable send;

        private int waits;

        // the QoS 2 publication a PUBREC answers, 0 for other acknowledgements
        private final int pubrecPacketId;

        PendingAck(Runnable send, int waits, int pubrecPacketId) {
            this.send = send;
            this.waits = waits;
            this.pubrecPacketId = pubrecPacketId;
        }

    }

}
