package io.mqttspring.broker.codec;

import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.UserProperty;
import io.netty.buffer.ByteBufUtil;

import org.jspecify.annotations.Nullable;

/**
 * Parses the body of a PUBLISH into an {@link InboundPublish}. Most publishers repeat one topic name packet after
 * packet: the last one's raw bytes are kept, and a topic name with the same bytes is taken as the same string,
 * neither checked nor decoded again. Not thread-safe: one per channel.
 */
final class PublishParser {

    private byte @Nullable [] lastTopicBytes;

    private String lastTopic = "";

    InboundPublish parse(int flags, PacketReader reader, boolean mqtt5) {
        int qos = (flags >> 1) & 0x03;
        if (qos == 3) {
            // [MQTT-3.3.1-4]
            throw PacketDecodeException.malformed("PUBLISH with QoS 3");
        }
        boolean duplicate = (flags & 0x08) != 0;
        if (qos == 0 && duplicate) {
            // [MQTT-3.3.1-2] a QoS 0 PUBLISH is never a duplicate
            throw PacketDecodeException.malformed("DUP set on a QoS 0 PUBLISH");
        }
        String topic = topic(reader);
        int packetId = (qos > 0) ? reader.packetId() : 0;
        Properties properties = new Properties();
        if (mqtt5) {
            PropertySection.read(reader, PropertySection.PUBLISH, properties);
        }
        return new InboundPublish(topic, qos, duplicate, (flags & 0x01) != 0, packetId, properties.topicAlias,
                properties.subscriptionIdentifier, properties.build(), reader.retainedRest());
    }

    private String topic(PacketReader reader) {
        byte[] known = this.lastTopicBytes;
        if (known != null && reader.nextStringEquals(known)) {
            reader.skip(2 + known.length);
            return this.lastTopic;
        }
        int start = reader.index() + 2;
        String topic = reader.string();
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#') {
                // [MQTT-3.3.2-2] [MQTT-4.7.0-1] wildcards make the packet malformed, not just the name invalid
                throw PacketDecodeException.malformed("wildcard in topic name " + topic);
            }
        }
        this.lastTopicBytes = ByteBufUtil.getBytes(reader.buffer(), start, reader.index() - start);
        this.lastTopic = topic;
        return topic;
    }

    /**
     * Collects the properties of one PUBLISH.
     */
    private static final class Properties implements PropertySection.Sink {

        private @Nullable Integer payloadFormatIndicator;

        private @Nullable Long messageExpiryInterval;

        private @Nullable String contentType;

        private @Nullable String responseTopic;

        private byte @Nullable [] correlationData;

        private @Nullable List<UserProperty> userProperties;

        private int topicAlias = -1;

        private boolean subscriptionIdentifier;

        private boolean any;

        @Override
        public void integer(int id, int value) {
            switch (id) {
                case PropertySection.PAYLOAD_FORMAT_INDICATOR -> {
                    if (value > 1) {
                        // MQTT 5.0 section 3.3.2.3.2 defines 0 and 1 only
                        throw PacketDecodeException.protocolError("Payload Format Indicator " + value);
                    }
                    this.payloadFormatIndicator = value;
                    this.any = true;
                }
                case PropertySection.MESSAGE_EXPIRY_INTERVAL -> {
                    this.messageExpiryInterval = Integer.toUnsignedLong(value);
                    this.any = true;
                }
                case PropertySection.TOPIC_ALIAS -> this.topicAlias = value;
                default -> this.subscriptionIdentifier = true;
            }
        }

        @Override
        public void string(int id, String value) {
            if (id == PropertySection.CONTENT_TYPE) {
                this.contentType = value;
            }
            else {
                this.responseTopic = value;
            }
            this.any = true;
        }

        @Override
        public void binary(int id, byte[] value) {
            this.correlationData = value;
            this.any = true;
        }

        @Override
        public void userProperty(String name, String value) {
            if (this.userProperties == null) {
                this.userProperties = new ArrayList<>(4);
            }
            this.userProperties.add(new UserProperty(name, value));
            this.any = true;
        }

        MessageProperties build() {
            if (!this.any) {
                return MessageProperties.NONE;
            }
            return new MessageProperties(this.payloadFormatIndicator, this.messageExpiryInterval, this.contentType,
                    this.responseTopic, this.correlationData,
                    (this.userProperties != null) ? this.userProperties : List.of());
        }

    }

}
