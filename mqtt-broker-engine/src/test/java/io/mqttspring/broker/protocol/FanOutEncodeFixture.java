package io.mqttspring.broker.protocol;

import java.util.List;
import java.util.Random;
import java.util.Set;

import io.mqttspring.broker.codec.MqttPacketDecoder;
import io.mqttspring.broker.codec.VariableByteInteger;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.session.Delivery;
import io.mqttspring.broker.support.MqttBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;

/**
 * Test fixture for the fan-out encode benchmark of {@code mqtt-broker-bench}: one routed message turned into PUBLISH
 * bytes for every subscriber through the engine's real path, {@link OutboundPublishEncoder}, as
 * {@code ConnectedClient.sendPublish} runs it. Each subscriber's encoder is built from a real CONNECT, decoded by the
 * broker's decoder and accepted by its {@link ConnectValidator}. Lives beside the package-private classes it drives,
 * so the benchmark reaches them through this artifact rather than by sharing their package. Not thread-safe.
 */
public final class FanOutEncodeFixture implements AutoCloseable {

    private static final String TOPIC = "building/3/12/temperature";

    private final Subscriber[] subscribers;

    private final Delivery delivery;

    private final long expectedBytes;

    /**
     * Create subscribers and the message they all get.
     * @param level the protocol level of every subscriber, 4 or 5
     * @param subscribers how many
     * @param qos the QoS of the message and of every subscription
     * @param payloadSize the payload size
     */
    public FanOutEncodeFixture(int level, int subscribers, int qos, int payloadSize) {
        BrokerConfig config = BrokerConfig.defaults();
        ConnectValidator validator = new ConnectValidator(config, Set.of());
        this.subscribers = new Subscriber[subscribers];
        for (int i = 0; i < subscribers; i++) {
            this.subscribers[i] = new Subscriber(config, validator, MqttBytes.connect(level, "subscriber-" + i, true,
                    60));
        }
        byte[] payload = new byte[payloadSize];
        new Random(42).nextBytes(payload);
        ApplicationMessage message = new ApplicationMessage(TOPIC, payload, QoS.of(qos), false,
                MessageProperties.NONE);
        // the router builds one such delivery per subscriber (same QoS, no subscription identifier); routing is not
        // measured here, so all subscribers share this one
        this.delivery = new Delivery(message, List.of(), "publisher", System.nanoTime());
        int remaining = 2 + TOPIC.length() + ((qos > 0) ? 2 : 0) + ((level == 5) ? 1 : 0) + payloadSize;
        this.expectedBytes = (long) subscribers * (1 + VariableByteInteger.length(remaining) + remaining);
    }

    /**
     * Return the bytes one {@link #fanOut()} writes.
     * @return the sum of the PUBLISH sizes
     */
    public long expectedBytes() {
        return this.expectedBytes;
    }

    /**
     * Encode the message for every subscriber and write it, then flush and release what would reach the sockets.
     * @return the bytes written
     */
    public long fanOut() {
        for (Subscriber subscriber : this.subscribers) {
            subscriber.sendPublish(this.delivery);
        }
        long written = 0;
        for (Subscriber subscriber : this.subscribers) {
            written += subscriber.flushAndRelease();
        }
        return written;
    }

    /**
     * Close every subscriber channel.
     * @throws IllegalStateException if a channel still held unwritten packets
     */
    @Override
    public void close() {
        for (Subscriber subscriber : this.subscribers) {
            if (subscriber.channel.finishAndReleaseAll()) {
                throw new IllegalStateException("unwritten packets left on a subscriber channel");
            }
        }
    }

    /**
     * One subscriber's connection: its channel and its PUBLISH encoder.
     */
    private static final class Subscriber {

        private final EmbeddedChannel channel = new EmbeddedChannel();

        private final OutboundPublishEncoder encoder;

        private int packetId;

        Subscriber(BrokerConfig config, ConnectValidator validator, byte[] connect) {
            EmbeddedChannel decoding = new EmbeddedChannel(new MqttPacketDecoder(config.limits().maxPacketSize(),
                    config.limits().maxClientIdLength()));
            decoding.writeInbound(Unpooled.wrappedBuffer(connect));
            Object decoded = decoding.readInbound();
            decoding.finishAndReleaseAll();
            if (!(decoded instanceof MqttConnectMessage message)
                    || !(validator.validate(message) instanceof ConnectDecision.Accept accept)) {
                throw new IllegalStateException("CONNECT not accepted: " + decoded);
            }
            this.encoder = new OutboundPublishEncoder(accept.parameters(), config.capabilities(),
                    BrokerClock.system());
        }

        void sendPublish(Delivery delivery) {
            ByteBuf publish = this.encoder.encode(this.channel.alloc(), delivery, nextPacketId(), false);
            if (publish == null) {
                throw new IllegalStateException("PUBLISH above the subscriber's Maximum Packet Size");
            }
            this.channel.write(publish, this.channel.voidPromise());
        }

        long flushAndRelease() {
            this.channel.flush();
            long written = 0;
            ByteBuf buffer;
            while ((buffer = this.channel.readOutbound()) != null) {
                written += buffer.readableBytes();
                buffer.release();
            }
            return written;
        }

        private int nextPacketId() {
            this.packetId = (this.packetId == 65_535) ? 1 : this.packetId + 1;
            return this.packetId;
        }

    }

}
