package io.mqttspring.broker.standalone;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.QueueOverflowPolicy;
import io.mqttspring.broker.core.MqttBrokerException;
import io.mqttspring.broker.message.QoS;

/**
 * Runs the broker from the command line, as one runs {@code mosquitto}:
 * {@code java -jar mqtt-broker-standalone.jar --host 127.0.0.1 --port 1883}. Prints one line once it listens and
 * stops gracefully on SIGTERM or Ctrl-C.
 */
public final class StandaloneBroker {

    private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

    static {
        option("--host", "ADDRESS", "address to bind (default 0.0.0.0)", (b, v) -> b.host(v));
        option("--port", "PORT", "TCP port, 0 for any free one (default 1883)", (b, v) -> b.port(integer(v)));
        option("--max-packet-size", "BYTES", "largest packet accepted (default 1048576)",
                (b, v) -> b.maxPacketSize(integer(v)));
        option("--max-inflight", "N", "unacknowledged QoS 1/2 messages per client (default 32)",
                (b, v) -> b.maxInflightMessages(integer(v)));
        option("--max-queued", "N", "QoS 1/2 messages queued per session (default 1000)",
                (b, v) -> b.maxQueuedMessages(integer(v)));
        option("--queue-overflow", "POLICY", "drop-newest or drop-oldest when a queue is full (default drop-newest)",
                (b, v) -> b.queueOverflowPolicy(
                        QueueOverflowPolicy.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'))));
        option("--receive-maximum", "N", "QoS 1/2 publications a client may leave unacknowledged (default 256)",
                (b, v) -> b.receiveMaximum(integer(v)));
        option("--max-session-expiry", "SECONDS", "longest session expiry granted (default 4294967295: never)",
                (b, v) -> b.maxSessionExpiry(Duration.ofSeconds(Long.parseLong(v))));
        option("--max-keep-alive", "SECONDS", "longest keep-alive granted to MQTT 5 clients (default 65535)",
                (b, v) -> b.maxKeepAlive(Duration.ofSeconds(Long.parseLong(v))));
        option("--connect-timeout", "SECONDS", "time allowed between connecting and CONNECT (default 10)",
                (b, v) -> b.connectTimeout(Duration.ofSeconds(Long.parseLong(v))));
        option("--maximum-qos", "QOS", "highest QoS granted, 0 to 2 (default 2)",
                (b, v) -> b.maximumQos(QoS.of(integer(v))));
        option("--topic-alias-maximum", "N", "topic aliases a client may define (default 10)",
                (b, v) -> b.topicAliasMaximum(integer(v)));
        option("--dollar-topic-publish-allowed", "BOOLEAN",
                "whether clients may publish to topics starting with $ (default false)",
                (b, v) -> b.dollarTopicPublishAllowed(bool(v)));
        option("--sys-interval", "SECONDS", "$SYS publication interval, 0 for none (default 10)",
                (b, v) -> b.sysInterval(Duration.ofSeconds(Long.parseLong(v))));
        option("--io-threads", "N", "event-loop threads, 0 for one per processor (default 0)",
                (b, v) -> b.ioThreads(integer(v)));
    }

    private StandaloneBroker() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerConfig config;
        try {
            config = parse(args);
        }
        catch (HelpRequested ex) {
            usage(System.out);
            return;
        }
        catch (IllegalArgumentException ex) {
            System.err.println("mqtt-broker: " + ex.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        MqttBroker broker = MqttBroker.builder().config(config).build();
        try {
            broker.start();
        }
        catch (MqttBrokerException ex) {
            System.err.println("mqtt-broker: " + ex.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop();
            stopped.countDown();
        }, "mqtt-shutdown"));
        // the one line scripts wait for; the launcher's console is its user interface
        System.out.println("mqtt-broker listening on " + broker.address().getHostString() + ":" + broker.port());
        System.out.flush();
        stopped.await();
    }

    static BrokerConfig parse(String[] args) {
        BrokerConfig.Builder builder = BrokerConfig.builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new HelpRequested();
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            Option option = OPTIONS.get(name);
            if (option == null) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            try {
                option.apply().accept(builder, value);
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException(name + ": not a number: " + value);
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(name + ": " + ex.getMessage());
            }
        }
        try {
            return builder.build();
        }
        catch (MqttBrokerException ex) {
            throw new IllegalArgumentException(ex.getMessage());
        }
    }

    private static void usage(PrintStream out) {
        out.println("Usage: java -jar mqtt-broker-standalone.jar [OPTION VALUE]...");
        out.println("An MQTT 3.1, 3.1.1 and 5.0 broker. Options:");
        for (Map.Entry<String, Option> entry : OPTIONS.entrySet()) {
            out.printf("  %-34s %s%n", entry.getKey() + " " + entry.getValue().argument(),
                    entry.getValue().description());
        }
        out.printf("  %-34s %s%n", "--help", "show this help");
    }

    private static void option(String name, String argument, String description,
            BiConsumer<BrokerConfig.Builder, String> apply) {
        OPTIONS.put(name, new Option(argument, description, apply));
    }

    private static int integer(String value) {
        return Integer.parseInt(value);
    }

    private static boolean bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("not true or false: " + value);
        }
        return Boolean.parseBoolean(value);
    }

    private record Option(String argument, String description, BiConsumer<BrokerConfig.Builder, String> apply) {
    }

    private static final class HelpRequested extends RuntimeException {

        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super(null, null, false, false);
        }

    }

}
