package io.mqttspring.broker.protocol;

import java.util.List;

import io.mqttspring.broker.codec.PublishSize;
import io.mqttspring.broker.codec.PublishWriter;
import io.mqttspring.broker.config.Capabilities;
import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.session.Delivery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import org.jspecify.annotations.Nullable;

/**
 * Turns deliveries into PUBLISH packets for one connection: MQTT 5 properties with the reduced message expiry and
 * subscription identifiers, outbound topic aliases, and the client's Maximum Packet Size. Event-loop confined when it
 * keeps topic aliases; stateless otherwise, and then shared by the clients that need nothing of their own
 * ({@link Shared}).
 */
final class OutboundPublishEncoder {

    private final boolean mqtt5;

    private final long maximumPacketSize;

    private final @Nullable OutboundTopicAliases aliases;

    private final BrokerClock clock;

    OutboundPublishEncoder(ConnectParameters accepted, Capabilities capabilities, BrokerClock clock) {
        this(accepted.version().isMqtt5(), accepted.maximumPacketSize(), aliasMaximum(accepted, capabilities),
                clock);
    }

    private OutboundPublishEncoder(boolean mqtt5, long maximumPacketSize, int aliasMaximum, BrokerClock clock) {
        this.clock = clock;
        this.mqtt5 = mqtt5;
        this.maximumPacketSize = maximumPacketSize;
        this.aliases = (aliasMaximum > 0) ? new OutboundTopicAliases(aliasMaximum) : null;
    }

    // [MQTT-3.1.2-26] [MQTT-3.1.2-27] only within the client's Topic Alias Maximum; none before MQTT 5
    private static int aliasMaximum(ConnectParameters accepted, Capabilities capabilities) {
        return accepted.version().isMqtt5()
                ? Math.min(accepted.topicAliasMaximum(), capabilities.outboundTopicAliasMaximum()) : 0;
    }

    /**
     * Encode the PUBLISH of a delivery.
     * @param allocator where buffers come from
     * @param delivery the delivery
     * @param packetId the packet identifier, 0 for QoS 0
     * @param duplicate whether this is a resend
     * @return the packet, owned by the caller, or {@code null} when it would exceed the client's Maximum Packet Size
     */
    @Nullable ByteBuf encode(ByteBufAllocator allocator, Delivery delivery, int packetId, boolean duplicate) {
        ApplicationMessage message = delivery.message();
        int qos = message.qos().value();
        String topic = message.topic();
        if (!this.mqtt5) {
            return (qos == 0) ? sharedFrame(allocator, message)
                    : PublishWriter.write(allocator, false, topic, qos, message.retain(), duplicate, packetId,
                            MessageProperties.NONE, Delivery.NO_EXPIRY, List.of(), 0, message.payload());
        }
        long expiry = delivery.remainingExpiry(this.clock.nanoTime());
        List<Integer> identifiers = delivery.subscriptionIdentifiers();
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
        else if (qos == 0 && expiry == Delivery.NO_EXPIRY && identifiers.isEmpty()) {
            // nothing in this packet is particular to the subscriber
            return sharedFrame(allocator, message);
        }
        // a message already on its way keeps going even if its expiry passed meanwhile [MQTT-4.3.3-7]
        return PublishWriter.write(allocator, true, topic, qos, message.retain(), duplicate, packetId,
                message.properties(), (expiry == 0) ? 1 : expiry, identifiers, alias, message.payload());
    }

    /**
     * Return a QoS 0 frame shared with the other subscribers of the message on this event loop.
     */
    private ByteBuf sharedFrame(ByteBufAllocator allocator, ApplicationMessage message) {
        PublishFrameCache cache = PublishFrameCache.current();
        ByteBuf frame = (cache != null) ? cache.get(message, this.mqtt5) : null;
        if (frame != null) {
            return frame;
        }
        frame = PublishWriter.write(allocator, this.mqtt5, message.topic(), 0, message.retain(), false, 0,
                message.properties(), Delivery.NO_EXPIRY, List.of(), 0, message.payload());
        return (cache != null) ? cache.put(message, this.mqtt5, frame) : frame;
    }

    /**
     * The encoders of one broker: a shared one per protocol for clients without outbound topic aliases or a Maximum
     * Packet Size, most of them, and one of its own for every other client. Thread-safe.
     */
    static final class Shared {

        private final Capabilities capabilities;

        private final BrokerClock clock;

        private final OutboundPublishEncoder mqtt3;

        private final OutboundPublishEncoder mqtt5;

        Shared(Capabilities capabilities, BrokerClock clock) {
            this.capabilities = capabilities;
            this.clock = clock;
            this.mqtt3 = new OutboundPublishEncoder(false, Limits.PROTOCOL_MAX_PACKET_SIZE, 0, clock);
            this.mqtt5 = new OutboundPublishEncoder(true, Limits.PROTOCOL_MAX_PACKET_SIZE, 0, clock);
        }

        /**
         * Return the encoder for a client.
         * @param accepted what its CONNECT settled
         * @return a shared encoder, or one of its own
         */
        OutboundPublishEncoder forClient(ConnectParameters accepted) {
            if (aliasMaximum(accepted, this.capabilities) > 0
                    || accepted.maximumPacketSize() != Limits.PROTOCOL_MAX_PACKET_SIZE) {
                return new OutboundPublishEncoder(accepted, this.capabilities, this.clock);
            }
            return accepted.version().isMqtt5() ? this.mqtt5 : this.mqtt3;
        }

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
