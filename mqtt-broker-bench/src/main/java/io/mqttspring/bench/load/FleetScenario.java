package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code fleet}: the shape of a device fleet. Many devices each publish to their own
 * {@code devices/<i>/telemetry} at a slow fixed rate ({@code --rate} per device, 1 msg/s by default), open loop and
 * not in step: their schedules are spread over the first second. One backend subscribes to
 * {@code devices/+/telemetry}. Throughput is the backend's deliveries per second. Latency runs from each message's
 * intended send time to its arrival. Memory is the broker's native memory growth plus, for a JVM, its live-heap
 * growth ({@link BrokerMemory}), from when the first half of the devices had connected to the end of the traffic
 * (every device still connected), divided by the second half: what
 * one more active device costs a warm broker (a cold baseline would count the broker's own warm-up). Every message
 * must arrive once.
 */
final class FleetScenario {

    private static final String PREFIX = "devices/";

    private static final String SUFFIX = "/telemetry";

    private FleetScenario() {
    }

    static LoadResult run(LoadOptions options) {
        int devices = options.connections();
        int qos = options.qos();
        String pid = options.brokerPid();
        byte[][] topics = new byte[devices][];
        for (int i = 0; i < devices; i++) {
            topics[i] = topic(i).getBytes(StandardCharsets.UTF_8);
        }
        LatencyRecorder latency = new LatencyRecorder();
        DeliveryLedger ledger = new DeliveryLedger(0, topics, qos, options.payload(), latency);
        LoadResult result = new LoadResult(options);
        result.publishers = devices;
        result.subscribers = 1;
        result.connections = (long) devices + 1;
        result.rate = options.rate();
        long[] sent = new long[devices];
        List<PacedPublisher> fleet = new ArrayList<>(devices);
        Verdict verdict = new Verdict();
        SubscriberConnection backend;
        try (LoadRun run = new LoadRun(options)) {
            run.preflight();
            backend = new SubscriberConnection(run.clientId("backend", 0), PREFIX + "+" + SUFFIX, qos, ledger, null,
                    0, run.failures());
            for (int i = 0; i < devices; i++) {
                fleet.add(new PacedPublisher(run.clientId("d", i), i, topic(i), qos, options.payload(),
                        options.inflight(), options.rate(), run.failures()));
            }
            long opening = System.nanoTime();
            int half = devices / 2;
            boolean open = run.openAll(List.of(backend))
                    && IdleScenario.openThrottled(run, fleet.subList(0, half), options.handshakes());
            BrokerMemory halfConnected = BrokerMemory.read(pid);
            if (open && IdleScenario.openThrottled(run, fleet.subList(half, devices), options.handshakes())) {
                LoadRun.log("%d devices connected in %.1f s", devices, (System.nanoTime() - opening) / 1e9);
                long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                long from = start + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
                latency.window(from, from + TimeUnit.SECONDS.toNanos(options.durationSeconds()));
                for (int i = 0; i < devices; i++) {
                    // not in step: device i starts i/devices of a second after the first
                    fleet.get(i).start(start + TimeUnit.SECONDS.toNanos(1) * i / devices);
                }
                run.warmUpAndMeasure(result, ledger::deliveredSoFar);
                for (int i = 0; i < devices; i++) {
                    sent[i] = fleet.get(i).stop().join();
                }
                run.drain(ledger::deliveredSoFar, () -> ThroughputScenario.sum(sent),
                        () -> ThroughputScenario.inflight(fleet));
                verdict.require(ThroughputScenario.inflight(fleet) == 0,
                        ThroughputScenario.inflight(fleet) + " publishes never acknowledged");
                // read with every device still connected, after the traffic
                BrokerMemory connected = BrokerMemory.read(pid);
                result.memoryPerConnection(halfConnected, connected, devices - half);
            }
            run.disconnectAll(fleet);
            run.disconnectAll(List.of(backend));
            verdict.add(run.failures().summary());
        }
        Tally tally = new Tally();
        tally.add(backend.ledger(), sent);
        result.sent = ThroughputScenario.sum(sent);
        tally.fill(result);
        tally.judge(verdict, qos, result.sent);
        latency.fill(result, verdict);
        result.judge(verdict);
        return result;
    }

    private static String topic(int device) {
        return PREFIX + device + SUFFIX;
    }

}
