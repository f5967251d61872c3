package io.mqttspring.broker.metrics;

import java.net.SocketAddress;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReasonCode;

import org.jspecify.annotations.Nullable;

/**
 * Receives broker events, for metrics and auditing. Every method has an empty default. Called on event loops, often
 * concurrently: implementations must be thread-safe, fast and must not block. An exception thrown here is logged
 * and otherwise ignored.
 */
public interface BrokerListener {

    /**
     * A client connected and was sent CONNACK.
     * @param client the client
     * @param sessionPresent whether it resumed an existing session
     */
    default void clientConnected(ClientInfo client, boolean sessionPresent) {
    }

    /**
     * A client's connection ended.
     * @param client the client
     * @param reasonCode the reason sent or received in DISCONNECT, or {@code null} when the connection was lost
     * without one
     */
    default void clientDisconnected(ClientInfo client, @Nullable ReasonCode reasonCode) {
    }

    /**
     * A subscription was granted.
     * @param client the subscriber
     * @param topicFilter the filter
     * @param grantedQos the granted QoS
     */
    default void subscribed(ClientInfo client, String topicFilter, QoS grantedQos) {
    }

    /**
     * A subscription was removed at the client's request.
     * @param client the subscriber
     * @param topicFilter the filter
     */
    default void unsubscribed(ClientInfo client, String topicFilter) {
    }

    /**
     * The broker accepted a message for routing.
     * @param publisher the publisher, or {@code null} when the broker or the application published it
     * @param message the message
     */
    default void messagePublished(@Nullable ClientInfo publisher, ApplicationMessage message) {
    }

    /**
     * A message was sent to a subscriber.
     * @param clientId the subscriber's client identifier
     * @param message the message as delivered
     */
    default void messageDelivered(String clientId, ApplicationMessage message) {
    }

    /**
     * A message was not delivered to a subscriber.
     * @param clientId the subscriber's client identifier
     * @param message the message
     * @param reason why
     */
    default void messageDropped(String clientId, ApplicationMessage message, DropReason reason) {
    }

    /**
     * A connection opened, before its CONNECT: return a callback to learn when and how its handshake ended, for
     * tracing or timing the handshake (authentication included). Most listeners return {@code null}, the default.
     * @param remoteAddress the client's address
     * @return told once, on the connection's event loop, when CONNACK accepted the client or the connection ended
     * before; or {@code null}
     */
    default @Nullable HandshakeEnd connectionOpened(@Nullable SocketAddress remoteAddress) {
        return null;
    }

    /**
     * Routing of a publication begins, on the publisher's event loop: return a callback to learn when it ended, for
     * tracing or timing the routing. Most listeners return {@code null}, the default.
     * @param publisher the publisher, or {@code null} for the broker or the application
     * @param message the message
     * @return told once, on the same thread, when the message has been handed to every matching subscriber on this
     * node; or {@code null}
     */
    default @Nullable RoutingEnd routingStarted(@Nullable ClientInfo publisher, ApplicationMessage message) {
        return null;
    }

    /**
     * The end of a connection's handshake.
     */
    @FunctionalInterface
    interface HandshakeEnd {

        /**
         * The handshake ended.
         * @param client the client, or {@code null} when the connection ended before a CONNECT was taken in
         * @param refusal {@code null} when CONNACK accepted the client; otherwise why it was refused or closed
         * before ({@link ReasonCode#UNSPECIFIED_ERROR} when the connection just closed)
         */
        void ended(@Nullable ClientInfo client, @Nullable ReasonCode refusal);

    }

    /**
     * The end of a publication's routing.
     */
    @FunctionalInterface
    interface RoutingEnd {

        /**
         * The publication was routed.
         * @param subscribers how many subscriptions on this node it went to, or -1 when routing failed
         */
        void routed(int subscribers);

    }

}
