package io.mqttspring.broker.codec;

import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.message.ReasonCode;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribePayload;

/**
 * Parses every packet but PUBLISH into Netty's MQTT message types, which the protocol flows read: the fixed header's
 * flags [MQTT-2.2.2-1] [MQTT-2.2.2-2], the fields of each packet and, for MQTT 5, their property sections. Packets
 * only a server sends (CONNACK, SUBACK, UNSUBACK, PINGRESP) keep their type and lose their body: the broker refuses
 * them whatever they hold. Stateless: the decoder of each channel passes its limit.
 */
final class ControlPacketParser {

    // MQTT 3.1 client identifiers are 1 to 23 characters; longer ones are allowed up to the broker's limit
    private static final int MIN_MQTT_3_1_CLIENT_ID_LENGTH = 1;

    private ControlPacketParser() {
    }

    /**
     * Return the protocol level byte of a CONNECT without moving the reader, or -1 when the packet is too short.
     */
    static int peekLevel(PacketReader reader) {
        int index = reader.index();
        if (reader.remaining() < 2) {
            return -1;
        }
        int levelIndex = index + 2 + reader.buffer().getUnsignedShort(index);
        return (levelIndex < reader.end()) ? reader.buffer().getUnsignedByte(levelIndex) : -1;
    }

