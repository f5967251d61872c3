package io.mqttspring.bench.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One result line: one broker, one round, one scenario, as the load tool, the {@code startup} command, the HiveMQ CE
 * launcher or run-comparison.sh print it.
 * @param fields the line's members in their order; values are {@link String}, {@link Number}, {@link Boolean} or
 *        {@code null}
 * @param source where the line came from ({@code file:line}), for error messages
 */
public record Result(Map<String, @Nullable Object> fields, String source) {

    // immutable once built, so one instance serves every thread; a line is one object, its member names unique
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // decimals rounded by the writer stay as written: 81.3, never 8.13E+1
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final TypeReference<LinkedHashMap<String, @Nullable Object>> MEMBERS = new TypeReference<>() {
    };

    public Result {
        if (!(fields.get("broker") instanceof String)) {
            throw new IllegalArgumentException(source + ": no \"broker\" string");
        }
        if (!(fields.get("scenario") instanceof String)) {
            throw new IllegalArgumentException(source + ": no \"scenario\" string");
        }
    }

    /**
     * Write one line, as the load tool and the {@code startup} command print it. Thread-safe.
     * @param fields the members in their order; values are {@link String}, {@link Number}, {@link Boolean} or
     *        {@code null}
     * @return a flat JSON object on one line
     */
    public static String line(Map<String, ? extends @Nullable Object> fields) {
        return JSON.writeValueAsString(fields);
    }

    /**
     * Parse one line. Thread-safe.
     * @param line a flat JSON object: its values are strings, numbers, booleans or {@code null}, never objects or
     *        arrays; unknown members are kept and ignored
     * @param source where the line came from, for error messages
     * @return the result
     * @throws IllegalArgumentException if the line is not a flat JSON object with a broker and a scenario, naming
     *         the source and, for malformed JSON, the offset
     */
    public static Result parse(String line, String source) {
        try {
            return new Result(members(line), source);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(source + ": " + ex.getMessage(), ex);
        }
    }

    private static Map<String, @Nullable Object> members(String line) {
        Map<String, @Nullable Object> members;
        try {
            members = JSON.readValue(line, MEMBERS);
        }
        catch (JacksonException ex) {
            TokenStreamLocation location = ex.getLocation();
            boolean located = location != null && location.getCharOffset() >= 0;
            throw new IllegalArgumentException(ex.getOriginalMessage()
                    + (located ? " at offset " + location.getCharOffset() : ""), ex);
        }
        if (members == null) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (members.values().stream().anyMatch(value -> value instanceof Map || value instanceof List)) {
            throw new IllegalArgumentException("nested objects and arrays are not supported");
        }
        return Collections.unmodifiableMap(members);
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
     * @return its value as a {@code double} (whether the line wrote an integer or a decimal), or {@code null} when
     *         missing, {@code null} or not a number
     */
    public @Nullable Double number(String field) {
        return (this.fields.get(field) instanceof Number value) ? value.doubleValue() : null;
    }

    /** The figures this line belongs to. */
    public GroupKey key() {
        if (scenario().equals("soak")) {
            // a soak's client counts are what it got through in its time, not parameters: they differ per run
            return new GroupKey(scenario(), whole("qos"), whole("payload"), null, null, null, null);
        }
        return new GroupKey(scenario(), whole("qos"), whole("payload"), whole("publishers"), whole("subscribers"),
                whole("connections"), whole("rate"));
    }

    private @Nullable Long whole(String field) {
        Double value = number(field);
        return (value != null) ? Long.valueOf(value.longValue()) : null;
    }

}
