package io.mqttspring.broker.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.UserProperty;

/**
 * Computes the encoded size of an outbound PUBLISH without encoding it, so a message too large for a client's
 * Maximum Packet Size can be dropped before it takes a packet identifier.
 */
public final class PublishSize {

    private PublishSize() {
    }

    /**
     * Return the size of the whole PUBLISH packet.
     * @param mqtt5 whether the packet carries properties
     * @param topic the topic name
     * @param hasPacketId whether QoS is above 0
     * @param properties the message properties
     * @param forwardsExpiry whether a Message Expiry Interval is written
     * @param subscriptionIdentifiers the subscription identifiers written
     * @param payloadLength the payload length
     * @param topicAlias whether a Topic Alias property is written
     * @return the packet size in bytes
     */
    public static long of(boolean mqtt5, String topic, boolean hasPacketId, MessageProperties properties,
            boolean forwardsExpiry, List<Integer> subscriptionIdentifiers, int payloadLength, boolean topicAlias) {
        long remaining = 2L + utf8Length(topic) + (hasPacketId ? 2 : 0) + payloadLength;
        if (mqtt5) {
            int propertiesLength = propertiesLength(properties, forwardsExpiry, subscriptionIdentifiers)
                    + (topicAlias ? 3 : 0);
            remaining += VariableByteInteger.length(propertiesLength) + propertiesLength;
        }
        return 1 + VariableByteInteger.length((int) Math.min(remaining, Integer.MAX_VALUE)) + remaining;
    }

    static int propertiesLength(MessageProperties properties, boolean forwardsExpiry,
            List<Integer> subscriptionIdentifiers) {
        int length = 0;
        if (properties.payloadFormatIndicator() != null) {
            length += 2;
        }
        if (forwardsExpiry) {
            length += 5;
        }
        if (properties.contentType() != null) {
            length += 3 + utf8Length(properties.contentType());
        }
        if (properties.responseTopic() != null) {
            length += 3 + utf8Length(properties.responseTopic());
        }
        if (properties.correlationData() != null) {
            length += 3 + properties.correlationData().length;
        }
        for (UserProperty property : properties.userProperties()) {
            length += 5 + utf8Length(property.name()) + utf8Length(property.value());
        }
        for (int identifier : subscriptionIdentifiers) {
            length += 1 + VariableByteInteger.length(identifier);
        }
        return length;
    }

    private static int utf8Length(String value) {
        // ASCII is the common case and needs no encoding to measure
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return value.length();
    }

}
