package io.mqttspring.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

class ResultTests {

    private static final String MEMBERS = "{\"broker\":\"ours\",\"scenario\":\"fan-in\",";

    @Test
    void readsStringsNumbersBooleansAndNulls() {
        Result result = Result.parse(MEMBERS + "\"round\":2,\"throughput\":51234.5,\"ok\":true,\"retry\":false,"
                + "\"failure\":null,\"slope\":-1.5e2,\"connections\":10000000000}", "test");

        assertThat(result.broker()).isEqualTo("ours");
        assertThat(result.scenario()).isEqualTo("fan-in");
        assertThat(result.round()).isEqualTo(2);
        assertThat(result.number("throughput")).isEqualTo(51234.5);
        assertThat(result.number("slope")).isEqualTo(-150.0);
        assertThat(result.number("connections")).isEqualTo(1.0E10);
        assertThat(result.key().connections()).isEqualTo(10_000_000_000L);
        assertThat(result.ok()).isTrue();
        assertThat(result.failure()).isNull();
        assertThat(result.fields()).containsEntry("retry", false).containsEntry("failure", null);
    }

    @Test
    void theRateSeparatesLatencyRowsAndNamesThemForReaders() {
        String latency = "{\"broker\":\"ours\",\"scenario\":\"latency\",\"qos\":1,\"payload\":64,\"publishers\":1,"
                + "\"subscribers\":1,\"connections\":2,";
        GroupKey slow = Result.parse(latency + "\"rate\":2000}", "test").key();
        GroupKey fast = Result.parse(latency + "\"rate\":20000}", "test").key();
        GroupKey fleet = Result.parse("{\"broker\":\"ours\",\"scenario\":\"fleet\",\"rate\":1}", "test").key();

        assertThat(slow).isNotEqualTo(fast);
        assertThat(slow.compareTo(fast)).isNegative();
        assertThat(fast.setup()).isEqualTo("QoS 1, 64 B, 1 publisher, 1 subscriber, 2 connections, 20,000 msg/s");
        assertThat(fleet.setup()).isEqualTo("1 msg/s each");
    }

    @Test
    void aMissingNullOrNonNumericMemberIsNoNumber() {
        Result result = Result.parse(MEMBERS + "\"lost\":null,\"qos\":\"1\"}", "test");

        assertThat(result.number("lost")).isNull();
        assertThat(result.number("qos")).isNull();
        assertThat(result.number("throughput")).isNull();
        assertThat(result.round()).isZero();
        assertThat(result.ok()).isFalse();
    }

    @Test
    void keepsUnknownMembersAndToleratesWhitespaceAroundTokens() {
        Result result = Result.parse("  { \"broker\" : \"ours\" ,\t\"scenario\" : \"idle\", \"note\" : \"x\" }  ",
                "test");

        assertThat(result.fields()).containsExactly(entry("broker", "ours"), entry("scenario", "idle"),
                entry("note", "x"));
    }

    @Test
    void decodesEscapes() {
        Result result = Result.parse(MEMBERS + "\"failure\":\"lost \\\"3\\\"\\\\ of\\n10 \\u00b5s \\/\"}", "test");

        assertThat(result.failure()).isEqualTo("lost \"3\"\\ of\n10 µs /");
    }

    @Test
    void readsBackWhatItWrites() {
        String failure = "a \"quoted\" \\ path\twith\nnewline and \u0001 control";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("broker", "ours");
        fields.put("scenario", "startup");
        fields.put("startupMillis", null);
        fields.put("failure", failure);

        Result result = Result.parse(Result.line(fields), "test");

        assertThat(result.failure()).isEqualTo(failure);
        assertThat(result.fields()).containsEntry("startupMillis", null);
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"a\":1,}", "\"a\" 1}", "\"a\":1", "\"a\":1} x", "\"a\":1} {}", "\"a\":tru}",
            "\"a\":\"unterminated}", "a:1}", "\"a\":01}", "\"a\":-}", "\"a\":1.}", "\"a\":NaN}", "\"a\":1,\"a\":2}",
            "\"broker\":\"hivemq\"}", "\"a\":\"bad \\q escape\"}", "\"a\":\"\\u12\"}", "\"a\":\"raw\ttab\"}" })
    void refusesMalformedJsonNamingSourceAndOffset(String rest) {
        assertThatIllegalArgumentException().isThrownBy(() -> Result.parse(MEMBERS + rest, "r.jsonl:3"))
                .withMessageStartingWith("r.jsonl:3: ")
                .withMessageContaining(" at offset ")
                .withMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"a\":[1]}", "\"a\":{\"b\":1}}" })
    void refusesNestedObjectsAndArrays(String rest) {
        assertThatIllegalArgumentException().isThrownBy(() -> Result.parse(MEMBERS + rest, "r.jsonl:3"))
                .withMessage("r.jsonl:3: nested objects and arrays are not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "null", "[1]", "\"ours\"", "1" })
    void refusesWhatIsNotAnObject(String line) {
        assertThatIllegalArgumentException().isThrownBy(() -> Result.parse(line, "r.jsonl:3"))
                .withMessageStartingWith("r.jsonl:3: ")
                .withMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"scenario\":\"fan-in\"}", "{\"broker\":1,\"scenario\":\"fan-in\"}",
            "{\"broker\":\"ours\"}", "{\"broker\":\"ours\",\"scenario\":null}", "{}" })
    void refusesALineWithoutBrokerOrScenario(String line) {
        assertThatIllegalArgumentException().isThrownBy(() -> Result.parse(line, "r.jsonl:3"))
                .withMessageStartingWith("r.jsonl:3: ")
                .withMessageEndingWith(" string");
    }

}
