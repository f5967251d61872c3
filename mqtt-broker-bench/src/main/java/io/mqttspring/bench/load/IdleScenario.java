package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code idle}: many clients each subscribed to their own {@code bench/idle/<i>}, opened with a bounded number of
 * handshakes at once. The first half connects and stays, warming the broker up (code compiled, a JVM's young
 * generation sized and touched); the RSS baseline is taken then, and the memory per connection is the growth the
 * second half causes: what one more idle connection costs a warm broker. (A warm-up round that leaves again does not
 * work: glibc and a JVM keep the memory it freed and reuse it, so the measured round seems to cost nothing.) For a
 * JVM broker, the memory per connection is the growth of its native memory (RSS beyond the committed heap) plus
 * that of its live heap after a full collection ({@link BrokerMemory}); run with a pre-touched heap
 * ({@code -XX:+AlwaysPreTouch}), as otherwise RSS follows which young-generation pages the collector happened to
 * touch first. Then a sample of the idle subscribers must still receive exactly the message published to its topic.
 */
final class IdleScenario {

    static final String PREFIX = "bench/idle/";
    private static final int SAMPLE = 100;
    private static final long SETTLE_MILLIS = 2000;

    private IdleScenario() {
    }

    static LoadResult run(LoadOptions options) {
        int n = options.connections();
        int qos = options.qos();
        String pid = options.brokerPid();
        LoadResult result = new LoadResult(options);
        result.publishers = 1;
        result.subscribers = n;
        result.connections = (long) n;
        int[] sample = sample(n);
        long[][] sentBySubscriber = new long[n][1];
        List<SubscriberConnection> clients = new ArrayList<>(n);
        Verdict verdict = new Verdict();
        try (LoadRun run = new LoadRun(options)) {
            run.preflight();
            long cold = ProcFs.rssKiB(pid);
            clients.addAll(subscribers(run, "c", n, qos, options.payload()));
            int first = Math.max(1, n / 2);
            boolean all = openThrottled(run, clients.subList(0, first), options.handshakes());
            LoadRun.log("first %d connections open, kept as the baseline", first);
            LoadRun.sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS));
            BrokerMemory before = BrokerMemory.read(pid);

            CpuMeter load = CpuMeter.start("self");
            CpuMeter broker = CpuMeter.start(pid);
            long start = System.nanoTime();
            all &= openThrottled(run, clients.subList(first, n), options.handshakes());
            double seconds = (System.nanoTime() - start) / 1e9;
            int measured = n - first;
            result.loadCpu = load.cores();
            result.brokerCpu = broker.cores();
            result.durationSeconds = seconds;
            result.connectRate = measured / seconds;
            LoadRun.log("%d more connections subscribed in %.2f s", measured, seconds);
            LoadRun.sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS));
            BrokerMemory after = BrokerMemory.read(pid);
            LoadRun.log("broker RSS: %d KiB idle, %d KiB with %d connections, %d KiB with %d", cold,
                    before.rssKiB(), first, after.rssKiB(), n);
            if (after.heapGrowthKiB(before) != null) {
                LoadRun.log("broker live heap: %d KiB with %d connections, %d KiB with %d (committed %d and %d KiB)",
                        before.liveHeapKiB(), first, after.liveHeapKiB(), n, before.committedHeapKiB(),
                        after.committedHeapKiB());
            }
            result.memoryPerConnection(before, after, measured);

            if (all && publishToSample(run, options, clients, sample, sentBySubscriber, result, verdict)) {
                run.phase("hold", options.holdSeconds(), () -> ThroughputScenario.delivered(clients));
            }
            run.disconnectAll(clients);
            verdict.add(run.failures().summary());
        }
        judgeSample(clients, sentBySubscriber, qos, result, verdict);
        verdict.require(result.received > 0, "no idle subscriber received its check message");
        result.judge(verdict);
        return result;
    }

    /**
     * Publish one message to the topic of each sampled subscriber and record which were sent.
     * @return whether the check publisher could connect
     */
    static boolean publishToSample(LoadRun run, LoadOptions options, List<SubscriberConnection> clients,
            int[] sample, long[][] sentBySubscriber, LoadResult result, Verdict verdict) {
        ProbePublisher probe = new ProbePublisher(run.clientId("x", 0), PREFIX, sample, options.qos(),
                options.payload(), options.inflight(), run.failures());
        boolean opened = run.openAll(List.of(probe));
        if (opened) {
            probe.start();
            run.drain(() -> ThroughputScenario.delivered(clients), () -> sample.length, probe::inflightSoFar);
            long sent = probe.stop().join();
            verdict.require(probe.inflightSoFar() == 0, probe.inflightSoFar() + " publishes never acknowledged");
            for (int i = 0; i < sent; i++) {
                sentBySubscriber[sample[i]][0] = 1;
            }
            result.sent = sent;
            verdict.require(sent == sample.length, "the check published " + sent + " of " + sample.length);
        }
        run.disconnectAll(List.of(probe));
        return opened;
    }

    /** Count what each subscriber received against what was sent to it: lost, duplicated or misrouted. */
    static void judgeSample(List<SubscriberConnection> clients, long[][] sentBySubscriber, int qos,
            LoadResult result, Verdict verdict) {
        Tally tally = new Tally();
        for (int i = 0; i < clients.size(); i++) {
            tally.add(clients.get(i).ledger(), sentBySubscriber[i]);
        }
        tally.fill(result);
        tally.judge(verdict, qos, result.sent);
    }

    static List<SubscriberConnection> subscribers(LoadRun run, String role, int n, int qos, int payload) {
        List<SubscriberConnection> subs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[][] topic = { (PREFIX + i).getBytes(StandardCharsets.UTF_8) };
            subs.add(new SubscriberConnection(run.clientId(role, i), PREFIX + i, qos,
                    new DeliveryLedger(i, topic, qos, payload, null), null, 0, run.failures()));
        }
        return subs;
    }

    /** Open every connection with at most {@code concurrency} handshakes under way; whether all became ready. */
    static boolean openThrottled(LoadRun run, List<? extends MqttClientConnection> connections,
            int concurrency) {
        Semaphore handshakes = new Semaphore(concurrency);
        for (MqttClientConnection connection : connections) {
            handshakes.acquireUninterruptibly();
            run.open(connection).ready().whenComplete((ok, ex) -> handshakes.release());
        }
        return run.awaitReady(connections);
    }

    /** Up to {@value #SAMPLE} indexes spread evenly over {@code n}. */
    static int[] sample(int n) {
        int size = Math.min(SAMPLE, n);
        int[] sample = new int[size];
        for (int i = 0; i < size; i++) {
            sample[i] = (int) ((long) i * n / size);
        }
        return sample;
    }

}
