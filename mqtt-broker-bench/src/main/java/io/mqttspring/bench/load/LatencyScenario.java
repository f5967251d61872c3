package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code latency}: one publisher at a fixed rate to one subscriber on {@code bench/lat/t}; the latency of each
 * message sent in the measurement window is its receive time minus its intended send time (see
 * {@link PacedPublisher}).
 */
final class LatencyScenario {

    private static final String TOPIC = "bench/lat/t";

    private LatencyScenario() {
    }

    static LoadResult run(LoadOptions options) {
        int qos = options.qos();
        LatencyRecorder latency = new LatencyRecorder();
        DeliveryLedger ledger = new DeliveryLedger(0, new byte[][] { TOPIC.getBytes(StandardCharsets.UTF_8) }, qos,
                options.payload(), latency);
        LoadResult result = new LoadResult(options);
        result.publishers = 1;
        result.subscribers = 1;
        result.remoteNodes = options.acrossNodes() ? options.remoteNodes(1) : null;
        result.connections = 2L;
        result.rate = options.rate();
        long[] sent = new long[1];
        Verdict verdict = new Verdict();
        SubscriberConnection sub;
        try (LoadRun run = new LoadRun(options)) {
            run.preflight();
            sub = new SubscriberConnection(run.clientId("s", 0), TOPIC, qos, ledger, null, 0, run.failures());
            PacedPublisher pub = new PacedPublisher(run.clientId("p", 0), TOPIC, qos, options.payload(),
                    options.inflight(), options.rate(), run.failures());
            if (run.openAll(List.of(sub)) && run.openAll(List.of(pub))) {
                long start = System.nanoTime();
                long from = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
                latency.window(from, from + TimeUnit.SECONDS.toNanos(options.durationSeconds()));
                pub.start(start);
                run.warmUpAndMeasure(result, ledger::deliveredSoFar);
                sent[0] = pub.stop().join();
                run.drain(ledger::deliveredSoFar, () -> sent[0], pub::inflightSoFar);
                verdict.require(pub.inflightSoFar() == 0, pub.inflightSoFar() + " publishes never acknowledged");
            }
            run.disconnectAll(List.of(sub, pub));
            verdict.add(run.failures().summary());
        }
        Tally tally = new Tally();
        tally.add(sub.ledger(), sent);
        result.sent = sent[0];
        tally.fill(result);
        tally.judge(verdict, qos, sent[0]);
        latency.fill(result, verdict);
        result.judge(verdict);
        return result;
    }

}
