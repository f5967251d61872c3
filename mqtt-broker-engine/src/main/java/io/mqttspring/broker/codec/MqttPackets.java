package io.mqttspring.broker.codec;

import java.util.List;

import io.mqttspring.broker.message.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;

import org.jspecify.annotations.Nullable;

/**
 * Builds the packets the broker sends. Reason codes and properties are left out by the encoder for MQTT 3.1.1
 * channels, so callers need not care about the version except where the two differ in meaning.
 */
public final class MqttPackets {

    private static final MqttMessage PINGRESP = new MqttMessage(
            new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));

    private MqttPackets() {
    }

    public static MqttConnAckMessage connack(int returnCode, boolean sessionPresent, MqttProperties properties) {
        return new MqttConnAckMessage(fixed(MqttMessageType.CONNACK, MqttQoS.AT_MOST_ONCE),
                new MqttConnAckVariableHeader(MqttConnectReturnCode.valueOf((byte) returnCode), sessionPresent,
                        properties));
    }

    public static MqttPublishMessage publish(String topic, MqttQoS qos, boolean retain, boolean duplicate,
            int packetId, MqttProperties properties, ByteBuf payload) {
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, duplicate, qos, retain, 0);
        return new MqttPublishMessage(header, new MqttPublishVariableHeader(topic, packetId, properties), payload);
    }

    public static MqttMessage puback(int packetId, ReasonCode reasonCode, @Nullable String reasonString) {
        return pubReply(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE, packetId, reasonCode, reasonString);
    }

    public static MqttMessage pubrec(int packetId, ReasonCode reasonCode, @Nullable String reasonString) {
        return pubReply(MqttMessageType.PUBREC, MqttQoS.AT_MOST_ONCE, packetId, reasonCode, reasonString);
    }

    public static MqttMessage pubrel(int packetId, ReasonCode reasonCode) {
        // [MQTT-3.6.1-1] PUBREL carries fixed header flags 0010
        return pubReply(MqttMessageType.PUBREL, MqttQoS.AT_LEAST_ONCE, packetId, reasonCode, null);
    }

    public static MqttMessage pubcomp(int packetId, ReasonCode reasonCode) {
        return pubReply(MqttMessageType.PUBCOMP, MqttQoS.AT_MOST_ONCE, packetId, reasonCode, null);
    }

    private static MqttMessage pubReply(MqttMessageType type, MqttQoS qos, int packetId, ReasonCode reasonCode,
            @Nullable String reasonString) {
        return new MqttMessage(fixed(type, qos), new MqttPubReplyMessageVariableHeader(packetId,
                (byte) reasonCode.value(), reasonStringProperty(reasonString)));
    }

    public static MqttSubAckMessage suback(int packetId, List<Integer> reasonCodes, @Nullable String reasonString) {
        return new MqttSubAckMessage(fixed(MqttMessageType.SUBACK, MqttQoS.AT_MOST_ONCE),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, reasonStringProperty(reasonString)),
                new MqttSubAckPayload(reasonCodes));
    }

    public static MqttUnsubAckMessage unsuback(int packetId, List<Short> reasonCodes) {
        return new MqttUnsubAckMessage(fixed(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttUnsubAckPayload(reasonCodes));
    }

    public static MqttMessage unsubackMqtt311(int packetId) {
        return new MqttMessage(fixed(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE),
                MqttMessageIdVariableHeader.from(packetId));
    }

    public static MqttMessage disconnect(ReasonCode reasonCode, @Nullable String reasonString) {
        return new MqttMessage(fixed(MqttMessageType.DISCONNECT, MqttQoS.AT_MOST_ONCE),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode.value(),
                        reasonStringProperty(reasonString)));
    }

    public static MqttMessage auth(ReasonCode reasonCode, String method, byte @Nullable [] data) {
        MqttProperties properties = new MqttProperties();
        // [MQTT-4.12.0-5] every AUTH carries the method of the exchange
        properties.add(new StringProperty(MqttProperties.AUTHENTICATION_METHOD, method));
        if (data != null) {
            properties.add(new MqttProperties.BinaryProperty(MqttProperties.AUTHENTICATION_DATA, data));
        }
        return new MqttMessage(fixed(MqttMessageType.AUTH, MqttQoS.AT_MOST_ONCE),
                new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode.value(), properties));
    }

    public static MqttMessage pingresp() {
        return PINGRESP;
    }

    private static MqttProperties reasonStringProperty(@Nullable String reasonString) {
        if (reasonString == null) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        properties.add(new StringProperty(MqttProperties.REASON_STRING, reasonString));
        return properties;
    }

    private static MqttFixedHeader fixed(MqttMessageType type, MqttQoS qos) {
        return new MqttFixedHeader(type, false, qos, false, 0);
    }

}
