package io.mqttspring.bench.startup;

import io.mqttspring.bench.report.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class StartupCommandTests {

    @Test
    void lineCarriesTheWholeStartAndStartAlone() {
        Result result = Result.parse(StartupCommand.line(3, 120, 85, null), "test");
        assertThat(result.fields()).contains(entry("broker", "ours"), entry("scenario", "startup"),
                entry("ok", true));
        assertThat(result.number("startupMillis")).isEqualTo(120.0);
        assertThat(result.number("startMillis")).isEqualTo(85.0);
    }

    @Test
    void failedStartHasNoTimesAndSaysWhy() {
        Result result = Result.parse(StartupCommand.line(1, -1, -1, "port in use"), "test");
        assertThat(result.fields()).contains(entry("ok", false), entry("failure", "port in use"),
                entry("startupMillis", null), entry("startMillis", null));
    }

}
