package io.mqttspring.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * What makes results comparable: the same scenario with the same parameters. A {@code null} parameter is one the
 * line did not state.
 * @param scenario the scenario name
 * @param qos the QoS
 * @param payload the payload size in bytes
 * @param publishers the number of publishers
 * @param subscribers the number of subscribers
 * @param connections the number of connections
 * @param rate messages per second: of the latency publisher, or of each fleet device
 */
public record GroupKey(String scenario, @Nullable Long qos, @Nullable Long payload, @Nullable Long publishers,
        @Nullable Long subscribers, @Nullable Long connections, @Nullable Long rate) implements Comparable<GroupKey> {

    private static final List<String> SCENARIO_ORDER = List.of("fan-in", "fan-out", "latency", "idle", "reconnect",
            "fleet", "subscriptions", "retained", "soak", "startup");

    private static final Comparator<@Nullable Long> PARAMETER = Comparator.nullsFirst(Comparator.naturalOrder());

    private static final Comparator<GroupKey> ORDER = Comparator.comparingInt(GroupKey::scenarioRank)
            .thenComparing(GroupKey::scenario)
            .thenComparing(GroupKey::qos, PARAMETER)
            .thenComparing(GroupKey::payload, PARAMETER)
            .thenComparing(GroupKey::publishers, PARAMETER)
            .thenComparing(GroupKey::subscribers, PARAMETER)
            .thenComparing(GroupKey::connections, PARAMETER)
            .thenComparing(GroupKey::rate, PARAMETER);

    public GroupKey {
        Objects.requireNonNull(scenario, "scenario");
    }

    /**
     * Whether a line with this key may be counted with {@code other}: same scenario, and every parameter this key
     * states is the one {@code other} states. Lets a failure line that names fewer parameters than the load tool
     * prints on success join its figures.
     * @param other a key with at least the parameters of this one
     * @return whether they agree on everything this key states
     */
    public boolean fitsInto(GroupKey other) {
        return this.scenario.equals(other.scenario) && fits(this.qos, other.qos) && fits(this.payload, other.payload)
                && fits(this.publishers, other.publishers) && fits(this.subscribers, other.subscribers)
                && fits(this.connections, other.connections) && fits(this.rate, other.rate);
    }

    /** Number of parameters this key states. */
    public int stated() {
        return (int) Stream.of(this.qos, this.payload, this.publishers, this.subscribers, this.connections, this.rate)
                .filter(Objects::nonNull).count();
    }

    /**
     * The parameters for a reader, such as {@code QoS 1, 64 B, 16 publishers, 1 subscriber}; {@code fresh launch}
     * for a start-up time.
     */
    public String setup() {
        List<String> parts = new ArrayList<>();
        if (this.qos != null) {
            parts.add("QoS " + this.qos);
        }
        if (this.payload != null) {
            parts.add(this.payload + " B");
        }
        if (this.publishers != null) {
            parts.add(count(this.publishers, "publisher"));
        }
        if (this.subscribers != null) {
            parts.add(count(this.subscribers, "subscriber"));
        }
        if (this.connections != null) {
            parts.add(count(this.connections, "connection"));
        }
        if (this.rate != null) {
            parts.add(String.format(Locale.ROOT, "%,d msg/s%s", this.rate, this.scenario.equals("fleet") ? " each" : ""));
        }
        if (parts.isEmpty()) {
            return this.scenario.equals("startup") ? "fresh launch" : "–";
        }
        return String.join(", ", parts);
    }

    @Override
    public int compareTo(GroupKey other) {
        return ORDER.compare(this, other);
    }

    private int scenarioRank() {
        int rank = SCENARIO_ORDER.indexOf(this.scenario);
        return (rank >= 0) ? rank : SCENARIO_ORDER.size();
    }

    private static boolean fits(@Nullable Long mine, @Nullable Long theirs) {
        return mine == null || mine.equals(theirs);
    }

    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, (n == 1) ? "" : "s");
    }

}
