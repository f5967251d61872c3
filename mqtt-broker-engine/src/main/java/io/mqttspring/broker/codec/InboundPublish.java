package io.mqttspring.broker.codec;

import io.mqttspring.broker.message.MessageProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A PUBLISH packet as a client sent it, decoded by {@link MqttPacketDecoder}: the one packet of the hot path, so its
 * MQTT 5 properties go straight into the engine's {@link MessageProperties} instead of through an intermediate
 * property table. Holds the payload, a retained slice of the read buffer: whoever receives it releases it.
 */
public final class InboundPublish extends DefaultByteBufHolder {

    private final String topic;

    private final int qos;

    private final boolean duplicate;

    private final boolean retain;

    private final int packetId;

    private final int topicAlias;

    private final boolean subscriptionIdentifier;

    private final MessageProperties properties;

    InboundPublish(String topic, int qos, boolean duplicate, boolean retain, int packetId, int topicAlias,
            boolean subscriptionIdentifier, MessageProperties properties, ByteBuf payload) {
        super(payload);
        this.topic = topic;
        this.qos = qos;
        this.duplicate = duplicate;
        this.retain = retain;
        this.packetId = packetId;
        this.topicAlias = topicAlias;
        this.subscriptionIdentifier = subscriptionIdentifier;
        this.properties = properties;
    }

    /**
     * Return the topic name as sent: empty when the client relies on a topic alias.
     * @return the topic name
     */
    public String topic() {
        return this.topic;
    }

    /**
     * Return the QoS value.
     * @return 0, 1 or 2
     */
    public int qos() {
        return this.qos;
    }

    public boolean isDuplicate() {
        return this.duplicate;
    }

    public boolean isRetain() {
        return this.retain;
    }

    /**
     * Return the packet identifier.
     * @return the identifier, 0 for QoS 0
     */
    public int packetId() {
        return this.packetId;
    }

    /**
     * Return the Topic Alias property.
     * @return the alias as sent (0 included, which is invalid), -1 when absent
     */
    public int topicAlias() {
        return this.topicAlias;
    }

    /**
     * Return whether the packet carries a Subscription Identifier, which a client must not send [MQTT-3.3.4-6].
     * @return {@code true} if it does
     */
    public boolean hasSubscriptionIdentifier() {
        return this.subscriptionIdentifier;
    }

    /**
     * Return the application message properties (MQTT 5).
     * @return the properties, {@link MessageProperties#NONE} when there are none
     */
    public MessageProperties properties() {
        return this.properties;
    }

    /**
     * Return the payload, a slice of the read buffer owned by this packet.
     * @return the payload
     */
    public ByteBuf payload() {
        return content();
    }

    @Override
    public String toString() {
        return "InboundPublish[topic=" + this.topic + ", qos=" + this.qos + ", packetId=" + this.packetId
                + ", payload=" + content().readableBytes() + " bytes]";
    }

}
