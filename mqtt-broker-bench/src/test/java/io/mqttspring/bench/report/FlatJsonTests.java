package io.mqttspring.bench.report;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

class FlatJsonTests {

    @Test
    void readsStringsNumbersBooleansAndNulls() {
        Map<String, Object> fields = FlatJson.parse("{\"broker\":\"ours\",\"round\":2,\"throughput\":51234.5,"
                + "\"ok\":true,\"retry\":false,\"failure\":null,\"slope\":-1.5e2}");

        assertThat(fields).containsExactly(entry("broker", "ours"), entry("round", 2.0),
                entry("throughput", 51234.5), entry("ok", true), entry("retry", false),
                entry("failure", null), entry("slope", -150.0));
    }

    @Test
    void toleratesWhitespaceAroundTokens() {
        assertThat(FlatJson.parse("  { \"a\" : 1 ,\t\"b\" : \"x\" }  ")).containsExactly(entry("a", 1.0),
                entry("b", "x"));
    }

    @Test
    void readsAnEmptyObject() {
        assertThat(FlatJson.parse("{}")).isEmpty();
    }

    @Test
    void decodesEscapes() {
        Map<String, Object> fields = FlatJson.parse("{\"failure\":\"lost \\\"3\\\"\\\\ of\\n10 \\u00b5s \\/\"}");

        assertThat(fields.get("failure")).isEqualTo("lost \"3\"\\ of\n10 µs /");
    }

    @Test
    void quoteRoundTripsThroughParse() {
        String text = "a \"quoted\" \\ path\twith\nnewline and \u0001 control";

        assertThat(FlatJson.parse("{\"t\":" + FlatJson.quote(text) + "}").get("t")).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "[1]", "{\"a\":[1]}", "{\"a\":{\"b\":1}}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1",
            "{\"a\":1} x", "{\"a\":tru}", "{\"a\":\"unterminated}", "{a:1}", "{\"a\":01x}", "{\"a\":-}",
            "{\"a\":1,\"a\":2}", "{\"a\":\"bad \\q escape\"}", "{\"a\":\"\\u12\"}" })
    void refusesWhatIsNotAFlatObject(String line) {
        assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.parse(line)).withMessageContaining("offset");
    }

}
