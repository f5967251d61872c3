package io.mqttspring.bench.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * Groups result lines by {@link GroupKey} and reduces each group to one row per {@link Metric}: per broker the median
 * across rounds, whether every round passed, and the median CPU of broker and load tool.
 */
public final class Comparison {

    /** Broker labels in column order: ours first, then the peers. Unknown labels follow, sorted. */
    public static final List<String> KNOWN_BROKERS = List.of("ours", "hivemq", "mosquitto");

    private final List<String> brokers;

    private final List<Row> rows;

    private Comparison(List<String> brokers, List<Row> rows) {
        this.brokers = brokers;
        this.rows = rows;
    }

    /**
     * Compare the given results.
     * @param results result lines of any brokers, rounds and scenarios
     * @return the comparison
     */
    public static Comparison of(Collection<Result> results) {
        Map<GroupKey, List<Result>> groups = merge(group(results));
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<GroupKey, List<Result>> group : groups.entrySet()) {
            Map<String, List<Result>> byBroker = new TreeMap<>();
            for (Result result : group.getValue()) {
                byBroker.computeIfAbsent(result.broker(), broker -> new ArrayList<>()).add(result);
            }
            boolean first = true;
            for (Metric metric : Metric.of(group.getKey().scenario())) {
                Map<String, BrokerFigures> figures = new LinkedHashMap<>();
                byBroker.forEach((broker, lines) -> figures.put(broker, BrokerFigures.of(metric, lines)));
                if (!first && group.getValue().stream()
                        .noneMatch((line) -> line.fields().containsKey(metric.field()))) {
                    // a figure no line has a member for, as one the tool reports only since a later version: no
                    // row of dashes. A member that is null stays a dash (a reading that failed), and the first row
                    // stays, as it carries the setup and the failures
                    continue;
                }
                rows.add(new Row(group.getKey(), metric, figures, first));
                first = false;
            }
        }
        List<String> brokers = new ArrayList<>();
        TreeSet<String> others = new TreeSet<>();
        results.forEach(result -> others.add(result.broker()));
        for (String known : KNOWN_BROKERS) {
            if (others.remove(known)) {
                brokers.add(known);
            }
        }
        brokers.addAll(others);
        return new Comparison(List.copyOf(brokers), List.copyOf(rows));
    }

    /** Brokers that have results, in column order. */
    public List<String> brokers() {
        return this.brokers;
    }

    /** One row per figure, grouped and ordered by scenario and parameters. */
    public List<Row> rows() {
        return this.rows;
    }

    /**
     * Median of the values; the mean of the two middle ones for an even count.
     * @param values the values, in any order
     * @return the median, or {@code null} for no values
     */
    public static @Nullable Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        int middle = sorted.size() / 2;
        if (sorted.size() % 2 == 1) {
            return sorted.get(middle);
        }
        return (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * Ours divided by a peer's figure.
     * @param ours our median
     * @param peer the peer's median
     * @return the ratio, or {@code null} when either is missing or the peer's is not positive
     */
    public static @Nullable Double ratio(@Nullable Double ours, @Nullable Double peer) {
        if (ours == null || peer == null || peer <= 0) {
            return null;
        }
        return ours / peer;
    }

    private static Map<GroupKey, List<Result>> group(Collection<Result> results) {
        Map<GroupKey, List<Result>> groups = new TreeMap<>();
        for (Result result : results) {
            groups.computeIfAbsent(result.key(), key -> new ArrayList<>()).add(result);
        }
        return groups;
    }

    // A line that states fewer parameters (a failure line written by the script) joins the one complete group it
    // agrees with, complete meaning no other group states more and agrees; with none or several it keeps its own row.
    static Map<GroupKey, List<Result>> merge(Map<GroupKey, List<Result>> groups) {
        List<GroupKey> complete = groups.keySet().stream()
                .filter(key -> groups.keySet().stream().noneMatch(other -> widens(key, other)))
                .toList();
        Map<GroupKey, List<Result>> merged = new TreeMap<>();
        groups.forEach((key, lines) -> {
            List<GroupKey> hosts = complete.stream().filter(other -> widens(key, other)).toList();
            GroupKey target = (hosts.size() == 1) ? hosts.get(0) : key;
            merged.computeIfAbsent(target, k -> new ArrayList<>()).addAll(lines);
        });
        return merged;
    }

    private static boolean widens(GroupKey key, GroupKey other) {
        return other.stated() > key.stated() && key.fitsInto(other);
    }

    /**
     * One figure of one group.
     * @param key the scenario and its parameters
     * @param metric the figure
     * @param brokers per broker label, its figures
     * @param firstOfGroup whether this is the group's first row (which shows correctness and CPU)
     */
    public record Row(GroupKey key, Metric metric, Map<String, BrokerFigures> brokers, boolean firstOfGroup) {

        /**
         * Ours divided by the peer's median.
         * @param peer the peer's label
         * @return the ratio, or {@code null} when not meaningful or not available
         */
        public @Nullable Double ratio(String peer) {
            BrokerFigures ours = this.brokers.get("ours");
            BrokerFigures theirs = this.brokers.get(peer);
            if (!this.metric.ratioMeaningful() || ours == null || theirs == null) {
                return null;
            }
            return Comparison.ratio(ours.median(), theirs.median());
        }

    }

    /**
     * One broker's side of a row.
     * @param median the median of the figure across the broker's rounds, {@code null} when no round had it
     * @param values how many rounds had the figure
     * @param rounds how many rounds ran
     * @param failures {@code r<round>[, r<round>...]: <failure>} for the rounds that did not pass, one entry per
     *        distinct failure
     * @param lost median of the messages lost per round (allowed at QoS 0, so a passing round may have some)
     * @param brokerCpu median CPU of the broker, in cores
     * @param loadCpu median CPU of the load tool, in cores
     */
    public record BrokerFigures(@Nullable Double median, int values, int rounds, List<String> failures,
            @Nullable Double lost, @Nullable Double brokerCpu, @Nullable Double loadCpu) {

        static BrokerFigures of(Metric metric, List<Result> lines) {
            // rounds that failed alike are listed once: "r1, r3: lost 12 of 1000"
            Map<String, List<String>> roundsByFailure = new LinkedHashMap<>();
            for (Result line : lines) {
                if (!line.ok()) {
                    String failure = line.failure();
                    roundsByFailure.computeIfAbsent((failure != null) ? failure : "not ok", f -> new ArrayList<>())
                            .add("r" + line.round());
                }
            }
            List<String> failures = new ArrayList<>();
            roundsByFailure.forEach((failure, rounds) -> failures.add(String.join(", ", rounds) + ": " + failure));
            List<Double> values = numbers(lines, metric.field());
            return new BrokerFigures(Comparison.median(values), values.size(), lines.size(), List.copyOf(failures),
                    Comparison.median(numbers(lines, "lost")), Comparison.median(numbers(lines, "brokerCpu")),
                    Comparison.median(numbers(lines, "loadCpu")));
        }

        /** Whether every round passed. */
        public boolean ok() {
            return this.failures.isEmpty() && this.rounds > 0;
        }

        private static List<Double> numbers(List<Result> lines, String field) {
            List<Double> values = new ArrayList<>();
            for (Result line : lines) {
                Double value = line.number(field);
                if (value != null && !value.isNaN()) {
                    values.add(value);
                }
            }
            return values;
        }

    }

}
