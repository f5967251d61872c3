package io.mqttspring.broker.protocol;

import java.util.Set;
import java.util.UUID;

import io.mqttspring.broker.codec.MessagePropertiesCodec;
import io.mqttspring.broker.codec.Utf8Payloads;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.Capabilities;
import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.session.SessionRegistry;
import io.mqttspring.broker.core.InvalidTopicException;
import io.mqttspring.broker.subscription.TopicName;
import io.mqttspring.broker.will.WillMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;

import org.jspecify.annotations.Nullable;

/**
 * Checks a decoded CONNECT against the rules of MQTT section 3.1 that decoding leaves to the broker, and
 * settles the connection's parameters. Stateless and thread-safe.
 */
final class ConnectValidator {

    private static final long DEFAULT_MAXIMUM_PACKET_SIZE = Limits.PROTOCOL_MAX_PACKET_SIZE;

    private final BrokerConfig config;

    private final Set<String> authenticationMethods;

    ConnectValidator(BrokerConfig config, Set<String> authenticationMethods) {
        this.config = config;
        this.authenticationMethods = Set.copyOf(authenticationMethods);
    }

    ConnectDecision validate(MqttConnectMessage connect) {
        MqttConnectVariableHeader header = connect.variableHeader();
        MqttConnectPayload payload = connect.payload();
        ProtocolVersion version = versionOf(header.version());
        boolean mqtt5 = version.isMqtt5();
        if (!header.isWillFlag() && (header.willQos() != 0 || header.isWillRetain())) {
            // 3.1.1 [MQTT-3.1.2-13] [MQTT-3.1.2-15], 5.0 [MQTT-3.1.2-11] [MQTT-3.1.2-13]
            return malformed("Will QoS or Will Retain set without Will Flag");
        }
        if (header.isWillFlag() && header.willQos() == 3) {
            // 3.1.1 [MQTT-3.1.2-14], 5.0 [MQTT-3.1.2-12]
            return malformed("Will QoS 3");
        }
        if (!mqtt5 && header.hasPassword() && !header.hasUserName()) {
            // 3.1.1 [MQTT-3.1.2-22]
            return malformed("Password Flag set without User Name Flag");
        }
        // strings are well-formed UTF-8 without U+0000: the decoder checked their bytes
        String clientId = payload.clientIdentifier();
        boolean assigned = false;
        if (clientId.isEmpty()) {
            if (!mqtt5 && !header.isCleanSession()) {
                // 3.1.1 [MQTT-3.1.3-8]: an empty identifier needs Clean Session
                return new ConnectDecision.Refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                        "empty client identifier without clean session");
            }
            // 3.1.1 [MQTT-3.1.3-6], 5.0 [MQTT-3.1.3-6] [MQTT-3.1.3-7]
            clientId = "auto-" + UUID.randomUUID();
            assigned = true;
        }
        else if (clientId.length() > this.config.limits().maxClientIdLength()) {
            return new ConnectDecision.Refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "client identifier too long");
        }
        else if (clientId.startsWith(SessionRegistry.IN_PROCESS_PREFIX)) {
            return new ConnectDecision.Refuse(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "client identifiers starting with " + SessionRegistry.IN_PROCESS_PREFIX + " are reserved");
        }
        MqttProperties properties = header.properties();
        Integer receiveMaximum = MessagePropertiesCodec.intValue(properties, MqttProperties.RECEIVE_MAXIMUM);
        Integer maximumPacketSize = MessagePropertiesCodec.intValue(properties, MqttProperties.MAXIMUM_PACKET_SIZE);
        Integer topicAliasMaximum = MessagePropertiesCodec.intValue(properties, MqttProperties.TOPIC_ALIAS_MAXIMUM);
        Integer problemInformation = MessagePropertiesCodec.intValue(properties,
                MqttProperties.REQUEST_PROBLEM_INFORMATION);
        Integer responseInformation = MessagePropertiesCodec.intValue(properties,
                MqttProperties.REQUEST_RESPONSE_INFORMATION);
        if (receiveMaximum != null && receiveMaximum == 0) {
            return protocolError("Receive Maximum 0");
        }
        if (maximumPacketSize != null && maximumPacketSize == 0) {
            return protocolError("Maximum Packet Size 0");
        }
        if ((problemInformation != null && problemInformation > 1)
                || (responseInformation != null && responseInformation > 1)) {
            return protocolError("Request Problem/Response Information must be 0 or 1");
        }
        String authenticationMethod = MessagePropertiesCodec.stringValue(properties,
                MqttProperties.AUTHENTICATION_METHOD);
        if (authenticationMethod != null && !this.authenticationMethods.contains(authenticationMethod)) {
            // 5.0 [MQTT-4.12.0-1]
            return new ConnectDecision.Refuse(ReasonCode.BAD_AUTHENTICATION_METHOD,
                    "authentication method " + authenticationMethod + " not supported");
        }
        if (authenticationMethod == null
                && MessagePropertiesCodec.binaryValue(properties, MqttProperties.AUTHENTICATION_DATA) != null) {
            // MQTT 5.0 section 3.1.2.11.10: data without a method
            return protocolError("Authentication Data without Authentication Method");
        }
        WillMessage will = null;
        if (header.isWillFlag()) {
            ConnectDecision willProblem = checkWill(header, mqtt5);
            if (willProblem != null) {
                return willProblem;
            }
            will = will(header, payload, mqtt5);
            if (will == null) {
                return new ConnectDecision.Refuse(mqtt5 ? ReasonCode.TOPIC_NAME_INVALID : ReasonCode.MALFORMED_PACKET,
                        "invalid will topic");
            }
            String responseTopic = will.message().properties().responseTopic();
            if (responseTopic != null && !TopicName.isValid(responseTopic)) {
                // MQTT 5.0 section 3.1.3.2.6 with [MQTT-3.3.2-14]: the will's Response Topic has no wildcards
                return protocolError("will Response Topic is not a topic name");
            }
            if (Integer.valueOf(1).equals(will.message().properties().payloadFormatIndicator())
                    && !Utf8Payloads.isWellFormed(will.message().payload())) {
                // MQTT 5.0 section 3.1.3.2.3: a will payload announced as UTF-8 that is not
                return new ConnectDecision.Refuse(ReasonCode.PAYLOAD_FORMAT_INVALID, "will payload is not valid UTF-8");
            }
        }
        Limits limits = this.config.limits();
        long requestedExpiry = mqtt5 ? sessionExpiry(properties) : (header.isCleanSession() ? 0
                : Limits.MAX_FOUR_BYTE_INTEGER);
        long sessionExpiry = Math.min(requestedExpiry, limits.maxSessionExpirySeconds());
        int requestedKeepAlive = header.keepAliveTimeSeconds();
        int maxKeepAlive = (int) limits.maxKeepAlive().toSeconds();
        int keepAlive = requestedKeepAlive;
        if (mqtt5 && maxKeepAlive < 65_535 && (requestedKeepAlive == 0 || requestedKeepAlive > maxKeepAlive)) {
            keepAlive = maxKeepAlive;
        }
        return new ConnectDecision.Accept(new ConnectParameters(version, clientId, assigned,
                header.isCleanSession(), sessionExpiry, sessionExpiry != requestedExpiry && mqtt5, keepAlive,
                keepAlive != requestedKeepAlive, will, payload.userName(), payload.passwordInBytes(),
                (receiveMaximum != null) ? receiveMaximum : 65_535,
                (maximumPacketSize != null) ? Integer.toUnsignedLong(maximumPacketSize) : DEFAULT_MAXIMUM_PACKET_SIZE,
                (topicAliasMaximum != null) ? topicAliasMaximum : 0,
                problemInformation == null || problemInformation == 1,
                responseInformation != null && responseInformation == 1, authenticationMethod,
                MessagePropertiesCodec.binaryValue(properties, MqttProperties.AUTHENTICATION_DATA)));
    }

    private @Nullable ConnectDecision checkWill(MqttConnectVariableHeader header, boolean mqtt5) {
        Capabilities capabilities = this.config.capabilities();
        if (mqtt5 && header.willQos() > capabilities.maximumQos().value()) {
            // 5.0 [MQTT-3.2.2-12]
            return new ConnectDecision.Refuse(ReasonCode.QOS_NOT_SUPPORTED, "will QoS not supported");
        }
        if (mqtt5 && header.isWillRetain() && !capabilities.retainAvailable()) {
            // 5.0 [MQTT-3.2.2-13]
            return new ConnectDecision.Refuse(ReasonCode.RETAIN_NOT_SUPPORTED, "retained messages not supported");
        }
        return null;
    }

    private @Nullable WillMessage will(MqttConnectVariableHeader header, MqttConnectPayload payload, boolean mqtt5) {
        TopicName topic;
        try {
            topic = TopicName.of(payload.willTopic(), this.config.limits().maxTopicLevels());
        }
        catch (InvalidTopicException ex) {
            return null;
        }
        MqttProperties willProperties = payload.willProperties();
        MessageProperties properties = mqtt5 ? MessagePropertiesCodec.read(willProperties) : MessageProperties.NONE;
        Integer delay = mqtt5 ? MessagePropertiesCodec.intValue(willProperties, MqttProperties.WILL_DELAY_INTERVAL)
                : null;
        QoS qos = QoS.of(header.willQos()).min(this.config.capabilities().maximumQos());
        boolean retain = header.isWillRetain() && this.config.capabilities().retainAvailable();
        ApplicationMessage message = new ApplicationMessage(topic.value(), payload.willMessageInBytes(), qos, retain,
                properties);
        return new WillMessage(message, (delay != null) ? Integer.toUnsignedLong(delay) : 0);
    }

    private static long sessionExpiry(MqttProperties properties) {
        Integer expiry = MessagePropertiesCodec.intValue(properties, MqttProperties.SESSION_EXPIRY_INTERVAL);
        return (expiry != null) ? Integer.toUnsignedLong(expiry) : 0;
    }

    static ProtocolVersion versionOf(int level) {
        return switch (level) {
            case 3 -> ProtocolVersion.MQTT_3_1;
            case 5 -> ProtocolVersion.MQTT_5;
            default -> ProtocolVersion.MQTT_3_1_1;
        };
    }

    private static ConnectDecision malformed(String reason) {
        return new ConnectDecision.Refuse(ReasonCode.MALFORMED_PACKET, reason);
    }

    private static ConnectDecision protocolError(String reason) {
        return new ConnectDecision.Refuse(ReasonCode.PROTOCOL_ERROR, reason);
    }

}
