package io.mqttspring.bench.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.codec.DecoderLimits;
import io.mqttspring.broker.codec.MqttFrameDecoder;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.protocol.PipelineNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Inbound cost of one PUBLISH: the broker's {@link MqttFrameDecoder} (framing, Maximum Packet Size, UTF-8 and MQTT 5
 * property checks), Netty's {@link MqttDecoder} and the decode tracker, set up as {@code MqttChannelInitializer}
 * does with the default limits. Every PUBLISH a client sends pays this before any protocol logic runs, so it bounds
 * how many messages one event loop can take in.
 *
 * <p>Harness: an {@link EmbeddedChannel} supplies the channel, its allocator and attributes, but the benchmark
 * drives the pipeline as a socket read does: {@code fireChannelRead} of one buffer holding {@value #FRAMES_PER_READ}
 * whole PUBLISH packets, then {@code fireChannelReadComplete}. {@code writeInbound} is avoided because it also runs
 * the embedded event loop's tasks and queues what reaches the tail. In place of {@code MqttConnection}, the last
 * handler checks each decoder result and releases the message. The read buffer is a retained duplicate of one
 * pre-encoded direct buffer, so the copy from the socket is left out; the broker's byte counter in front of the
 * framer (one {@code LongAdder} add per read) is left out too. The benchmark thread is a Netty
 * {@code FastThreadLocalThread}, as an event loop is (see {@link EventLoopThreads}). Results are per PUBLISH.
 *
 * <p>MQTT 5 packets carry a Message Expiry Interval and a Content Type, so the property checks have work to do.
 */
@State(Scope.Thread)
@Fork(jvmArgsPrepend = { EventLoopThreads.EXECUTOR, EventLoopThreads.EXECUTOR_CLASS })
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InboundPublishDecodeBenchmark {

    /** PUBLISH packets in one read buffer, as a busy publisher's socket delivers them. */
    static final int FRAMES_PER_READ = 16;

    private static final String TOPIC = "building/3/12/temperature";

    @Param({ "MQTT_3_1_1", "MQTT_5" })
    public MqttVersion version;

    @Param({ "0", "1" })
    public int qos;

    @Param({ "64", "1024" })
    public int payloadSize;

    private EmbeddedChannel channel;

    private ChannelPipeline pipeline;

    private ReleasingTail tail;

    private ByteBuf read;

    @Setup(Level.Trial)
    public void setUp() {
        EventLoopThreads.check();
        BrokerConfig config = BrokerConfig.defaults();
        int maxPacketSize = config.limits().maxPacketSize();
        this.channel = new EmbeddedChannel();
        this.pipeline = this.channel.pipeline();
        // the handlers MqttChannelInitializer.addMqttHandlers adds in front of the connection
        MqttFrameDecoder framer = new MqttFrameDecoder(maxPacketSize);
        this.pipeline.addLast(PipelineNames.FRAMER, framer);
        this.pipeline.addLast(PipelineNames.DECODER, new MqttDecoder(DecoderLimits.maxRemainingLength(maxPacketSize),
                config.limits().maxClientIdLength()));
        this.tail = new ReleasingTail(framer);
        this.pipeline.addLast(PipelineNames.CONNECTION, this.tail);

        // the CONNECT tells both decoders the protocol version
        this.pipeline.fireChannelRead(Unpooled.wrappedBuffer(MqttFrames.connect(this.version, "publisher")));
        this.pipeline.fireChannelReadComplete();
        check(this.tail.connects == 1 && this.tail.failures == 0, "CONNECT not decoded");

        this.read = this.channel.alloc().directBuffer();
        MqttQoS mqttQos = MqttQoS.valueOf(this.qos);
        Random random = new Random(42);
        for (int i = 0; i < FRAMES_PER_READ; i++) {
            byte[] payload = new byte[this.payloadSize];
            random.nextBytes(payload);
            this.read.writeBytes(MqttFrames.publish(this.version, TOPIC, mqttQos, i + 1, properties(), payload));
        }
        decodeRead();
        checkIteration();
        check(this.tail.publishes == FRAMES_PER_READ, "expected " + FRAMES_PER_READ + " PUBLISH packets per read");
    }

    private static MqttProperties properties() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, 3600));
        properties.add(new MqttProperties.StringProperty(MqttProperties.CONTENT_TYPE, "application/json"));
        return properties;
    }

    /**
     * One socket read holding {@value #FRAMES_PER_READ} PUBLISH packets, decoded and released.
     * @return the running count of decoded PUBLISH packets
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES_PER_READ)
    public long decodeRead() {
        this.pipeline.fireChannelRead(this.read.retainedDuplicate());
        this.pipeline.fireChannelReadComplete();
        return this.tail.publishes;
    }

    @TearDown(Level.Iteration)
    public void checkIteration() {
        // every frame and payload is a retained slice of the read buffer: one reference left means none leaked
        check(this.read.refCnt() == 1, "read buffer has " + this.read.refCnt() + " references, expected 1");
        check(this.tail.failures == 0, this.tail.failures + " packets failed to decode");
        check(this.tail.publishes % FRAMES_PER_READ == 0, "a read yielded a partial batch");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.read.release();
        this.channel.finishAndReleaseAll();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    /**
     * Stands where {@code MqttConnection} does: looks at the decoder result first, then releases the message.
     */
    private static final class ReleasingTail extends ChannelInboundHandlerAdapter {

        private final MqttFrameDecoder framer;

        private long publishes;

        private long connects;

        private long failures;

        ReleasingTail(MqttFrameDecoder framer) {
            this.framer = framer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof MqttMessage) {
                    // as the connection does: the framer learns each packet was decoded
                    this.framer.packetDecoded();
                }
                if (!(msg instanceof MqttMessage message) || !message.decoderResult().isSuccess()) {
                    // a FrameViolation from the framer, or a failed decode
                    this.failures++;
                }
                else if (message.fixedHeader().messageType() == MqttMessageType.PUBLISH) {
                    this.publishes++;
                }
                else if (message.fixedHeader().messageType() == MqttMessageType.CONNECT) {
                    this.connects++;
                }
            }
            finally {
                ReferenceCountUtil.release(msg);
            }
        }

    }

}
