package io.mqttspring.bench;

import java.util.Arrays;

import io.mqttspring.bench.load.LoadMain;
import io.mqttspring.bench.report.ReportCommand;
import io.mqttspring.bench.startup.StartupCommand;
import io.mqttspring.bench.store.StoreCandidates;

/**
 * One jar, several tools: {@code java -jar mqtt-bench.jar <command> [options]}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "jmh" -> org.openjdk.jmh.Main.main(rest);
            case "load" -> System.exit(LoadMain.run(rest));
            case "startup" -> StartupCommand.main(rest);
            case "report" -> ReportCommand.main(rest);
            case "stores" -> StoreCandidates.main(rest);
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("usage: java -jar mqtt-bench.jar <command> [options]");
        System.err.println("  jmh [JMH options]   micro-benchmarks of the engine's hot paths");
        System.err.println("  load --scenario S   drive a broker: fan-in, fan-out, latency, idle, soak (--help)");
        System.err.println("  startup [--round N] start-up time of the broker in this fresh JVM, as one JSON line");
        System.err.println("  report [options] RESULTS.jsonl...  the peer comparison as Markdown (--layout cluster:");
        System.err.println("                      the cluster rows)");
        System.err.println("  stores [options]    the candidate embedded stores on the persistent QoS 1 write pattern");
    }

}
