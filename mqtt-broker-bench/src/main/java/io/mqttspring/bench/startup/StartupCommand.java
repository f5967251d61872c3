package io.mqttspring.bench.startup;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.mqttspring.bench.report.Result;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.BrokerConfig;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar mqtt-bench.jar startup [--round N]}: times building and starting the broker on 127.0.0.1 (any
 * free port, no {@code $SYS} publisher) until {@code start()} returns with the listener bound, prints one JSON line
 * ({@code {"broker":"ours","round":N,"scenario":"startup","startupMillis":M,"startMillis":S,"ok":true}}), stops the
 * broker and exits. {@code startupMillis} counts from the first call to the broker's API (building its
 * configuration, and the logging set-up its first class triggers); {@code startMillis} only the {@code start()}
 * call, as an application that built the broker earlier in its own start-up pays it. Meant to run once per fresh
 * JVM: the figures include class loading, as a first start in an application does, but not the JVM's own start.
 */
public final class StartupCommand {

    private StartupCommand() {
    }

    public static void main(String[] args) {
        int round;
        try {
            round = round(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println("startup: " + ex.getMessage());
            System.err.println("usage: java -jar mqtt-bench.jar startup [--round N]");
            System.exit(2);
            return;
        }
        long begin = System.nanoTime();
        long startBegin;
        MqttBroker broker;
        try {
            broker = MqttBroker.builder()
                    .config(BrokerConfig.builder().host("127.0.0.1").port(0).sysInterval(Duration.ZERO).build())
                    .build();
            startBegin = System.nanoTime();
            broker.start();
        }
        catch (RuntimeException ex) {
            System.out.println(line(round, -1, -1, ex.toString()));
            System.exit(1);
            return;
        }
        long end = System.nanoTime();
        String failure = broker.isAcceptingConnections() ? null : "listener not bound when start() returned";
        // the result line is the command's output, read by run-comparison.sh
        System.out.println(line(round, TimeUnit.NANOSECONDS.toMillis(end - begin),
                TimeUnit.NANOSECONDS.toMillis(end - startBegin), failure));
        System.out.flush();
        broker.stop();
        System.exit((failure == null) ? 0 : 1);
    }

    static String line(int round, long millis, long startMillis, @Nullable String failure) {
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("broker", "ours");
        fields.put("round", round);
        fields.put("scenario", "startup");
        fields.put("startupMillis", (millis >= 0) ? millis : null);
        fields.put("startMillis", (startMillis >= 0) ? startMillis : null);
        fields.put("ok", failure == null);
        if (failure != null) {
            fields.put("failure", failure);
        }
        return Result.line(fields);
    }

    private static int round(String[] args) {
        int round = 1;
        for (int i = 0; i < args.length; i++) {
            if (!args[i].equals("--round")) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--round needs a value");
            }
            try {
                round = Integer.parseInt(args[++i]);
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException("--round: not a number: " + args[i]);
            }
        }
        return round;
    }

}
