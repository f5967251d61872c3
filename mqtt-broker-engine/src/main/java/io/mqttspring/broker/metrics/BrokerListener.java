package io.mqttspring.broker.metrics;

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

}
