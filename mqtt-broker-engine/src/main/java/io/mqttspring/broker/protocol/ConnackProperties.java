package io.mqttspring.broker.protocol;

import io.mqttspring.broker.codec.OutboundProperties;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.Capabilities;
import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.message.QoS;

import org.jspecify.annotations.Nullable;

/**
 * The properties of a successful MQTT 5 CONNACK: what the broker granted and what it supports, each sent only when it
 * differs from the protocol's default, except Maximum Packet Size which is always announced.
 */
final class ConnackProperties {

    private ConnackProperties() {
    }

    /**
     * Return the properties of a successful CONNACK.
     * @param accepted what the CONNECT settled
     * @param config the broker configuration
     * @param authenticationMethod the enhanced authentication method, or {@code null}
     * @param authenticationData the method's data on success, or {@code null}
     * @return the properties
     */
    static OutboundProperties of(ConnectParameters accepted, BrokerConfig config,
            @Nullable String authenticationMethod, byte @Nullable [] authenticationData) {
        Limits limits = config.limits();
        Capabilities capabilities = config.capabilities();
        OutboundProperties properties = new OutboundProperties();
        if (accepted.clientIdAssigned()) {
            // [MQTT-3.2.2-16]
            properties.string(OutboundProperties.ASSIGNED_CLIENT_IDENTIFIER, accepted.clientId());
        }
        if (accepted.sessionExpiryReduced()) {
            properties.fourBytes(OutboundProperties.SESSION_EXPIRY_INTERVAL, accepted.sessionExpiry());
        }
        if (accepted.serverKeepAlive()) {
            properties.twoBytes(OutboundProperties.SERVER_KEEP_ALIVE, accepted.keepAlive());
        }
        if (limits.receiveMaximum() < 65_535) {
            properties.twoBytes(OutboundProperties.RECEIVE_MAXIMUM, limits.receiveMaximum());
        }
        if (capabilities.maximumQos() != QoS.EXACTLY_ONCE) {
            // [MQTT-3.2.2-9]
            properties.oneByte(OutboundProperties.MAXIMUM_QOS, capabilities.maximumQos().value());
        }
        if (!capabilities.retainAvailable()) {
            properties.oneByte(OutboundProperties.RETAIN_AVAILABLE, 0);
        }
        properties.fourBytes(OutboundProperties.MAXIMUM_PACKET_SIZE, limits.maxPacketSize());
        if (capabilities.topicAliasMaximum() > 0) {
            properties.twoBytes(OutboundProperties.TOPIC_ALIAS_MAXIMUM, capabilities.topicAliasMaximum());
        }
        if (!capabilities.wildcardSubscriptionsAvailable()) {
            properties.oneByte(OutboundProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, 0);
        }
        if (!capabilities.subscriptionIdentifiersAvailable()) {
            properties.oneByte(OutboundProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0);
        }
        if (!capabilities.sharedSubscriptionsAvailable()) {
            properties.oneByte(OutboundProperties.SHARED_SUBSCRIPTION_AVAILABLE, 0);
        }
        if (authenticationMethod != null) {
            // [MQTT-4.12.0-5] the successful CONNACK names the method of the exchange
            properties.string(OutboundProperties.AUTHENTICATION_METHOD, authenticationMethod);
            properties.binary(OutboundProperties.AUTHENTICATION_DATA, authenticationData);
        }
        if (accepted.requestResponseInformation() && capabilities.responseInformation() != null) {
            // [MQTT-3.1.2-28] only when asked for
            properties.string(OutboundProperties.RESPONSE_INFORMATION, capabilities.responseInformation());
        }
        return properties;
    }

}
