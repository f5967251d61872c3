package io.mqttspring.bench.load;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code reconnect}: waves of clients that connect, subscribe to their own {@code bench/idle/<i>} and leave again,
 * two seconds apart, as a fleet does when the broker restarts or the network comes back. The first wave meets a
 * broker that has just started, as a reconnect storm after a restart does; the last meets one that has served all
 * the waves before it, as steady churn does. A JVM broker compiles its connect path during the first waves, so the
 * two connect rates and the broker's CPU time per connection differ for it, not for Mosquitto. In the last wave a
 * sample of the subscribers must receive exactly the message published to its topic, so the rate is of working
 * subscriptions.
 */
final class ReconnectScenario {

    private static final long PAUSE_MILLIS = 2000;

    private ReconnectScenario() {
    }

    static LoadResult run(LoadOptions options) {
        int n = options.connections();
        int waves = options.waves();
        LoadResult result = new LoadResult(options);
        result.publishers = 1;
        result.subscribers = n;
        result.connections = (long) n * waves;
        int[] sample = IdleScenario.sample(n);
        long[][] sentBySubscriber = new long[n][1];
        List<SubscriberConnection> last = List.of();
        Verdict verdict = new Verdict();
        try (LoadRun run = new LoadRun(options)) {
            run.preflight();
            double measuredSeconds = 0;
            boolean all = true;
            for (int wave = 1; wave <= waves; wave++) {
                List<SubscriberConnection> clients = IdleScenario.subscribers(run, "w" + wave + "c", n,
                        options.qos(), options.payload());
                CpuMeter load = CpuMeter.start("self");
                CpuMeter broker = CpuMeter.start(options.brokerPid());
                long start = System.nanoTime();
                all &= IdleScenario.openThrottled(run, clients, options.handshakes());
                double seconds = (System.nanoTime() - start) / 1e9;
                Double cores = broker.cores();
                Double loadCores = load.cores();
                measuredSeconds += seconds;
                Double micros = (cores != null) ? cores * seconds * 1e6 / n : null;
                LoadRun.log("wave %d: %d connections subscribed in %.2f s (%.0f/s), broker CPU %s µs per connection",
                        wave, n, seconds, n / seconds, (micros != null) ? String.format("%.0f", micros) : "unknown");
                if (wave == 1) {
                    result.connectRate = n / seconds;
                    result.coldCpuMicrosPerConnection = micros;
                }
                if (wave == waves) {
                    result.warmConnectRate = n / seconds;
                    result.warmCpuMicrosPerConnection = micros;
                    // both over the last wave's connects, as the report's CPU columns compare them
                    result.brokerCpu = cores;
                    result.loadCpu = loadCores;
                    last = clients;
                }
                else {
                    run.disconnectAll(clients);
                    // a pause between waves, as between the outages that cause them: a JVM broker's compiler
                    // catches up here instead of inside the next wave's figures
                    LoadRun.sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PAUSE_MILLIS));
                }
            }
            result.durationSeconds = measuredSeconds;

            verdict.require(all, "not every connection of every wave was accepted and subscribed");
            if (all) {
                IdleScenario.publishToSample(run, options, last, sample, sentBySubscriber, result, verdict);
            }
            run.disconnectAll(last);
            verdict.add(run.failures().summary());
        }
        IdleScenario.judgeSample(last, sentBySubscriber, options.qos(), result, verdict);
        verdict.require(result.received > 0, "no subscriber of the last wave received its check message");
        result.judge(verdict);
        return result;
    }

}
