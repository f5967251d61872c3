package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code persistent-offline}: a subscriber makes a persistent session on {@code bench/persist/+} and goes away;
 * publishers then pour {@code --messages} QoS 1 or 2 messages into it as fast as the broker acknowledges them (the
 * throughput: acknowledged publications per second, which a durable broker pays for on disk); then the subscriber
 * comes back and drains its queue (the drain throughput), and every message is accounted for. With a warm-up, the
 * whole cycle runs once unmeasured first.
 */
final class PersistentScenario {

    private PersistentScenario() {
    }

    static LoadResult run(LoadOptions options) {
        if (options.warmupSeconds() > 0) {
            // the same cycle once unmeasured, into a session of its own: a JVM broker measured cold loses to one
            // written in C for reasons that have nothing to do with its disk
            LoadResult warmUp = pourAndDrain(options);
            LoadRun.log("warm-up cycle: %s", warmUp.ok() ? "ok" : warmUp.failure());
        }
        return pourAndDrain(options);
    }

    private static LoadResult pourAndDrain(LoadOptions options) {
        int publishers = options.publishers();
        int qos = Math.max(1, options.qos());
        long perPublisher = Math.max(1, options.messages() / publishers);
        String[] topics = new String[publishers];
        byte[][] topicBytes = new byte[publishers][];
        WindowGate[] gates = new WindowGate[publishers];
        for (int i = 0; i < publishers; i++) {
            topics[i] = "bench/persist/" + i;
            topicBytes[i] = topics[i].getBytes(StandardCharsets.UTF_8);
            // one slot nobody advances: each publisher stops after its share, at most its in-flight limit ahead
            gates[i] = new WindowGate(1);
        }
        LoadResult result = new LoadResult(options);
        result.publishers = publishers;
        result.subscribers = 1;
        result.connections = (long) publishers + 1;
        long[] sent = new long[publishers];
        Verdict verdict = new Verdict();
        DeliveryLedger ledger = new DeliveryLedger(0, topicBytes, qos, options.payload(), null);
        try (LoadRun run = new LoadRun(options)) {
            run.preflight();
            String subscriberId = run.clientId("s", 0);
            SubscriberConnection away = new SubscriberConnection(subscriberId, "bench/persist/+", qos,
                    new DeliveryLedger(0, topicBytes, qos, options.payload(), null), null, 0, run.failures());
            away.persistentSession();
            if (!run.openAll(List.of(away))) {
                verdict.add(run.failures().summary());
                result.judge(verdict);
                return result;
            }
            run.disconnectAll(List.of(away));
            List<ClosedLoopPublisher> pubs = new ArrayList<>();
            for (int i = 0; i < publishers; i++) {
                pubs.add(new ClosedLoopPublisher(run.clientId("p", i), i, topics[i], qos, options.payload(),
                        options.inflight(), gates[i], perPublisher, run.failures()));
            }
            if (run.openAll(pubs)) {
                LoadRun.log("%d publishers, %d QoS %d messages each into an offline persistent session", publishers,
                        perPublisher, qos);
                CpuMeter load = CpuMeter.start("self");
                CpuMeter broker = CpuMeter.start(options.brokerPid());
                long start = System.nanoTime();
                pubs.forEach(ClosedLoopPublisher::start);
                long expected = perPublisher * publishers;
                boolean acknowledged = run.drain(() -> acknowledged(pubs), () -> expected,
                        () -> ThroughputScenario.inflight(pubs));
                double seconds = (System.nanoTime() - start) / 1e9;
                result.brokerCpu = broker.cores();
                result.loadCpu = load.cores();
                result.durationSeconds = seconds;
                result.throughput = acknowledged(pubs) / seconds;
                LoadRun.log("%d acknowledged in %.2f s", acknowledged(pubs), seconds);
                verdict.require(acknowledged, "publications never acknowledged");
                for (int i = 0; i < publishers; i++) {
                    sent[i] = pubs.get(i).stop().join();
                }
                run.disconnectAll(pubs);
                SubscriberConnection back = new SubscriberConnection(subscriberId, null, qos, ledger, null, 0,
                        run.failures());
                back.persistentSession();
                long drainStart = System.nanoTime();
                run.openAll(List.of(back));
                long total = ThroughputScenario.sum(sent);
                run.drain(ledger::deliveredSoFar, () -> total, () -> 0);
                double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                result.drainThroughput = ledger.deliveredSoFar() / drainSeconds;
                LoadRun.log("%d drained in %.2f s", ledger.deliveredSoFar(), drainSeconds);
                run.disconnectAll(List.of(back));
            }
            verdict.add(run.failures().summary());
        }
        Tally tally = new Tally();
        tally.add(ledger, sent);
        result.sent = ThroughputScenario.sum(sent);
        tally.fill(result);
        tally.judge(verdict, qos, result.sent);
        verdict.require(result.received > 0, "nothing was delivered");
        result.judge(verdict);
        return result;
    }

    private static long acknowledged(List<ClosedLoopPublisher> pubs) {
        long total = 0;
        for (ClosedLoopPublisher pub : pubs) {
            total += pub.sentSoFar() - pub.inflightSoFar();
        }
        return total;
    }

}
