package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code subscriptions}: routing through a large subscription table. {@code --subscribers} clients each subscribe
 * to {@code --filters} wildcard filters {@code bench/subs/<c>/<k>/+} in one SUBSCRIBE (100 × 1,000 = 100,000
 * subscriptions by default in the comparison). Then one closed-loop publisher per client goes round
 * {@code bench/subs/<c>/<k>/<j>} for j below 10, which gives 1,000,000 distinct topic names in all, each matching
 * exactly one subscription. Throughput is the deliveries per second. Memory per subscription is the broker's native
 * memory growth plus, for a JVM, its live-heap growth ({@link BrokerMemory}) while the second half of the clients
 * subscribed, divided by their subscriptions (the first half warms the broker up); their connections are in it, and
 * are negligible next to 1,000 filters each. Every message must arrive once, at its own subscriber.
 */
final class SubscriptionsScenario {

    static final int TOPICS_PER_FILTER = 10;

    private static final long SETTLE_MILLIS = 2000;

    private SubscriptionsScenario() {
    }

    static LoadResult run(LoadOptions options) {
        int clients = options.subscribers();
        int filters = options.filters();
        int qos = options.qos();
        String pid = options.brokerPid();
        LoadResult result = new LoadResult(options);
        result.publishers = clients;
        result.subscribers = clients;
        result.connections = 2L * clients;
        List<SubscriberConnection> subs = new ArrayList<>(clients);
        List<ClosedLoopPublisher> pubs = new ArrayList<>(clients);
        long[] sent = new long[clients];
        Verdict verdict = new Verdict();
        try (LoadRun run = new LoadRun(options)) {
            run.preflight();
            WindowGate[] gates = new WindowGate[clients];
            for (int c = 0; c < clients; c++) {
                gates[c] = new WindowGate(1);
                byte[][] prefix = { prefix(c).getBytes(StandardCharsets.UTF_8) };
                DeliveryLedger ledger = new DeliveryLedger(c, prefix, qos, options.payload(), null).topicPrefixes();
                List<String> more = new ArrayList<>(filters - 1);
                for (int k = 1; k < filters; k++) {
                    more.add(prefix(c) + k + "/+");
                }
                SubscriberConnection sub = new SubscriberConnection(run.clientId("s", c), prefix(c) + "0/+", qos,
                        ledger, new WindowGate[] { gates[c] }, 0, run.failures());
                sub.subscribeAlso(more);
                subs.add(sub);
            }
            int half = Math.max(1, clients / 2);
            long opening = System.nanoTime();
            boolean subscribed = IdleScenario.openThrottled(run, subs.subList(0, half), options.handshakes());
            LoadRun.sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS));
            BrokerMemory halfSubscribed = BrokerMemory.read(pid);
            subscribed &= IdleScenario.openThrottled(run, subs.subList(half, clients), options.handshakes());
            LoadRun.log("%d subscriptions made in %.1f s", (long) clients * filters,
                    (System.nanoTime() - opening) / 1e9);
            LoadRun.sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS));
            BrokerMemory all = BrokerMemory.read(pid);
            if (all.comparableTo(halfSubscribed) && clients > half) {
                long grown = all.growthKiB(halfSubscribed);
                result.rssBeforeKiB = halfSubscribed.rssKiB();
                result.rssAfterKiB = all.rssKiB();
                result.bytesPerItem = grown * 1024.0 / ((long) (clients - half) * filters);
            }
            for (int c = 0; c < clients; c++) {
                PublishTemplate[] templates = new PublishTemplate[filters * TOPICS_PER_FILTER];
                for (int k = 0; k < filters; k++) {
                    for (int j = 0; j < TOPICS_PER_FILTER; j++) {
                        templates[k * TOPICS_PER_FILTER + j] = new PublishTemplate(prefix(c) + k + "/" + j, qos,
                                options.payload());
                    }
                }
                pubs.add(new ClosedLoopPublisher(run.clientId("p", c), c, templates, qos, options.inflight(),
                        gates[c], options.window(), run.failures()));
            }
            if (subscribed && run.openAll(pubs)) {
                pubs.forEach(ClosedLoopPublisher::start);
                run.warmUpAndMeasure(result, () -> ThroughputScenario.delivered(subs));
                for (int c = 0; c < clients; c++) {
                    sent[c] = pubs.get(c).stop().join();
                }
                run.drain(() -> ThroughputScenario.delivered(subs), () -> ThroughputScenario.sum(sent),
                        () -> ThroughputScenario.inflight(pubs));
                verdict.require(ThroughputScenario.inflight(pubs) == 0,
                        ThroughputScenario.inflight(pubs) + " publishes never acknowledged");
            }
            run.disconnectAll(subs);
            run.disconnectAll(pubs);
            verdict.add(run.failures().summary());
        }
        Tally tally = new Tally();
        for (int c = 0; c < clients; c++) {
            tally.add(subs.get(c).ledger(), new long[] { sent[c] });
        }
        result.sent = ThroughputScenario.sum(sent);
        tally.fill(result);
        tally.judge(verdict, qos, result.sent);
        verdict.require(result.received > 0, "nothing was delivered");
        result.judge(verdict);
        return result;
    }

    private static String prefix(int client) {
        return "bench/subs/" + client + "/";
    }

}
