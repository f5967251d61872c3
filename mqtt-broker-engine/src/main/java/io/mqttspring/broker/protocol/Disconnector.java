package io.mqttspring.broker.protocol;

import io.mqttspring.broker.codec.MqttFrameDecoder;
import io.mqttspring.broker.codec.MqttPackets;
import io.mqttspring.broker.message.ReasonCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the broker closes a client connection. Picks the wire behaviour of the connection's state and
 * version: before CONNACK a refusing CONNACK (MQTT 3.1.1 only where a return code exists), after it a DISCONNECT
 * for MQTT 5 clients and a plain close for the others. Logs once.
 */
final class Disconnector {

    private static final Logger logger = LoggerFactory.getLogger(Disconnector.class);

    // Netty's decoder records the version of the CONNECT it decoded under this name.
    private static final AttributeKey<MqttVersion> MQTT_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private Disconnector() {
    }

    /**
     * Close a connection from the broker side.
     * @param connection the connection
     * @param reasonCode why
     * @param detail a description for the log and the MQTT 5 reason string
     */
    static void disconnect(MqttConnection connection, ReasonCode reasonCode, String detail) {
        if (!connection.markClosing(reasonCode)) {
            return;
        }
        Channel channel = connection.channel();
        logger.debug("Disconnecting {}: {} {}", connection.describe(), reasonCode, detail);
        // [MQTT-3.2.2-19] [MQTT-3.14.2-3] the reason string goes only if the packet stays within the client's limit
        String reasonString = ReasonStrings.fitting(detail, connection.clientMaximumPacketSize(), 0);
        Object packet = connection.isConnackSent() ? disconnectPacket(channel, reasonCode, reasonString)
                : connackPacket(channel, reasonCode, reasonString);
        if (packet != null && channel.isActive()) {
            channel.writeAndFlush(packet).addListener(ChannelFutureListener.CLOSE);
        }
        else {
            channel.close();
        }
    }

    private static @Nullable Object disconnectPacket(Channel channel, ReasonCode reasonCode,
            @Nullable String reasonString) {
        // [MQTT-4.13.1-1] MQTT 5 clients learn why; MQTT 3.1.1 has no server DISCONNECT
        return isMqtt5(channel) ? MqttPackets.disconnect(reasonCode, reasonString) : null;
    }

    private static @Nullable Object connackPacket(Channel channel, ReasonCode reasonCode,
            @Nullable String reasonString) {
        Integer level = channel.attr(MqttFrameDecoder.PROTOCOL_LEVEL).get();
        if (level != null && channel.attr(MQTT_VERSION).get() == null
                && ((level == 5 && reasonCode != ReasonCode.UNSUPPORTED_PROTOCOL_VERSION)
                        || (level > 5 && reasonCode == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION))) {
            // the framer refused the CONNECT before the decoder read its version; a client of level 5, or newer
            // (5.0 [MQTT-3.1.2-2]), reads the MQTT 5 CONNACK
            channel.attr(MQTT_VERSION).set(MqttVersion.MQTT_5);
        }
        if (level != null && (level == 3 || level == 4) && channel.attr(MQTT_VERSION).get() == null) {
            channel.attr(MQTT_VERSION).set((level == 3) ? MqttVersion.MQTT_3_1 : MqttVersion.MQTT_3_1_1);
        }
        if (isMqtt5(channel)) {
            // [MQTT-3.2.2-7] [MQTT-4.13.1-1] a failing CONNACK, then close
            return MqttPackets.connack(connackCode(reasonCode).value(), false, reasonString(reasonString));
        }
        if (reasonCode == ReasonCode.MAXIMUM_CONNECT_TIME) {
            // no CONNECT arrived, or not a whole one: there is nothing to answer
            return null;
        }
        if (channel.attr(MQTT_VERSION).get() == null && reasonCode != ReasonCode.UNSUPPORTED_PROTOCOL_VERSION) {
            // no CONNECT was decoded: nothing tells which CONNACK format the peer reads
            return null;
        }
        if (reasonCode == ReasonCode.UNSUPPORTED_PROTOCOL_VERSION) {
            // 3.1.1 [MQTT-3.1.2-2]
            return MqttPackets.connack(0x01, false, MqttProperties.NO_PROPERTIES);
        }
        int returnCode = reasonCode.mqtt311ConnectReturnCode();
        // 3.1.1 [MQTT-3.1.4-1]: a CONNECT that does not conform is closed without CONNACK
        return (returnCode >= 0) ? MqttPackets.connack(returnCode, false, MqttProperties.NO_PROPERTIES) : null;
    }

    // [MQTT-3.2.2-8] CONNACK carries CONNACK reason codes only
    private static ReasonCode connackCode(ReasonCode reasonCode) {
        return switch (reasonCode) {
            case SERVER_SHUTTING_DOWN -> ReasonCode.SERVER_UNAVAILABLE;
            case NORMAL_DISCONNECTION, KEEP_ALIVE_TIMEOUT, SESSION_TAKEN_OVER, TOPIC_FILTER_INVALID,
                    RECEIVE_MAXIMUM_EXCEEDED, TOPIC_ALIAS_INVALID, MESSAGE_RATE_TOO_HIGH, ADMINISTRATIVE_ACTION,
                    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED, MAXIMUM_CONNECT_TIME, SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
                    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED -> ReasonCode.UNSPECIFIED_ERROR;
            default -> reasonCode;
        };
    }

    private static boolean isMqtt5(Channel channel) {
        return channel.attr(MQTT_VERSION).get() == MqttVersion.MQTT_5;
    }

    private static MqttProperties reasonString(@Nullable String reasonString) {
        if (reasonString == null) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttProperties.REASON_STRING, reasonString));
        return properties;
    }

}
