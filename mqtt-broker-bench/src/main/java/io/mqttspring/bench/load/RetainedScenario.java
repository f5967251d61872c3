package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code retained}: a broker holding many retained messages. One publisher retains {@code --messages} QoS 1 messages
 * on as many topics {@code bench/retained/<i>}, each acknowledged. Then one subscriber to {@code bench/retained/#}
 * arrives, and the figure is the time from its SUBSCRIBE until it has them all. Throughput is the rate at which they
 * were retained. Memory per retained message is the broker's native memory growth plus, for a JVM, its live-heap
 * growth ({@link BrokerMemory}) while
 * they were published, divided by their number; a tenth as many warm-up messages, retained first on
 * {@code bench/warmup/<i>}, keep the broker's own warm-up out of it. Every message must arrive once.
 */
final class RetainedScenario {

    private static final String PREFIX = "bench/retained/";

    private static final long SETTLE_MILLIS = 2000;

    private RetainedScenario() {
    }

    static LoadResult run(LoadOptions options) {
        int count = options.messages();
        int qos = options.qos();
        String pid = options.brokerPid();
        LoadResult result = new LoadResult(options);
        result.publishers = 1;
        result.subscribers = 1;
        result.connections = 2L;
        long[] sent = new long[1];
        Verdict verdict = new Verdict();
        DeliveryLedger ledger = new DeliveryLedger(0, new byte[][] { PREFIX.getBytes(StandardCharsets.UTF_8) }, qos,
                options.payload(), null).topicPrefixes();
        SubscriberConnection sub;
        try (LoadRun run = new LoadRun(options)) {
            run.preflight();
            PublishTemplate[] templates = new PublishTemplate[count];
            for (int i = 0; i < count; i++) {
                templates[i] = new PublishTemplate(PREFIX + i, qos, options.payload(), true);
            }
            // a window of exactly the count: no subscriber advances the gate, so the publisher stops after the last topic
            WindowGate gate = new WindowGate(1);
            ClosedLoopPublisher pub = new ClosedLoopPublisher(run.clientId("p", 0), 0, templates, qos,
                    options.inflight(), gate, count, run.failures());
            sub = new SubscriberConnection(run.clientId("s", 0), PREFIX + "#", qos, ledger, null, 0, run.failures());
            if (!warmUp(run, options, Math.max(1, count / 10))) {
                verdict.require(false, "the warm-up publisher did not finish");
            }
            BrokerMemory cold = BrokerMemory.read(pid);
            if (run.openAll(List.of(pub))) {
                CpuMeter load = CpuMeter.start("self");
                CpuMeter broker = CpuMeter.start(pid);
                long start = System.nanoTime();
                pub.start();
                awaitSent(pub, count, options.drainSeconds());
                sent[0] = pub.stop().join();
                run.drain(() -> 0, () -> 0, pub::inflightSoFar);
                double seconds = (System.nanoTime() - start) / 1e9;
                result.loadCpu = load.cores();
                result.brokerCpu = broker.cores();
                result.durationSeconds = seconds;
                result.throughput = sent[0] / seconds;
                verdict.require(sent[0] == count, "published " + sent[0] + " of " + count);
                verdict.require(pub.inflightSoFar() == 0, pub.inflightSoFar() + " publishes never acknowledged");
                LoadRun.log("%d retained messages published in %.1f s", sent[0], seconds);
                LoadRun.sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS));
                BrokerMemory stored = BrokerMemory.read(pid);
                if (stored.comparableTo(cold)) {
                    long grown = stored.growthKiB(cold);
                    result.rssBeforeKiB = cold.rssKiB();
                    result.rssAfterKiB = stored.rssKiB();
                    result.bytesPerItem = grown * 1024.0 / sent[0];
                }
                long subscribing = System.nanoTime();
                if (run.openAll(List.of(sub))) {
                    run.drain(ledger::deliveredSoFar, () -> sent[0], () -> 0);
                    result.deliverySeconds = (System.nanoTime() - subscribing) / 1e9;
                    LoadRun.log("the subscriber had %d retained messages %.2f s after connecting",
                            ledger.deliveredSoFar(), result.deliverySeconds);
                }
                run.disconnectAll(List.of(sub));
            }
            run.disconnectAll(List.of(pub));
            verdict.add(run.failures().summary());
        }
        Tally tally = new Tally();
        tally.add(sub.ledger(), sent);
        result.sent = sent[0];
        tally.fill(result);
        tally.judge(verdict, qos, sent[0]);
        verdict.require(result.received > 0, "the subscriber received no retained message");
        result.judge(verdict);
        return result;
    }

    /** Retain {@code count} messages elsewhere first, so the measured ones find the broker warm. */
    private static boolean warmUp(LoadRun run, LoadOptions options, int count) {
        PublishTemplate[] templates = new PublishTemplate[count];
        for (int i = 0; i < count; i++) {
            templates[i] = new PublishTemplate("bench/warmup/" + i, options.qos(), options.payload(), true);
        }
        ClosedLoopPublisher warm = new ClosedLoopPublisher(run.clientId("w", 0), 1, templates, options.qos(),
                options.inflight(), new WindowGate(1), count, run.failures());
        if (!run.openAll(List.of(warm))) {
            return false;
        }
        warm.start();
        awaitSent(warm, count, options.drainSeconds());
        long sent = warm.stop().join();
        run.drain(() -> 0, () -> 0, warm::inflightSoFar);
        run.disconnectAll(List.of(warm));
        return sent == count;
    }

    /** Wait until {@code count} messages are written; give up after a drain period without progress. */
    private static void awaitSent(PublisherConnection publisher, int count, int drainSeconds) {
        long quiet = TimeUnit.SECONDS.toNanos(drainSeconds);
        long lastSent = -1;
        long lastChange = System.nanoTime();
        while (publisher.sentSoFar() < count && System.nanoTime() - lastChange < quiet) {
            LoadRun.sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));
            if (publisher.sentSoFar() != lastSent) {
                lastSent = publisher.sentSoFar();
                lastChange = System.nanoTime();
            }
        }
    }

}
