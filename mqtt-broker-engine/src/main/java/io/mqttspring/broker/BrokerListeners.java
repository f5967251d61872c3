package io.mqttspring.broker;

import java.net.SocketAddress;
import java.util.List;
import java.util.function.Consumer;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.metrics.DropReason;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to several listeners, so one that throws cannot disturb the broker or the others.
 */
final class BrokerListeners implements BrokerListener {

    private static final Logger logger = LoggerFactory.getLogger(BrokerListeners.class);

    private final List<BrokerListener> listeners;

    BrokerListeners(List<BrokerListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(Consumer<BrokerListener> event) {
        for (BrokerListener listener : this.listeners) {
            try {
                event.accept(listener);
            }
            catch (RuntimeException ex) {
                logger.warn("Broker listener {} failed", listener, ex);
            }
        }
    }

    @Override
    public void clientConnected(ClientInfo client, boolean sessionPresent) {
        each((listener) -> listener.clientConnected(client, sessionPresent));
    }

    @Override
    public void clientDisconnected(ClientInfo client, @Nullable ReasonCode reasonCode) {
        each((listener) -> listener.clientDisconnected(client, reasonCode));
    }

    @Override
    public void subscribed(ClientInfo client, String topicFilter, QoS grantedQos) {
        each((listener) -> listener.subscribed(client, topicFilter, grantedQos));
    }

    @Override
    public void unsubscribed(ClientInfo client, String topicFilter) {
        each((listener) -> listener.unsubscribed(client, topicFilter));
    }

    @Override
    public void messagePublished(@Nullable ClientInfo publisher, ApplicationMessage message) {
        if (!this.listeners.isEmpty()) {
            each((listener) -> listener.messagePublished(publisher, message));
        }
    }

    @Override
    public void messageDelivered(String clientId, ApplicationMessage message) {
        if (!this.listeners.isEmpty()) {
            each((listener) -> listener.messageDelivered(clientId, message));
        }
    }

    @Override
    public void messageDropped(String clientId, ApplicationMessage message, DropReason reason) {
        each((listener) -> listener.messageDropped(clientId, message, reason));
    }

    @Override
    public BrokerListener.@Nullable HandshakeEnd connectionOpened(@Nullable SocketAddress remoteAddress) {
        HandshakeEnd combined = null;
        for (BrokerListener listener : this.listeners) {
            HandshakeEnd end;
            try {
                end = listener.connectionOpened(remoteAddress);
            }
            catch (RuntimeException ex) {
                logger.warn("Broker listener {} failed", listener, ex);
                continue;
            }
            if (end != null) {
                HandshakeEnd before = combined;
                combined = (client, refusal) -> {
                    if (before != null) {
                        before.ended(client, refusal);
                    }
                    each(end, client, refusal);
                };
            }
        }
        return combined;
    }

    private static void each(HandshakeEnd end, @Nullable ClientInfo client, @Nullable ReasonCode refusal) {
        try {
            end.ended(client, refusal);
        }
        catch (RuntimeException ex) {
            logger.warn("Broker listener handshake callback failed", ex);
        }
    }

    @Override
    public BrokerListener.@Nullable RoutingEnd routingStarted(@Nullable ClientInfo publisher,
            ApplicationMessage message) {
        RoutingEnd combined = null;
        for (BrokerListener listener : this.listeners) {
            // called for every publication: no lambda here, and none kept unless a listener traces routing
            RoutingEnd end;
            try {
                end = listener.routingStarted(publisher, message);
            }
            catch (RuntimeException ex) {
                logger.warn("Broker listener {} failed", listener, ex);
                continue;
            }
            if (end != null) {
                RoutingEnd before = combined;
                combined = (subscribers) -> {
                    if (before != null) {
                        before.routed(subscribers);
                    }
                    each(end, subscribers);
                };
            }
        }
        return combined;
    }

    private static void each(RoutingEnd end, int subscribers) {
        try {
            end.routed(subscribers);
        }
        catch (RuntimeException ex) {
            logger.warn("Broker listener routing callback failed", ex);
        }
    }

}
