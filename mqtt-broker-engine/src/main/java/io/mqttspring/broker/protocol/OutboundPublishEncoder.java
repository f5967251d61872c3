package io.mqttspring.broker.protocol;

import io.mqttspring.broker.codec.MessagePropertiesCodec;
import io.mqttspring.broker.codec.MqttPackets;
import io.mqttspring.broker.codec.PublishSize;
import io.mqttspring.broker.config.Capabilities;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.session.Delivery;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;

import org.jspecify.annotations.Nullable;

/**
 * Turns deliveries into PUBLISH packets for one connection: MQTT 5 properties with the reduced message expiry and
 * subscription identifiers, outbound topic aliases, and the client's Maximum Packet Size. Event-loop confined.
 */
final class OutboundPublishEncoder {

    private final boolean mqtt5;

    private final long maximumPacketSize;

    private final @Nullable OutboundTopicAliases aliases;

    OutboundPublishEncoder(ConnectParameters accepted, Capabilities capabilities) {
        this.mqtt5 = accepted.version().isMqtt5();
        this.maximumPacketSize = accepted.maximumPacketSize();
        int aliasMaximum = Math.min(accepted.topicAliasMaximum(), capabilities.outboundTopicAliasMaximum());
        // [MQTT-3.1.2-26] [MQTT-3.1.2-27] only within the client's Topic Alias Maximum
        this.aliases = (this.mqtt5 && aliasMaximum > 0) ? new OutboundTopicAliases(aliasMaximum) : null;
    }

    /**
     * Build the PUBLISH of a delivery; the payload is wrapped, not copied.
     * @param delivery the delivery
     * @param packetId the packet identifier, 0 for QoS 0
     * @param duplicate whether this is a resend
     * @return the packet, or {@code null} when it would exceed the client's Maximum Packet Size
     */
    @Nullable MqttPublishMessage encode(Delivery delivery, int packetId, boolean duplicate) {
        ApplicationMessage message = delivery.message();
        String topic = message.topic();
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (this.mqtt5) {
            long expiry = delivery.remainingExpiry(System.nanoTime());
            int alias = 0;
            if (this.aliases != null && (fits(delivery, packetId, expiry, topic, true)
                    || (this.aliases.isKnown(topic) && fits(delivery, packetId, expiry, "", true)))) {
                long assignment = this.aliases.aliasFor(topic);
                alias = (int) assignment;
                if ((assignment >>> 32) == 0) {
                    // the client knows this alias: the topic name can be left out
                    topic = "";
                }
            }
            else if (!fits(delivery, packetId, expiry, topic, false)) {
                // [MQTT-3.1.2-24] [MQTT-3.1.2-25] too large for this client: dropped for it alone
                return null;
            }
            // a message already on its way keeps going even if its expiry passed meanwhile [MQTT-4.3.3-7]
            properties = MessagePropertiesCodec.write(message.properties(), (expiry == 0) ? 1 : expiry,
                    delivery.subscriptionIdentifiers(), alias);
        }
        return MqttPackets.publish(topic, MqttQoS.valueOf(message.qos().value()), message.retain(), duplicate,
                packetId, properties, Unpooled.wrappedBuffer(message.payload()));
    }

    /**
     * Return whether the PUBLISH fits the client's Maximum Packet Size; an alias that would not fit is not
     * assigned, so the client's alias table never names a packet it did not get.
     */
    private boolean fits(Delivery delivery, int packetId, long expiry, String topic, boolean topicAlias) {
        ApplicationMessage message = delivery.message();
        return PublishSize.of(true, topic, packetId != 0, message.properties(), expiry != Delivery.NO_EXPIRY,
                delivery.subscriptionIdentifiers(), message.payload().length, topicAlias) <= this.maximumPacketSize;
    }

}
