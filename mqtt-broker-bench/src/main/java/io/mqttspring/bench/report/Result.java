package io.mqttspring.bench.report;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One result line: one broker, one round, one scenario, as the load tool, the {@code startup} command, the HiveMQ CE
 * launcher or run-comparison.sh print it.
 * @param fields the line's members, as {@link FlatJson#parse} returns them
 * @param source where the line came from ({@code file:line}), for error messages
 */
public record Result(Map<String, @Nullable Object> fields, String source) {

    public Result {
        if (!(fields.get("broker") instanceof String)) {
            throw new IllegalArgumentException(source + ": no \"broker\" string");
        }
        if (!(fields.get("scenario") instanceof String)) {
            throw new IllegalArgumentException(source + ": no \"scenario\" string");
        }
    }

    /**
     * Parse one line.
     * @param line a flat JSON object
     * @param source where the line came from, for error messages
     * @return the result
     * @throws IllegalArgumentException if the line is not a flat JSON object with a broker and a scenario
     */
    public static Result parse(String line, String source) {
        try {
            return new Result(FlatJson.parse(line), source);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(source + ": " + ex.getMessage(), ex);
        }
    }

    public String broker() {
        return (String) this.fields.get("broker");
    }

    public String scenario() {
        return (String) this.fields.get("scenario");
    }

    /** Round number, 0 when the line has none. */
    public int round() {
        Double round = number("round");
        return (round != null) ? round.intValue() : 0;
    }

    /** Whether the run passed its checks; a line without {@code ok} did not. */
    public boolean ok() {
        return Boolean.TRUE.equals(this.fields.get("ok"));
    }

    public @Nullable String failure() {
        return (this.fields.get("failure") instanceof String failure) ? failure : null;
    }

    /**
     * Return a numeric member.
     * @param field the member name
     * @return its value, or {@code null} when missing, {@code null} or not a number
     */
    public @Nullable Double number(String field) {
        return (this.fields.get(field) instanceof Double value) ? value : null;
    }

    /** The figures this line belongs to. */
    public GroupKey key() {
        if (scenario().equals("soak")) {
            // a soak's client counts are what it got through in its time, not parameters: they differ per run
            return new GroupKey(scenario(), whole("qos"), whole("payload"), null, null, null);
        }
        return new GroupKey(scenario(), whole("qos"), whole("payload"), whole("publishers"), whole("subscribers"),
                whole("connections"));
    }

    private @Nullable Long whole(String field) {
        Double value = number(field);
        return (value != null) ? Long.valueOf(value.longValue()) : null;
    }

}