    /**
     * Return a CONNECT that follows the connection's first, unread.
     * @param remainingLength its Remaining Length
     * @return a packet of type CONNECT with a fixed header only
     */
    static MqttMessage secondConnect(int remainingLength) {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.CONNECT, false, MqttQoS.AT_MOST_ONCE, false,
                remainingLength));
    }

    /**
     * Parse one packet.
     * @param type the packet type
     * @param flags the fixed header's low four bits
     * @param remainingLength the fixed header's Remaining Length
     * @param reader the packet's body
     * @param level the protocol level the connection speaks (4 before CONNECT)
     * @param maxClientIdLength the longest client identifier an MQTT 3.1 client may send
     * @return the packet
     */
    static MqttMessage parse(int type, int flags, int remainingLength, PacketReader reader, int level,
            int maxClientIdLength) {
        MqttMessageType messageType = messageType(type);
        boolean mqtt5 = level == 5;
        checkFlags(messageType, flags);
        MqttFixedHeader fixedHeader = new MqttFixedHeader(messageType, false,
                (flags == 0x02) ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE, false, remainingLength);
        return switch (messageType) {
            case CONNECT -> connect(fixedHeader, reader, maxClientIdLength);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> new MqttMessage(fixedHeader, publishReply(reader, mqtt5));
            case SUBSCRIBE -> subscribe(fixedHeader, reader, mqtt5);
            case UNSUBSCRIBE -> unsubscribe(fixedHeader, reader, mqtt5);
            case PINGREQ, PINGRESP -> {
                reader.expectEnd(messageType.name());
                yield new MqttMessage(fixedHeader);
            }
            case DISCONNECT -> {
                if (!mqtt5) {
                    // MQTT 3.1.1 section 3.14: DISCONNECT has no variable header
                    reader.expectEnd("DISCONNECT");
                    yield new MqttMessage(fixedHeader);
                }
                yield new MqttMessage(fixedHeader, reasonCodeAndProperties(reader, PropertySection.DISCONNECT));
            }
            case AUTH -> {
                if (!mqtt5) {
                    // MQTT 3.1.1 section 2.2.1: packet type 15 is reserved before MQTT 5
                    throw PacketDecodeException.malformed("AUTH needs MQTT 5");
                }
                yield new MqttMessage(fixedHeader, reasonCodeAndProperties(reader, PropertySection.AUTH));
            }
            // CONNACK, SUBACK, UNSUBACK: sent by servers only, refused by the connection
            default -> new MqttMessage(fixedHeader);
        };
    }

    private static MqttMessageType messageType(int type) {
        if (type == 0) {
            // [MQTT-2.1.3-1] packet type 0 is reserved
            throw PacketDecodeException.malformed("reserved packet type 0");
        }
        return MqttMessageType.valueOf(type);
    }

    private static void checkFlags(MqttMessageType type, int flags) {
        // [MQTT-3.6.1-1] [MQTT-3.8.1-1] [MQTT-3.10.1-1] PUBREL, SUBSCRIBE and UNSUBSCRIBE carry 0010, the others 0000
        int expected = (type == MqttMessageType.PUBREL || type == MqttMessageType.SUBSCRIBE
                || type == MqttMessageType.UNSUBSCRIBE) ? 0x02 : 0x00;
        if (flags != expected) {
            throw PacketDecodeException.malformed(String.format("reserved flags 0x%X in %s", flags, type));
        }
    }

    private static MqttConnectMessage connect(MqttFixedHeader fixedHeader, PacketReader reader,
            int maxClientIdLength) {
        String protocolName = reader.string();
        int level = reader.u8();
        if (!((level == 3 && protocolName.equals("MQIsdp")) || ((level == 4 || level == 5)
                && protocolName.equals("MQTT")))) {
            // 3.1.1 [MQTT-3.1.2-2], 5.0 [MQTT-3.1.2-2]
            throw new PacketDecodeException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
                    "protocol " + protocolName + " level " + level + " not supported");
        }
        int connectFlags = reader.u8();
        int keepAlive = reader.u16();
        if (level != 3 && (connectFlags & 0x01) != 0) {
            // 3.1.1 [MQTT-3.1.2-3], 5.0 [MQTT-3.1.2-3]
            throw PacketDecodeException.malformed("reserved CONNECT flag set");
        }
        boolean willFlag = (connectFlags & 0x04) != 0;
        boolean hasUserName = (connectFlags & 0x80) != 0;
        boolean hasPassword = (connectFlags & 0x40) != 0;
        MqttProperties properties = (level == 5) ? properties(reader, PropertySection.CONNECT)
                : MqttProperties.NO_PROPERTIES;
        String clientId = reader.string();
        if (level == 3 && (clientId.length() < MIN_MQTT_3_1_CLIENT_ID_LENGTH
                || clientId.length() > maxClientIdLength)) {
            throw new PacketDecodeException(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "MQTT 3.1 client identifier of " + clientId.length() + " characters");
        }
        MqttProperties willProperties = MqttProperties.NO_PROPERTIES;
        String willTopic = null;
        byte[] willMessage = null;
        if (willFlag) {
            if (level == 5) {
                willProperties = properties(reader, PropertySection.WILL);
            }
            willTopic = reader.string();
            willMessage = reader.binary();
        }
        String userName = hasUserName ? reader.string() : null;
        byte[] password = hasPassword ? reader.binary() : null;
        reader.expectEnd("CONNECT");
        MqttConnectVariableHeader header = new MqttConnectVariableHeader(protocolName, level, hasUserName,
                hasPassword, (connectFlags & 0x20) != 0, (connectFlags >> 3) & 0x03, willFlag,
                (connectFlags & 0x02) != 0, keepAlive, properties);
        return new MqttConnectMessage(fixedHeader, header,
                new MqttConnectPayload(clientId, willProperties, willTopic, willMessage, userName, password));
    }

    private static MqttPubReplyMessageVariableHeader publishReply(PacketReader reader, boolean mqtt5) {
        int packetId = reader.packetId();
        int reasonCode = 0;
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        // MQTT 3.1.1 sections 3.4 to 3.7: the packet identifier only; MQTT 5 may leave the reason code and
        // properties out (section 3.4.2.1)
        if (mqtt5 && reader.hasRemaining()) {
            reasonCode = reader.u8();
            if (reader.hasRemaining()) {
                properties = properties(reader, PropertySection.ACK);
            }
        }
        reader.expectEnd("acknowledgement");
        return new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode, properties);
    }

    private static MqttSubscribeMessage subscribe(MqttFixedHeader fixedHeader, PacketReader reader, boolean mqtt5) {
        int packetId = reader.packetId();
        MqttProperties properties = mqtt5 ? properties(reader, PropertySection.SUBSCRIBE)
                : MqttProperties.NO_PROPERTIES;
        // 3.1.1 [MQTT-3.8.3-4], 5.0 [MQTT-3.8.3-5]: reserved option bits must be 0
        int reserved = mqtt5 ? 0xC0 : 0xFC;
        List<MqttTopicSubscription> subscriptions = new ArrayList<>(1);
        while (reader.hasRemaining()) {
            String filter = reader.string();
            int options = reader.u8();
            if ((options & reserved) != 0) {
                throw PacketDecodeException.malformed(String.format("reserved subscription option bits set: 0x%02X",
                        options));
            }
            if ((options & 0x03) == 3 || (options & 0x30) == 0x30) {
                // MQTT 5.0 section 3.8.3.1: Maximum QoS 3 and Retain Handling 3 are protocol errors; 3.1.1 QoS 3
                // [MQTT-3.8.3-4] is malformed
                String detail = String.format("invalid subscription options 0x%02X", options);
                throw mqtt5 ? PacketDecodeException.protocolError(detail) : PacketDecodeException.malformed(detail);
            }
            MqttSubscriptionOption option = new MqttSubscriptionOption(MqttQoS.valueOf(options & 0x03),
                    (options & 0x04) != 0, (options & 0x08) != 0,
                    MqttSubscriptionOption.RetainedHandlingPolicy.valueOf((options >> 4) & 0x03));
            subscriptions.add(new MqttTopicSubscription(filter, option));
        }
        return new MqttSubscribeMessage(fixedHeader, new MqttMessageIdAndPropertiesVariableHeader(packetId,
                properties), new MqttSubscribePayload(subscriptions));
    }

    private static MqttUnsubscribeMessage unsubscribe(MqttFixedHeader fixedHeader, PacketReader reader,
            boolean mqtt5) {
        int packetId = reader.packetId();
        MqttProperties properties = mqtt5 ? properties(reader, PropertySection.UNSUBSCRIBE)
                : MqttProperties.NO_PROPERTIES;
        List<String> filters = new ArrayList<>(1);
        while (reader.hasRemaining()) {
            filters.add(reader.string());
        }
        return new MqttUnsubscribeMessage(fixedHeader, new MqttMessageIdAndPropertiesVariableHeader(packetId,
                properties), new MqttUnsubscribePayload(filters));
    }

    private static MqttReasonCodeAndPropertiesVariableHeader reasonCodeAndProperties(PacketReader reader, int kind) {
        int reasonCode = 0;
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        // both may be left out (MQTT 5.0 sections 3.14.2.1 and 3.15.2.1)
        if (reader.hasRemaining()) {
            reasonCode = reader.u8();
            if (reader.hasRemaining()) {
                properties = properties(reader, kind);
            }
        }
        reader.expectEnd((kind == PropertySection.AUTH) ? "AUTH" : "DISCONNECT");
        return new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode, properties);
    }

    private static MqttProperties properties(PacketReader reader, int kind) {
        NettyProperties sink = new NettyProperties();
        PropertySection.read(reader, kind, sink);
        return sink.properties;
    }

    /**
     * Collects a property section into Netty's property table.
     */
    private static final class NettyProperties implements PropertySection.Sink {

        private MqttProperties properties = MqttProperties.NO_PROPERTIES;

        private MqttProperties table() {
            if (this.properties == MqttProperties.NO_PROPERTIES) {
                this.properties = new MqttProperties();
            }
            return this.properties;
        }

        @Override
        public void integer(int id, int value) {
            if (id == PropertySection.PAYLOAD_FORMAT_INDICATOR && value > 1) {
                // MQTT 5.0 section 3.1.3.2.3 defines 0 and 1 only
                throw PacketDecodeException.protocolError("Payload Format Indicator " + value);
            }
            table().add(new MqttProperties.IntegerProperty(id, value));
        }

        @Override
        public void string(int id, String value) {
            table().add(new MqttProperties.StringProperty(id, value));
        }

        @Override
        public void binary(int id, byte[] value) {
            table().add(new MqttProperties.BinaryProperty(id, value));
        }

        @Override
        public void userProperty(String name, String value) {
            table().add(new MqttProperties.UserProperty(name, value));
        }

    }

}
