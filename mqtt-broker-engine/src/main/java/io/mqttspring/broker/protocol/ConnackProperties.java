package io.mqttspring.broker.protocol;

import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.Capabilities;
import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.message.QoS;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;

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
     * @param authentication the enhanced authentication exchange, or {@code null}
     * @return the properties; none for MQTT 3.1.1
     */
    static MqttProperties of(ConnectParameters accepted, BrokerConfig config,
            @Nullable EnhancedAuthentication authentication) {
        if (!accepted.version().isMqtt5()) {
            return MqttProperties.NO_PROPERTIES;
        }
        Limits limits = config.limits();
        Capabilities capabilities = config.capabilities();
        MqttProperties properties = new MqttProperties();
        if (accepted.clientIdAssigned()) {
            // [MQTT-3.2.2-16]
            properties.add(new StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, accepted.clientId()));
        }
        if (accepted.sessionExpiryReduced()) {
            properties.add(new IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL,
                    (int) accepted.sessionExpiry()));
        }
        if (accepted.serverKeepAlive()) {
            properties.add(new IntegerProperty(MqttProperties.SERVER_KEEP_ALIVE, accepted.keepAlive()));
        }
        if (limits.receiveMaximum() < 65_535) {
            properties.add(new IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, limits.receiveMaximum()));
        }
        if (capabilities.maximumQos() != QoS.EXACTLY_ONCE) {
            // [MQTT-3.2.2-9]
            properties.add(new IntegerProperty(MqttProperties.MAXIMUM_QOS, capabilities.maximumQos().value()));
        }
        if (!capabilities.retainAvailable()) {
            properties.add(new IntegerProperty(MqttProperties.RETAIN_AVAILABLE, 0));
        }
        properties.add(new IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, limits.maxPacketSize()));
        if (capabilities.topicAliasMaximum() > 0) {
            properties.add(new IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, capabilities.topicAliasMaximum()));
        }
        if (!capabilities.wildcardSubscriptionsAvailable()) {
            properties.add(new IntegerProperty(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, 0));
        }
        if (!capabilities.subscriptionIdentifiersAvailable()) {
            properties.add(new IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0));
        }
        if (!capabilities.sharedSubscriptionsAvailable()) {
            properties.add(new IntegerProperty(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 0));
        }
        if (authentication != null) {
            // [MQTT-4.12.0-5] the successful CONNACK names the method of the exchange
            properties.add(new StringProperty(MqttProperties.AUTHENTICATION_METHOD, authentication.method()));
            byte[] data = authentication.successData();
            if (data != null) {
                properties.add(new MqttProperties.BinaryProperty(MqttProperties.AUTHENTICATION_DATA, data));
            }
        }
        if (accepted.requestResponseInformation() && capabilities.responseInformation() != null) {
            // [MQTT-3.1.2-28] only when asked for
            properties.add(new StringProperty(MqttProperties.RESPONSE_INFORMATION,
                    capabilities.responseInformation()));
        }
        return properties;
    }

}
