package io.mqttspring.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.codec.PublishDecodeFixture;

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
 * Inbound cost of one PUBLISH, before any protocol logic: the broker's one-pass decoder (framing, Maximum Packet
 * Size, UTF-8 and MQTT 5 property checks, decoding), or for reference Netty's {@code MqttDecoder} alone, which does
 * not check what MQTT requires. Every PUBLISH a client sends pays this, so it bounds how many messages one event loop
 * can take in. Harness: {@link PublishDecodeFixture}, from the engine's test fixtures, drives a channel as a socket
 * read does, {@value #FRAMES_PER_READ} whole PUBLISH packets per read; the read buffer is a retained duplicate of one
 * pre-encoded direct buffer, so the copy from the socket is left out. The benchmark thread is a Netty
 * {@code FastThreadLocalThread}, as an event loop is (see {@link EventLoopThreads}). Results are per PUBLISH.
 */
@State(Scope.Thread)
@Fork(jvmArgsPrepend = { EventLoopThreads.EXECUTOR, EventLoopThreads.EXECUTOR_CLASS })
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InboundPublishDecodeBenchmark {

    /** PUBLISH packets in one read buffer, as a busy publisher's socket delivers them. */
    static final int FRAMES_PER_READ = 16;

    /** {@code engine}: the broker's decoder; {@code netty}: Netty's decoder alone, without the checks. */
    @Param({ "engine", "netty" })
    public String decoder;

    /** The protocol level: 4 (MQTT 3.1.1) or 5, whose packets carry two properties. */
    @Param({ "4", "5" })
    public int level;

    @Param({ "0", "1" })
    public int qos;

    @Param({ "64", "1024" })
    public int payloadSize;

    private PublishDecodeFixture fixture;

    @Setup(Level.Trial)
    public void setUp() {
        EventLoopThreads.check();
        this.fixture = new PublishDecodeFixture(this.decoder.equals("engine"), this.level, this.qos,
                this.payloadSize, FRAMES_PER_READ);
        decodeRead();
        checkIteration();
    }

    /**
     * One socket read holding {@value #FRAMES_PER_READ} PUBLISH packets, decoded and released.
     * @return the running count of decoded PUBLISH packets
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES_PER_READ)
    public long decodeRead() {
        return this.fixture.decodeRead();
    }

    @TearDown(Level.Iteration)
    public void checkIteration() {
        this.fixture.check();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.fixture.close();
    }

}
