package io.mqttspring.broker.codec;

import java.util.Random;

import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.support.MqttBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.util.ReferenceCountUtil;

/**
 * Test fixture for the inbound decode benchmark of {@code mqtt-broker-bench}: a channel whose pipeline holds a
 * decoder and, in place of the connection, a tail that checks and releases each packet, driven as a socket read
 * drives it ({@code fireChannelRead} of one buffer of whole PUBLISH packets, then {@code fireChannelReadComplete}).
 * Two decoders: the broker's {@link MqttPacketDecoder}, and for reference Netty's {@code MqttDecoder} alone, which
 * skips the checks MQTT requires (UTF-8 well-formedness, property rules), so it bounds what feeding Netty's decoder
 * without a scan of our own could cost. MQTT 5 packets carry a Message Expiry Interval and a Content Type. Not
 * thread-safe.
 */
public final class PublishDecodeFixture implements AutoCloseable {

    private static final String TOPIC = "building/3/12/temperature";

    private final EmbeddedChannel channel = new EmbeddedChannel();

    private final ChannelPipeline pipeline = this.channel.pipeline();

    private final CountingTail tail = new CountingTail();

    private final ByteBuf read;

    private final int framesPerRead;

    /**
     * Create a channel with a decoder that has seen the client's CONNECT, and one read's worth of PUBLISH packets.
     * @param engineDecoder {@code true} for the broker's decoder, {@code false} for Netty's alone
     * @param level the protocol level, 4 or 5
     * @param qos the QoS of the PUBLISH packets
     * @param payloadSize their payload size
     * @param framesPerRead how many PUBLISH packets one read holds
     */
    public PublishDecodeFixture(boolean engineDecoder, int level, int qos, int payloadSize, int framesPerRead) {
        this.framesPerRead = framesPerRead;
        Limits limits = BrokerConfig.defaults().limits();
        ChannelHandler decoder = engineDecoder ? new MqttPacketDecoder(limits.maxPacketSize(),
                limits.maxClientIdLength()) : new MqttDecoder(limits.maxPacketSize() - 5, limits.maxClientIdLength());
        this.pipeline.addLast(decoder, this.tail);
        this.pipeline.fireChannelRead(Unpooled.wrappedBuffer(MqttBytes.connect(level, "publisher", true, 60)));
        this.pipeline.fireChannelReadComplete();
        check(this.tail.connects == 1 && this.tail.failures == 0, "CONNECT not decoded");
        this.read = this.channel.alloc().directBuffer();
        Random random = new Random(42);
        for (int i = 0; i < framesPerRead; i++) {
            byte[] payload = new byte[payloadSize];
            random.nextBytes(payload);
            this.read.writeBytes(publish(level, qos, i + 1, payload));
        }
    }

    private static byte[] publish(int level, int qos, int packetId, byte[] payload) {
        MqttBytes packet = MqttBytes.packet(0x30 | (qos << 1)).string(TOPIC);
        if (qos > 0) {
            packet.u16(packetId);
        }
        if (level == 5) {
            byte[] contentType = "application/json".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            packet.varint(5 + 3 + contentType.length)
                    .u8(0x02).u32(3600)                                     // Message Expiry Interval
                    .u8(0x03).binary(contentType);                          // Content Type
        }
        return packet.raw(payload).build();
    }

    /**
     * One socket read holding the PUBLISH packets, decoded and released.
     * @return the running count of decoded PUBLISH packets
     */
    public long decodeRead() {
        this.pipeline.fireChannelRead(this.read.retainedDuplicate());
        this.pipeline.fireChannelReadComplete();
        return this.tail.publishes;
    }

    /**
     * Check what the reads so far did: no failure, whole batches, no buffer kept.
     * @throws IllegalStateException if something is off
     */
    public void check() {
        // payloads are retained slices of the read buffer: one reference left means none leaked
        check(this.read.refCnt() == 1, "read buffer has " + this.read.refCnt() + " references, expected 1");
        check(this.tail.failures == 0, this.tail.failures + " packets failed to decode");
        check(this.tail.publishes % this.framesPerRead == 0, "a read yielded a partial batch");
    }

    @Override
    public void close() {
        this.read.release();
        this.channel.finishAndReleaseAll();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /**
     * Stands where the connection does: looks at what the decoder produced, then releases it.
     */
    private static final class CountingTail extends ChannelInboundHandlerAdapter {

        private long publishes;

        private long connects;

        private long failures;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof InboundPublish) {
                    this.publishes++;
                }
                else if (msg instanceof MqttMessage message && message.decoderResult().isSuccess()) {
                    MqttMessageType type = message.fixedHeader().messageType();
                    this.publishes += (type == MqttMessageType.PUBLISH) ? 1 : 0;
                    this.connects += (type == MqttMessageType.CONNECT) ? 1 : 0;
                }
                else {
                    this.failures++;
                }
            }
            finally {
                ReferenceCountUtil.release(msg);
            }
        }

    }

}
