package io.mqttspring.bench.load;

import java.io.PrintStream;

/**
 * The {@code load} command: run one scenario against a broker and print its result as one JSON line on stdout;
 * progress and problems go to stderr.
 *
 * <p>Exit status 0 whenever a result was printed, also a failed one ({@code "ok":false}); 2 for a usage error; 1 when
 * no broker answered.
 */
public final class LoadMain {

    private LoadMain() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        }
        catch (LoadOptions.UsageException ex) {
            if (!ex.getMessage().isEmpty()) {
                err.println("load: " + ex.getMessage());
            }
            LoadOptions.usage(err);
            return 2;
        }
        try {
            out.println(execute(options).toJson());
            out.flush();
            return 0;
        }
        catch (BrokerUnreachableException ex) {
            err.println("load: " + ex.getMessage());
            return 1;
        }
    }

    /**
     * Run the scenario the options name.
     * @throws BrokerUnreachableException if no broker answered the first CONNECT
     */
    public static LoadResult execute(LoadOptions options) {
        return switch (options.scenario()) {
            case "fan-in", "fan-out", "persistent-online" -> ThroughputScenario.run(options);
            case "persistent-offline" -> PersistentScenario.run(options);
            case "latency" -> LatencyScenario.run(options);
            case "idle" -> IdleScenario.run(options);
            case "reconnect" -> ReconnectScenario.run(options);
            case "fleet" -> FleetScenario.run(options);
            case "subscriptions" -> SubscriptionsScenario.run(options);
            case "retained" -> RetainedScenario.run(options);
            case "soak" -> SoakScenario.run(options);
            default -> throw new IllegalArgumentException("unknown scenario " + options.scenario());
        };
    }

}
