package io.mqttspring.broker.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

/**
 * A load tool for comparing brokers: publishers send as fast as an outstanding-message window allows (or at a fixed
 * {@code --rate} per publisher), subscribers
 * count what arrives and measure latency from a timestamp in the payload. Not a test; run it with
 * {@code bench/compare-with-mosquitto.sh} or by hand:
 * {@code java -cp <test classpath> io.mqttspring.broker.bench.LoadGenerator --port 1883 --publishers 4 ...}.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Result result = run(options);
        System.out.println(result.format(options));
    }

    static Result run(Options options) throws Exception {
        MqttQos qos = MqttQos.fromCode(options.qos);
        LongAdder received = new LongAdder();
        long[] latencies = new long[1 << 20];
        java.util.concurrent.atomic.AtomicInteger latencyCount = new java.util.concurrent.atomic.AtomicInteger();
        List<Mqtt3AsyncClient> subscribers = new ArrayList<>();
        for (int i = 0; i < options.subscribers; i++) {
            Mqtt3AsyncClient subscriber = client(options, "bench-sub-" + i);
            subscriber.connect().get(10, TimeUnit.SECONDS);
            subscriber.subscribeWith().topicFilter("bench/#").qos(qos).callback((publish) -> {
                received.increment();
                ByteBuffer payload = publish.getPayload().orElseThrow();
                long sent = payload.getLong(payload.position());
                int index = latencyCount.getAndIncrement();
                if (index < latencies.length) {
                    latencies[index] = System.nanoTime() - sent;
                }
            }).send().get(10, TimeUnit.SECONDS);
            subscribers.add(subscriber);
        }
        List<Mqtt3AsyncClient> publishers = new ArrayList<>();
        for (int i = 0; i < options.publishers; i++) {
            Mqtt3AsyncClient publisher = client(options, "bench-pub-" + i);
            publisher.connect().get(10, TimeUnit.SECONDS);
            publishers.add(publisher);
        }
        LongAdder published = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < publishers.size(); i++) {
            Mqtt3AsyncClient publisher = publishers.get(i);
            String topic = "bench/" + i;
            Thread thread = new Thread(() -> publishLoop(publisher, topic, qos, options, running, published),
                    "bench-publisher-" + i);
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(options.warmupSeconds * 1000L);
        long receivedAtStart = received.sum();
        long publishedAtStart = published.sum();
        latencyCount.set(0);
        long start = System.nanoTime();
        Thread.sleep(options.seconds * 1000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long receivedCount = received.sum() - receivedAtStart;
        long publishedCount = published.sum() - publishedAtStart;
        int samples = Math.min(latencyCount.get(), latencies.length);
        running.set(false);
        for (Thread thread : threads) {
            thread.join(5000);
        }
        for (Mqtt3AsyncClient client : publishers) {
            client.disconnect();
        }
        for (Mqtt3AsyncClient client : subscribers) {
            client.disconnect();
        }
        long[] sorted = Arrays.copyOf(latencies, samples);
        Arrays.sort(sorted);
        return new Result(publishedCount / elapsed, receivedCount / elapsed, percentile(sorted, 0.5),
                percentile(sorted, 0.99));
    }

    private static void publishLoop(Mqtt3AsyncClient publisher, String topic, MqttQos qos, Options options,
            AtomicBoolean running, LongAdder published) {
        Semaphore window = new Semaphore(options.window);
        byte[] payload = new byte[Math.max(8, options.size)];
        long intervalNanos = (options.rate > 0) ? 1_000_000_000L / options.rate : 0;
        long next = System.nanoTime();
        while (running.get()) {
            if (intervalNanos > 0) {
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
            try {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            ByteBuffer.wrap(payload).putLong(0, System.nanoTime());
            CompletableFuture<?> sent = publisher.publishWith().topic(topic).qos(qos).payload(payload.clone()).send();
            sent.whenComplete((result, failure) -> {
                window.release();
                if (failure == null) {
                    published.increment();
                }
            });
        }
    }

    private static Mqtt3AsyncClient client(Options options, String id) {
        return MqttClient.builder().useMqttVersion3().identifier(id + "-" + ProcessHandle.current().pid())
            .serverHost(options.host).serverPort(options.port).buildAsync();
    }

    private static double percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] / 1e6;
    }

    record Result(double publishedPerSecond, double receivedPerSecond, double p50Millis, double p99Millis) {

        String format(Options options) {
            return String.format(Locale.ROOT,
                    "publishers=%d subscribers=%d qos=%d size=%d published/s=%.0f received/s=%.0f p50=%.2fms "
                            + "p99=%.2fms",
                    options.publishers, options.subscribers, options.qos, options.size, this.publishedPerSecond,
                    this.receivedPerSecond, this.p50Millis, this.p99Millis);
        }

    }

    static final class Options {

        String host = "127.0.0.1";

        int port = 1883;

        int publishers = 4;

        int subscribers = 4;

        int qos;

        int size = 64;

        int window = 200;

        int rate;

        int seconds = 10;

        int warmupSeconds = 3;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--host" -> options.host = value;
                    case "--port" -> options.port = Integer.parseInt(value);
                    case "--publishers" -> options.publishers = Integer.parseInt(value);
                    case "--subscribers" -> options.subscribers = Integer.parseInt(value);
                    case "--qos" -> options.qos = Integer.parseInt(value);
                    case "--size" -> options.size = Integer.parseInt(value);
                    case "--window" -> options.window = Integer.parseInt(value);
                    case "--rate" -> options.rate = Integer.parseInt(value);
                    case "--seconds" -> options.seconds = Integer.parseInt(value);
                    case "--warmup" -> options.warmupSeconds = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return options;
        }

    }

}
