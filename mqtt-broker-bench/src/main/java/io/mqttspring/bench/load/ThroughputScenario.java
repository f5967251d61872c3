package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fan-in}: publishers on {@code bench/in/<i>} into one subscriber on {@code bench/in/+}; {@code fan-out}: one
 * publisher on {@code bench/out/t} to many subscribers of it. Closed loop at full speed; throughput counts the
 * deliveries of the measurement window, then publishing stops, the drain waits for the rest, and every message is
 * accounted for.
 */
final class ThroughputScenario {

    private ThroughputScenario() {
    }

    static LoadResult run(LoadOptions options) {
        // persistent-online: fan-in into a subscriber whose session outlives its connection (a durable broker stores
        // each message before acknowledging it)
        boolean persistent = options.scenario().equals("persistent-online");
        boolean fanIn = persistent || options.scenario().equals("fan-in");
        int publishers = fanIn ? options.publishers() : 1;
        int subscribers = fanIn ? 1 : options.subscribers();
        int qos = options.qos();
        // the window bounds what is outstanding towards one subscriber, so fan-in's publishers share it: each with
        // a full window they would overrun the per-session queue (1000 messages by default in all three brokers
        // compared), and a QoS 1 run would fail on drops the broker's configuration asks for
        // open loop: no window at all, only each publisher's in-flight limit (QoS 0 publishes as fast as it writes)
        int window = options.openLoop() ? Integer.MAX_VALUE / 2
                : fanIn ? Math.max(1, options.window() / publishers) : options.window();
        String[] topics = new String[publishers];
        byte[][] topicBytes = new byte[publishers][];
        WindowGate[] gates = new WindowGate[publishers];
        for (int i = 0; i < publishers; i++) {
            topics[i] = fanIn ? "bench/in/" + i : "bench/out/t";
            topicBytes[i] = topics[i].getBytes(StandardCharsets.UTF_8);
            gates[i] = new WindowGate(subscribers);
        }
        LoadResult result = new LoadResult(options);
        result.publishers = publishers;
        result.subscribers = subscribers;
        result.remoteNodes = options.acrossNodes() ? options.remoteNodes(subscribers) : null;
        result.connections = (long) publishers + subscribers;
        List<SubscriberConnection> subs = new ArrayList<>();
        List<ClosedLoopPublisher> pubs = new ArrayList<>();
        long[] sent = new long[publishers];
        Verdict verdict = new Verdict();
        try (LoadRun run = new LoadRun(options)) {
            run.preflight();
            if (options.openLoop()) {
                LoadRun.log("%d publishers, %d subscribers, open loop: %d unacknowledged per publisher", publishers,
                        subscribers, options.inflight());
            }
            else {
                LoadRun.log("%d publishers, %d subscribers, each publisher at most %d messages ahead", publishers,
                        subscribers, window);
            }
            for (int j = 0; j < subscribers; j++) {
                DeliveryLedger ledger = new DeliveryLedger(0, topicBytes, qos, options.payload(), null);
                SubscriberConnection sub = new SubscriberConnection(run.clientId("s", j),
                        fanIn ? "bench/in/+" : "bench/out/t", qos, ledger, gates, j, run.failures());
                if (persistent) {
                    sub.persistentSession();
                }
                subs.add(sub);
            }
            for (int i = 0; i < publishers; i++) {
                pubs.add(new ClosedLoopPublisher(run.clientId("p", i), i, topics[i], qos, options.payload(),
                        options.inflight(), gates[i], window, run.failures()));
            }
            if (run.openAll(subs) && run.openAll(pubs)) {
                pubs.forEach(ClosedLoopPublisher::start);
                run.warmUpAndMeasure(result, () -> delivered(subs));
                for (int i = 0; i < publishers; i++) {
                    sent[i] = pubs.get(i).stop().join();
                }
                long expected = subscribers * sum(sent);
                run.drain(() -> delivered(subs), () -> expected, () -> inflight(pubs));
                verdict.require(inflight(pubs) == 0, inflight(pubs) + " publishes never acknowledged");
            }
            run.disconnectAll(subs);
            run.disconnectAll(pubs);
            verdict.add(run.failures().summary());
        }
        // the event loops have stopped: ledgers and publishers are safe to read
        Tally tally = new Tally();
        subs.forEach(sub -> tally.add(sub.ledger(), sent));
        result.sent = sum(sent);
        tally.fill(result);
        tally.judge(verdict, qos, subscribers * result.sent);
        verdict.require(result.received > 0, "nothing was delivered");
        long stalls = pubs.stream().mapToLong(ClosedLoopPublisher::stalls).sum();
        if (stalls > 0) {
            LoadRun.log("QoS 0 publishers wrote their window off %d times after %d ms without a delivery", stalls,
                    ClosedLoopPublisher.QOS0_STALL_MILLIS);
        }
        result.judge(verdict);
        return result;
    }

    static long delivered(List<SubscriberConnection> subs) {
        long total = 0;
        for (SubscriberConnection sub : subs) {
            total += sub.ledger().deliveredSoFar();
        }
        return total;
    }

    static int inflight(List<? extends PublisherConnection> pubs) {
        int total = 0;
        for (PublisherConnection pub : pubs) {
            total += pub.inflightSoFar();
        }
        return total;
    }

    static long sum(long[] values) {
        long total = 0;
        for (long value : values) {
            total += value;
        }
        return total;
    }

}
