package io.mqttspring.bench.report;

import java.util.List;

/**
 * One figure the report shows for a scenario, read from one member of the result lines.
 * @param field the member holding the figure
 * @param label what the figure is, for the reader
 * @param unit the unit printed after the value
 * @param higherIsBetter whether a higher value is better (throughput) or a lower one (latency, memory, time)
 * @param decimals digits after the decimal point
 * @param ratioMeaningful whether ours ÷ peer says something (not for a slope that may be zero or negative)
 */
public record Metric(String field, String label, String unit, boolean higherIsBetter, int decimals,
        boolean ratioMeaningful) {

    private static final Metric THROUGHPUT = higher("throughput", "throughput", "msg/s", 0);

    /**
     * Return the figures shown for a scenario.
     * @param scenario the scenario name
     * @return the figures, in the order of the rows
     */
    public static List<Metric> of(String scenario) {
        if (scenario.startsWith("persistent-offline")) {
            return List.of(higher("throughput", "acknowledged publications into an offline session", "msg/s", 0),
                    higher("drainThroughput", "drain when the subscriber returns", "msg/s", 0));
        }
        return switch (scenario) {
            case "latency" -> List.of(lower("p50Micros", "latency p50", "µs", 0),
                    lower("p99Micros", "latency p99", "µs", 0), lower("p999Micros", "latency p99.9", "µs", 0));
            case "idle" -> List.of(
                    lower("memoryKibPerConnection", "memory per idle connection (native + live heap)", "KiB", 2),
                    lower("kibPerConnection", "native memory growth per idle connection (RSS beyond the heap)", "KiB",
                            2),
                    lower("heapKibPerConnection", "live heap per idle connection (JVM brokers)", "KiB", 2),
                    higher("connectRate", "connect rate", "conn/s", 0));
            case "reconnect" -> List.of(higher("connectRate", "connect rate, first wave after the start", "conn/s", 0),
                    higher("warmConnectRate", "connect rate, last wave", "conn/s", 0),
                    lower("coldCpuMicrosPerConnection", "broker CPU per connection, first wave", "µs", 0),
                    lower("warmCpuMicrosPerConnection", "broker CPU per connection, last wave", "µs", 0));
            case "fleet" -> List.of(THROUGHPUT, lower("p50Micros", "latency p50", "µs", 0),
                    lower("p99Micros", "latency p99", "µs", 0), lower("p999Micros", "latency p99.9", "µs", 0),
                    lower("memoryKibPerConnection", "memory per device (native + live heap growth)", "KiB", 2),
                    lower("rssAfterKiB", "broker RSS with the fleet connected", "KiB", 0));
            case "subscriptions" -> List.of(THROUGHPUT,
                    lower("bytesPerItem", "memory per subscription (native + live heap growth)", "B", 0));
            case "retained" -> List.of(higher("throughput", "retained messages stored", "msg/s", 0),
                    lower("deliverySeconds", "time until a new # subscriber has them all", "s", 2),
                    lower("bytesPerItem", "memory per retained message (native + live heap growth)", "B", 0));
            case "soak" -> List.of(THROUGHPUT, lower("rssMaxKiB", "peak RSS", "KiB", 0),
                    new Metric("rssSlopeKiBPerMinute", "RSS growth", "KiB/min", false, 1, false));
            case "startup" -> List.of(lower("startupMillis", "start-up time", "ms", 0),
                    lower("startMillis", "of which start() alone, the broker built (ours)", "ms", 0));
            default -> List.of(THROUGHPUT);
        };
    }

    private static Metric higher(String field, String label, String unit, int decimals) {
        return new Metric(field, label, unit, true, decimals, true);
    }

    private static Metric lower(String field, String label, String unit, int decimals) {
        return new Metric(field, label, unit, false, decimals, true);
    }

}
