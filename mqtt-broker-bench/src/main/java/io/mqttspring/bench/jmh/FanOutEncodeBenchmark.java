package io.mqttspring.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.protocol.FanOutEncodeFixture;

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

/**
 * Cost of turning one routed message into PUBLISH bytes for every subscriber, through the engine's real path (see
 * {@link FanOutEncodeFixture}, from the engine's test fixtures): each subscriber's QoS 1 packet is written straight
 * into a buffer; QoS 0 packets, identical for every subscriber, are encoded once per event loop and written as
 * duplicates of one frame. The buffers are released once "written", as the channel's outbound buffer does after the
 * socket write. One operation is one message to all {@code subscribers}.
 *
 * <p>With {@code -prof gc}, the bytes allocated per operation count heap objects only: the encoded frames come from
 * Netty's pooled direct memory, so the payload copy shows in the time per operation, not in {@code gc.alloc}. The
 * benchmark thread is a Netty {@code FastThreadLocalThread}, as an event loop is (see {@link EventLoopThreads}). The
 * message has no MQTT 5 properties; subscribers get its QoS and no topic alias.
 */
@State(Scope.Thread)
@Fork(jvmArgsPrepend = { EventLoopThreads.EXECUTOR, EventLoopThreads.EXECUTOR_CLASS })
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FanOutEncodeBenchmark {

    @Param({ "1", "16", "64" })
    public int subscribers;

    @Param({ "64", "1024" })
    public int payloadSize;

    /** The protocol level of every subscriber: 4 (MQTT 3.1.1) or 5. */
    @Param({ "4", "5" })
    public int level;

    /** QoS 0 packets are the same for every subscriber and shared; QoS 1 packets carry each one's packet id. */
    @Param({ "0", "1" })
    public int qos;

    private FanOutEncodeFixture fixture;

    @Setup(Level.Trial)
    public void setUp() {
        EventLoopThreads.check();
        this.fixture = new FanOutEncodeFixture(this.level, this.subscribers, this.qos, this.payloadSize);
        if (this.fixture.fanOut() != this.fixture.expectedBytes()) {
            throw new IllegalStateException("unexpected PUBLISH size");
        }
    }

    /**
     * One message encoded and written to every subscriber, then flushed and released.
     * @return the bytes written
     */
    @Benchmark
    public long fanOut() {
        return this.fixture.fanOut();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.fixture.close();
    }

}
