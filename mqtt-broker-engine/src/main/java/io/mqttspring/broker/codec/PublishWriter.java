package io.mqttspring.broker.codec;

import java.util.List;

import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.UserProperty;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

import org.jspecify.annotations.Nullable;

/**
 * Writes an outbound PUBLISH straight into one buffer of its exact size: no intermediate message objects and no
 * per-packet version lookup, as Netty's encoder would do for every subscriber of a fan-out.
 */
public final class PublishWriter {

    private static final int PAYLOAD_FORMAT_INDICATOR = 0x01;

    private static final int MESSAGE_EXPIRY_INTERVAL = 0x02;

    private static final int CONTENT_TYPE = 0x03;

    private static final int RESPONSE_TOPIC = 0x08;

    private static final int CORRELATION_DATA = 0x09;

    private static final int SUBSCRIPTION_IDENTIFIER = 0x0B;

    private static final int TOPIC_ALIAS = 0x23;

    private static final int USER_PROPERTY = 0x26;

    private PublishWriter() {
    }

    /**
     * Write a PUBLISH.
     * @param allocator where the buffer comes from
     * @param mqtt5 whether the packet carries a property section
     * @param topic the topic name, empty when a known topic alias stands for it
     * @param qos the QoS value
     * @param retain the RETAIN flag
     * @param duplicate the DUP flag
     * @param packetId the packet identifier, ignored for QoS 0
     * @param properties the message's properties (MQTT 5)
     * @param remainingExpiry the Message Expiry Interval to write, negative for none
     * @param subscriptionIdentifiers the subscription identifiers to write
     * @param topicAlias the topic alias to write, 0 for none
     * @param payload the payload
     * @return the buffer, owned by the caller
     */
    public static ByteBuf write(ByteBufAllocator allocator, boolean mqtt5, String topic, int qos, boolean retain,
            boolean duplicate, int packetId, MessageProperties properties, long remainingExpiry,
            List<Integer> subscriptionIdentifiers, int topicAlias, byte[] payload) {
        int topicLength = ByteBufUtil.utf8Bytes(topic);
        int propertiesLength = mqtt5
                ? PublishSize.propertiesLength(properties, remainingExpiry >= 0, subscriptionIdentifiers)
                        + ((topicAlias > 0) ? 3 : 0)
                : 0;
        int remaining = 2 + topicLength + ((qos > 0) ? 2 : 0) + payload.length
                + (mqtt5 ? VariableByteInteger.length(propertiesLength) + propertiesLength : 0);
        ByteBuf buffer = allocator.ioBuffer(1 + VariableByteInteger.length(remaining) + remaining);
        buffer.writeByte(0x30 | (duplicate ? 0x08 : 0) | (qos << 1) | (retain ? 0x01 : 0));
        VariableByteInteger.write(buffer, remaining);
        buffer.writeShort(topicLength);
        ByteBufUtil.reserveAndWriteUtf8(buffer, topic, topicLength);
        if (qos > 0) {
            buffer.writeShort(packetId);
        }
        if (mqtt5) {
            VariableByteInteger.write(buffer, propertiesLength);
            writeProperties(buffer, properties, remainingExpiry, subscriptionIdentifiers, topicAlias);
        }
        buffer.writeBytes(payload);
        return buffer;
    }

    private static void writeProperties(ByteBuf buffer, MessageProperties properties, long remainingExpiry,
            List<Integer> subscriptionIdentifiers, int topicAlias) {
        if (topicAlias > 0) {
            buffer.writeByte(TOPIC_ALIAS);
            buffer.writeShort(topicAlias);
        }
        Integer payloadFormat = properties.payloadFormatIndicator();
        if (payloadFormat != null) {
            buffer.writeByte(PAYLOAD_FORMAT_INDICATOR);
            buffer.writeByte(payloadFormat);
        }
        if (remainingExpiry >= 0) {
            buffer.writeByte(MESSAGE_EXPIRY_INTERVAL);
            buffer.writeInt((int) remainingExpiry);
        }
        writeString(buffer, CONTENT_TYPE, properties.contentType());
        writeString(buffer, RESPONSE_TOPIC, properties.responseTopic());
        byte[] correlationData = properties.correlationData();
        if (correlationData != null) {
            buffer.writeByte(CORRELATION_DATA);
            buffer.writeShort(correlationData.length);
            buffer.writeBytes(correlationData);
        }
        for (UserProperty property : properties.userProperties()) {
            buffer.writeByte(USER_PROPERTY);
            writeUtf8(buffer, property.name());
            writeUtf8(buffer, property.value());
        }
        for (int i = 0; i < subscriptionIdentifiers.size(); i++) {
            buffer.writeByte(SUBSCRIPTION_IDENTIFIER);
            VariableByteInteger.write(buffer, subscriptionIdentifiers.get(i));
        }
    }

    private static void writeString(ByteBuf buffer, int id, @Nullable String value) {
        if (value != null) {
            buffer.writeByte(id);
            writeUtf8(buffer, value);
        }
    }

    private static void writeUtf8(ByteBuf buffer, String value) {
        int length = ByteBufUtil.utf8Bytes(value);
        buffer.writeShort(length);
        ByteBufUtil.reserveAndWriteUtf8(buffer, value, length);
    }

}
