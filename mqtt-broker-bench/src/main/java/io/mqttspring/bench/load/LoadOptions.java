package io.mqttspring.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one load run, parsed from {@code --name value} (or {@code --name=value}) arguments.
 *
 * @param scenario fan-in, fan-out, latency, idle, fleet, subscriptions, retained or soak
 * @param brokerPid the broker's process id for CPU and RSS, or {@code null}; for fan-in, fan-out, latency and the
 * persistent scenarios also several, comma-separated (the nodes of a cluster), whose CPU is summed
 * @param label the broker's name, copied into the output
 * @param warmupSeconds publishing before the measurement window opens
 * @param durationSeconds the measurement window (the whole run for soak)
 * @param filters wildcard filters each client of the subscriptions scenario subscribes to
 * @param window messages a subscriber may have outstanding: how far a closed-loop publisher may run ahead of its
 * slowest subscriber, divided among fan-in's publishers
 * @param inflight unacknowledged QoS 1 and 2 publishes per publisher
 * @param rate messages per second of the latency publisher, or of each fleet device
 * @param connections idle connections, or fleet devices
 * @param holdSeconds how long the idle connections stay open after the check
 * @param handshakes concurrent CONNECT/SUBSCRIBE handshakes while opening idle connections
 * @param waves reconnect: how many times the connections are opened and closed again
 * @param live soak clients connected at once
 * @param messages messages each soak client publishes to itself and must receive
 * @param sampleSeconds interval of the soak's RSS samples
 * @param drainSeconds how long the drain waits without progress before judging
 * @param threads the load tool's event loops
 * @param openLoop whether fan-in and fan-out publishers ignore their subscribers' progress, as devices do: limited
 * only by their own in-flight window
 * @param tls whether clients connect over TLS (trusting any certificate: loopback benchmarks only)
 * @param username the user name every client sends, or {@code null}
 * @param password the password every client sends with it, or {@code null}
 * @param variant what else is particular to the broker's set-up, added to the scenario's name (users and ACL rules,
 * for instance), or {@code null}
 * @param subscriberPorts the ports subscribers connect to, round robin in the order they connect, when not
 * {@code port}: other nodes of a cluster; empty for {@code port}
 */
