package io.mqttspring.bench.jmh;

import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.subscription.SubscriptionMatchFixture;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of matching one topic name against the broker's subscription tree: the step of every routed PUBLISH that
 * grows with the number of subscriptions in the broker, not with the message. The tree and its building-automation
 * mix of exact, wildcard and shared subscriptions are described in {@link SubscriptionMatchFixture}, from the
 * engine's test fixtures. Three topic names: a hit with few matches, one with 241 matches, and one that walks
 * existing levels and matches nothing. The consumer only counts, so the router's own per-match work is not included;
 * nor is the split of the topic name into levels, which the inbound path does once per PUBLISH.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SubscriptionMatchBenchmark {

    @Param({ "1000", "100000" })
    public int subscriptions;

    private SubscriptionMatchFixture fixture;

    @Setup(Level.Trial)
    public void setUp() {
        this.fixture = new SubscriptionMatchFixture(this.subscriptions);
    }

    /**
     * A hit on one sensor topic: its exact subscriber and the few wildcard filters that cover it.
     * @return the number of matches
     */
    @Benchmark
    public int fewMatches() {
        return this.fixture.fewMatches();
    }

    /**
     * A hit on the alarm topic that 240 subscriptions and a shared group match.
     * @return the number of matches
     */
    @Benchmark
    public int manyMatches() {
        return this.fixture.manyMatches();
    }

    /**
     * A topic nobody subscribed to, below levels that exist.
     * @return the number of matches, zero
     */
    @Benchmark
    public int noMatch() {
        return this.fixture.noMatch();
    }

}
