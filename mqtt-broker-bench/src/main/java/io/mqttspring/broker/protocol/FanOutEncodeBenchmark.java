package io.mqttspring.broker.protocol;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.mqttspring.bench.jmh.EventLoopThreads;
import io.mqttspring.bench.jmh.MqttFrames;
import io.mqttspring.broker.codec.DecoderLimits;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.session.Delivery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttVersion;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

// In the engine's package because OutboundPublishEncoder and ConnectValidator, which it mirrors, are package-private.

/**
 * Cost of turning one routed message into PUBLISH bytes for every subscriber, through the engine's real path:
 * {@link OutboundPublishEncoder} writes each subscriber's packet into a buffer, except that QoS 0 packets, identical
 * for every subscriber, are encoded once per event loop and written as duplicates of one frame. The buffer is
 * released once "written", as the channel's outbound buffer does after the socket write. One operation is one
 * message to all {@code subscribers}.
 *
 * <p>With {@code -prof gc}, the bytes allocated per operation count heap objects only: the encoded frames come from
 * Netty's pooled direct memory, so the payload copy shows in the time per operation, not in {@code gc.alloc}.
 *
 * <p>Harness: one {@link EmbeddedChannel} per subscriber with Netty's decoder and encoder. A real CONNECT is decoded
 * on it, which sets the channel's protocol version as in the broker, and {@link ConnectValidator} turns it into the
 * {@link ConnectParameters} the encoder is built from, as {@code MqttConnection} does once the session is attached.
 * All the engine's encoding is reached through {@link Subscriber#sendPublish}, the one place to change when the
 * encoding changes. The benchmark thread is a Netty {@code FastThreadLocalThread}, as an event loop is (see
 * {@link EventLoopThreads}). The message is QoS 1 with no MQTT 5 properties; subscribers get QoS 1 and no topic
 * alias (the default outbound topic alias maximum is 0).
 */
@State(Scope.Thread)
@Fork(jvmArgsPrepend = { EventLoopThreads.EXECUTOR, EventLoopThreads.EXECUTOR_CLASS })
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FanOutEncodeBenchmark {

    private static final String TOPIC = "building/3/12/temperature";

    @Param({ "1", "16", "64" })
    public int subscribers;

    @Param({ "64", "1024" })
    public int payloadSize;

    @Param({ "MQTT_3_1_1", "MQTT_5" })
    public MqttVersion version;

    /** QoS 0 packets are the same for every subscriber and shared; QoS 1 packets carry each one's packet id. */
    @Param({ "0", "1" })
    public int qos;

    private Subscriber[] targets;

    private Delivery delivery;

    private long expectedBytes;

    @Setup(Level.Trial)
    public void setUp() {
        EventLoopThreads.check();
        BrokerConfig config = BrokerConfig.defaults();
        ConnectValidator validator = new ConnectValidator(config, Set.of());
        this.targets = new Subscriber[this.subscribers];
        for (int i = 0; i < this.subscribers; i++) {
            this.targets[i] = new Subscriber(config, validator, MqttFrames.connect(this.version, "subscriber-" + i));
        }
        byte[] payload = new byte[this.payloadSize];
        new Random(42).nextBytes(payload);
        ApplicationMessage message = new ApplicationMessage(TOPIC, payload, QoS.of(this.qos), false,
                MessageProperties.NONE);
        // MessageRouter builds one such delivery per subscriber (same QoS, no subscription identifier); routing is
        // not measured here, so all subscribers share this one
        this.delivery = new Delivery(message, List.of(), "publisher", System.nanoTime());
        int remaining = 2 + TOPIC.length() + ((this.qos > 0) ? 2 : 0) + ((this.version == MqttVersion.MQTT_5) ? 1 : 0)
                + this.payloadSize;
        this.expectedBytes = (long) this.subscribers
                * (1 + DecoderLimits.variableByteIntegerLength(remaining) + remaining);
        check(fanOut() == this.expectedBytes, "unexpected PUBLISH size");
    }

    /**
     * One message encoded and written to every subscriber, then flushed and released.
     * @return the bytes written
     */
    @Benchmark
    public long fanOut() {
        for (Subscriber target : this.targets) {
            target.sendPublish(this.delivery);
        }
        long written = 0;
        for (Subscriber target : this.targets) {
            written += target.flushAndRelease();
        }
        return written;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Subscriber target : this.targets) {
            check(!target.channel.finishAndReleaseAll(), "unwritten packets left on a subscriber channel");
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /**
     * One subscriber's connection: its channel and its PUBLISH encoder.
     */
    private static final class Subscriber {

        private final EmbeddedChannel channel;

        private final OutboundPublishEncoder encoder;

        private int packetId;

        Subscriber(BrokerConfig config, ConnectValidator validator, byte[] connect) {
            int maxPacketSize = config.limits().maxPacketSize();
            this.channel = new EmbeddedChannel(new MqttDecoder(DecoderLimits.maxRemainingLength(maxPacketSize),
                    config.limits().maxClientIdLength()), MqttEncoder.INSTANCE);
            this.channel.writeInbound(Unpooled.wrappedBuffer(connect));
            MqttConnectMessage decoded = this.channel.readInbound();
            check(decoded != null && decoded.decoderResult().isSuccess(), "CONNECT not decoded");
            ConnectDecision decision = validator.validate(decoded);
            check(decision instanceof ConnectDecision.Accept, "CONNECT refused: " + decision);
            this.encoder = new OutboundPublishEncoder(((ConnectDecision.Accept) decision).parameters(),
                    config.capabilities());
        }

        /**
         * The engine's outbound PUBLISH path for one subscriber, as {@code MqttConnection.sendPublish} runs it:
         * encode the packet, then write it. Ownership of the buffer moves to the channel.
         */
        void sendPublish(Delivery delivery) {
            ByteBuf publish = this.encoder.encode(this.channel.alloc(), delivery, nextPacketId(), false);
            if (publish == null) {
                throw new IllegalStateException("PUBLISH above the subscriber's Maximum Packet Size");
            }
            this.channel.write(publish, this.channel.voidPromise());
        }

        /**
         * Flush, take what would reach the socket and release it, as the outbound buffer does after the write.
         * @return the bytes written
         */
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
