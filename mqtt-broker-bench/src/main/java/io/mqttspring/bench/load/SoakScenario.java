package io.mqttspring.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code soak}: for the whole duration, short-lived clients connect, subscribe to their own
 * {@code bench/soak/<k>}, publish a few messages to it, receive them and leave, with a bounded number alive at
 * once. The broker's RSS is sampled throughout; its slope over the second half shows whether churn leaks memory.
 */
final class SoakScenario {

    private static final String PREFIX = "bench/soak/";
    private static final long PATIENCE_SECONDS = 10;

    private SoakScenario() {
    }

    static LoadResult run(LoadOptions options) {
        int qos = options.qos();
        LoadResult result = new LoadResult(options);
        Tally tally = new Tally();
        LongAdder sent = new LongAdder();
        List<long[]> rss = new ArrayList<>();
        Verdict verdict = new Verdict();
        AtomicInteger clients = new AtomicInteger();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "load-rss");
            thread.setDaemon(true);
            return thread;
        });
        try (LoadRun run = new LoadRun(options)) {
            run.preflight();
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(options.durationSeconds());
            if (options.brokerPid() != null) {
                sampler.scheduleAtFixedRate(() -> sample(rss, start, options.brokerPid()), 0,
                        options.sampleSeconds(), TimeUnit.SECONDS);
            }
            CpuMeter load = CpuMeter.start("self");
            CpuMeter broker = CpuMeter.start(options.brokerPid());
            Semaphore live = new Semaphore(options.live());
            long lastReport = start;
            while (System.nanoTime() - end < 0) {
                if (!live.tryAcquire(1, TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.NANOSECONDS)) {
                    continue;
                }
                int k = clients.getAndIncrement();
                SoakClient client = new SoakClient(run.clientId("k", k), k, PREFIX + k, qos, options.payload(),
                        options.inflight(), options.messages(), PATIENCE_SECONDS, run.failures());
                client.closed().whenComplete((done, ex) -> {
                    // runs on the client's event loop, where its state may be read
                    long[] published = { client.published() };
                    sent.add(published[0]);
                    tally.add(client.ledger(), published);
                    live.release();
                });
                run.open(client);
                if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                    lastReport = System.nanoTime();
                    LoadRun.log("soak %ds: %d clients, %d delivered", TimeUnit.NANOSECONDS.toSeconds(lastReport - start),
                            k, tally.delivered());
                }
            }
            // let the last clients finish: each leaves within its patience
            boolean finished = live.tryAcquire(options.live(), PATIENCE_SECONDS + 5, TimeUnit.SECONDS);
            verdict.require(finished, "clients still connected " + (PATIENCE_SECONDS + 5) + " s after the end");
            result.durationSeconds = (System.nanoTime() - start) / 1e9;
            result.loadCpu = load.cores();
            result.brokerCpu = broker.cores();
            sampler.shutdownNow();
            sample(rss, start, options.brokerPid());
            verdict.add(run.failures().summary());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            verdict.add("interrupted");
        }
        finally {
            sampler.shutdownNow();
        }
        result.publishers = clients.get();
        result.subscribers = clients.get();
        result.connections = (long) clients.get();
        result.sent = sent.sum();
        tally.fill(result);
        tally.judge(verdict, qos, result.sent);
        verdict.require(result.received > 0, "nothing was delivered");
        if (result.durationSeconds != null) {
            result.throughput = result.received / result.durationSeconds;
        }
        RssTrend.fill(result, rss);
        result.judge(verdict);
        return result;
    }

    private static void sample(List<long[]> rss, long start, String pid) {
        long kib = ProcFs.rssKiB(pid);
        if (kib > 0) {
            synchronized (rss) {
                rss.add(new long[] { System.nanoTime() - start, kib });
            }
        }
    }

}