public record LoadOptions(String scenario, String host, int port, String brokerPid, String label, int round,
        int warmupSeconds, int durationSeconds, int qos, int payload, int publishers, int subscribers,
        int filters, int window,
        int inflight, int rate, int connections, int holdSeconds, int handshakes, int waves, int live,
        int messages,
        int sampleSeconds, int drainSeconds, int threads, boolean openLoop, boolean tls, String username,
        String password, String variant, List<Integer> subscriberPorts) {

    static final List<String> SCENARIOS = List.of("fan-in", "fan-out", "latency", "idle", "reconnect", "fleet",
            "subscriptions", "retained", "soak", "persistent-online", "persistent-offline");

    // the scenarios that read the broker's memory, which is one process's
    private static final List<String> ONE_PROCESS = List.of("idle", "fleet", "subscriptions", "retained", "soak");

    public LoadOptions {
        subscriberPorts = List.copyOf(subscriberPorts);
    }

    private static final String[][] OPTIONS = {
        { "scenario", null, "fan-in | fan-out | latency | idle | reconnect | fleet | subscriptions | retained | soak "
                + "(required)" },
        { "host", "127.0.0.1", "broker host" },
        { "port", "1883", "broker port" },
        { "broker-pid", null, "broker process id, for its CPU and RSS from /proc; several comma-separated (a "
                + "cluster's nodes) for their summed CPU" },
        { "label", "broker", "broker name, copied into the output" },
        { "round", "1", "round number, copied into the output" },
        { "warmup", "5", "seconds of load before measuring" },
        { "duration", "15", "seconds measured (the whole soak)" },
        { "qos", "1", "0, 1 or 2" },
        { "payload", "64", "payload bytes, at least 20" },
        { "publishers", "16", "fan-in publishers" },
        { "subscribers", "64", "fan-out subscribers; subscriptions: subscribing clients" },
        { "filters", "1000", "subscriptions: wildcard filters per subscribing client" },
        // below the 1000-message session queues of all three brokers, whose accounting of in-flight messages
        // differs: HiveMQ CE drops a few messages at exactly 1000 outstanding
        { "window", "800", "messages outstanding per subscriber (fan-in: split over the publishers)" },
        { "inflight", "16", "unacknowledged QoS 1/2 publishes per publisher" },
        { "rate", "2000", "latency: messages per second; fleet: messages per second of each device" },
        { "connections", "10000", "idle: connections; reconnect: connections per wave; fleet: devices" },
        { "hold", "5", "idle: seconds the connections stay open after the check" },
        // below Mosquitto's listen backlog of 100: more overflow its accept queue and measure SYN retries instead
        { "handshakes", "64", "idle, reconnect, fleet: concurrent connection handshakes" },
        { "waves", "8", "reconnect: times the connections open and leave again" },
        { "live", "500", "soak: clients connected at once" },
        { "messages", "5", "soak: messages per client; persistent-offline, retained: messages in all" },
        { "sample", "10", "soak: seconds between broker RSS samples" },
        { "drain", "10", "seconds without progress after which the drain gives up" },
        { "threads", String.valueOf(Runtime.getRuntime().availableProcessors()), "load tool event loops" },
        { "mode", "closed", "fan-in / fan-out: closed (publishers stay a window ahead of their slowest subscriber) "
                + "or open (publishers limited only by --inflight, as devices that do not wait)" },
        { "tls", "false", "connect over TLS, trusting any certificate (loopback benchmarks only)" },
        { "username", null, "user name every client sends" },
        { "password", null, "password every client sends with the user name" },
        { "subscriber-port", "0", "subscribers connect to this port (another node of a cluster), 0 for --port" },
        { "subscriber-ports", null, "subscribers connect to these ports, comma-separated, round robin (other nodes "
                + "of a cluster)" },
        { "variant", null, "what else is particular to the broker's set-up, added to the scenario name" },
    };

    /**
     * Parse command-line arguments.
     * @throws UsageException naming the offending argument
     */
    public static LoadOptions parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (String[] option : OPTIONS) {
            values.put(option[0], option[1]);
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new UsageException("");
            }
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            else if (i + 1 < args.length) {
                value = args[++i];
            }
            else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (!values.containsKey(name)) {
                throw new UsageException("unknown option --" + name);
            }
            values.put(name, value);
        }
        String scenario = values.get("scenario");
        if (scenario == null || !SCENARIOS.contains(scenario)) {
            throw new UsageException("--scenario must be one of " + String.join(", ", SCENARIOS));
        }
        String mode = values.get("mode");
        if (!mode.equals("closed") && !mode.equals("open")) {
            throw new UsageException("--mode must be closed or open, not '" + mode + "'");
        }
        String pid = values.get("broker-pid");
        if (pid != null && !pid.matches("[1-9][0-9]*(,[1-9][0-9]*)*")) {
            throw new UsageException("--broker-pid must be a process id or several comma-separated, not '" + pid
                    + "'");
        }
        if (pid != null && pid.contains(",") && ONE_PROCESS.contains(scenario)) {
            throw new UsageException("--broker-pid must be one process id for " + scenario
                    + ", which reads the broker's memory");
        }
        List<Integer> subscriberPorts = subscriberPorts(values);
        return new LoadOptions(scenario, values.get("host"), number(values, "port", 1, 65_535), pid,
                values.get("label"), number(values, "round", 0, Integer.MAX_VALUE),
                number(values, "warmup", 0, 86_400), number(values, "duration", 1, 86_400),
                number(values, "qos", 0, 2), number(values, "payload", PublishTemplate.MIN_PAYLOAD, 1 << 20),
                number(values, "publishers", 1, 10_000), number(values, "subscribers", 1, 10_000),
                number(values, "filters", 1, 100_000),
                number(values, "window", 1, 1 << 24), number(values, "inflight", 1, 65_535),
                number(values, "rate", 1, 10_000_000), number(values, "connections", 1, 1_000_000),
                number(values, "hold", 0, 86_400), number(values, "handshakes", 1, 100_000),
                number(values, "waves", 1, 1_000),
                number(values, "live", 1, 100_000), number(values, "messages", 1, 1_000_000),
                number(values, "sample", 1, 3_600), number(values, "drain", 1, 3_600),
                number(values, "threads", 1, 256), mode.equals("open"), bool(values, "tls"), values.get("username"),
                values.get("password"), values.get("variant"), subscriberPorts);
    }

    /** The ports of {@code --subscriber-ports}, or of {@code --subscriber-port}; empty for neither. */
    private static List<Integer> subscriberPorts(Map<String, String> values) {
        int single = number(values, "subscriber-port", 0, 65_535);
        String list = values.get("subscriber-ports");
        if (list == null) {
            return (single > 0) ? List.of(single) : List.of();
        }
        if (single > 0) {
            throw new UsageException("--subscriber-port and --subscriber-ports exclude each other");
        }
        List<Integer> ports = new ArrayList<>();
        for (String port : list.split(",", -1)) {
            ports.add(number(Map.of("subscriber-ports", port.strip()), "subscriber-ports", 1, 65_535));
        }
        return ports;
    }

    /**
     * The port the subscriber that connects {@code index}-th (from 0) connects to: the subscriber ports round robin,
     * or {@code port} without them.
     */
    public int subscriberPort(int index) {
        return this.subscriberPorts.isEmpty() ? this.port
                : this.subscriberPorts.get(Math.floorMod(index, this.subscriberPorts.size()));
    }

    /** Whether some subscribers connect elsewhere than the publishers: across the nodes of a cluster. */
    public boolean acrossNodes() {
        return !this.subscriberPorts.isEmpty();
    }

    /**
     * The nodes other than the publishers' that {@code subscribers} subscribers connect to: a publication every
     * subscriber matches is forwarded once to each of them.
     * @return the count, 0 when all subscribers are on the publishers' node
     */
    public int remoteNodes(int subscribers) {
        Set<Integer> remote = new HashSet<>();
        for (int i = 0; i < subscribers; i++) {
            int port = subscriberPort(i);
            if (port != this.port) {
                remote.add(port);
            }
        }
        return remote.size();
    }

    private static boolean bool(Map<String, String> values, String name) {
        String value = values.get(name);
        if (!value.equals("true") && !value.equals("false")) {
            throw new UsageException("--" + name + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    static void usage(PrintStream out) {
        out.println("usage: java -jar mqtt-bench.jar load --scenario NAME [--option value]...");
        for (String[] option : OPTIONS) {
            String name = String.format("  --%-12s", option[0]);
            out.println(name + option[2] + (option[1] == null ? "" : " (default " + option[1] + ")"));
        }
    }

    private static int number(Map<String, String> values, String name, int min, int max) {
        String text = values.get(name);
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        }
        catch (NumberFormatException ex) {
            // reported below with the accepted range
        }
        throw new UsageException("--" + name + " must be a whole number from " + min + " to " + max + ", not '"
                + text + "'");
    }

    /** A command line the tool cannot run. */
    public static final class UsageException extends RuntimeException {

        UsageException(String message) {
            super(message);
        }

    }

}
