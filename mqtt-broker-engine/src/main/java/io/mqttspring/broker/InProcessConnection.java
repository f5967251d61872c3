package io.mqttspring.broker;

import java.util.concurrent.CompletionStage;

import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.broker.session.Delivery;
import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.session.SessionConnection;
import io.mqttspring.broker.will.WillMessage;
import io.netty.util.concurrent.EventExecutor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects an in-process subscriber's session to its {@link MessageHandler}: a PUBLISH becomes a handler call, the
 * completion of the handler's stage becomes the acknowledgement. Event-loop confined like a network connection.
 */
final class InProcessConnection implements SessionConnection {

    private static final Logger logger = LoggerFactory.getLogger(InProcessConnection.class);

    private final ClientInfo client;

    private final EventExecutor executor;

    private final int receiveMaximum;

    private final int maxPending;

    private final MessageHandler handler;

    private final BrokerClock clock;

    private int pending;

    private @Nullable Session session;

    InProcessConnection(ClientInfo client, EventExecutor executor, int receiveMaximum, int maxPending,
            MessageHandler handler, BrokerClock clock) {
        this.client = client;
        this.clock = clock;
        this.executor = executor;
        this.receiveMaximum = receiveMaximum;
        this.maxPending = maxPending;
        this.handler = handler;
    }

    void attach(Session session) {
        this.session = session;
    }

    @Override
    public EventExecutor executor() {
        return this.executor;
    }

    @Override
    public ClientInfo clientInfo() {
        return this.client;
    }

    @Override
    public int inflightWindow() {
        return this.receiveMaximum;
    }

    /**
     * Return whether the handler keeps up: with too many messages handed over and not completed, QoS 0 messages
     * are dropped and QoS 1 and 2 wait in the session queue, as for a network client whose socket is full.
     */
    @Override
    public boolean isWritable() {
        return this.pending < this.maxPending;
    }

    @Override
    public boolean sendPublish(Delivery delivery, int packetId, boolean duplicate) {
        ApplicationMessage message = delivery.message();
        long expiry = delivery.remainingExpiry(this.clock.nanoTime());
        if (expiry != Delivery.NO_EXPIRY) {
            message = message.withProperties(message.properties().withMessageExpiryInterval(Math.max(expiry, 1)));
        }
        ReceivedMessage received = new ReceivedMessage(message, duplicate, delivery.subscriptionIdentifiers(),
                delivery.publisherClientId());
        QoS qos = message.qos();
        CompletionStage<?> stage;
        this.pending++;
        try {
            stage = this.handler.onMessage(received);
        }
        catch (RuntimeException ex) {
            logger.warn("Message handler of {} failed on {}", this.client.clientId(), message.topic(), ex);
            stage = null;
        }
        if (stage == null) {
            // later, not here: completing drains the session, which would call this method again from within itself
            this.executor.execute(() -> completed(qos, packetId));
        }
        else {
            stage.whenComplete((result, failure) -> this.executor.execute(() -> completed(qos, packetId)));
        }
        return true;
    }

    private void completed(QoS qos, int packetId) {
        this.pending--;
        Session current = this.session;
        if (current == null) {
            return;
        }
        if (qos == QoS.AT_MOST_ONCE) {
            // room again: queued QoS 1 and 2 messages may go
            current.drain();
        }
        else if (qos == QoS.AT_LEAST_ONCE) {
            current.acknowledge(packetId);
        }
        else {
            current.received(packetId, true);
            current.complete(packetId);
        }
    }

    @Override
    public void sendPubrel(int packetId) {
        Session current = this.session;
        if (current != null) {
            current.complete(packetId);
        }
    }

    @Override
    public void disconnect(ReasonCode reasonCode, String reason) {
        Session current = this.session;
        if (current != null) {
            current.detach(this, null);
        }
    }

    @Override
    public @Nullable WillMessage takenOver() {
        this.session = null;
        return null;
    }

}
