package io.mqttspring.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the Grafana dashboard in {@code docs/grafana} in step with the meters the starter registers: every series it
 * queries is one of them, as Prometheus names it.
 */
class GrafanaDashboardTests {

    private static final Pattern SERIES = Pattern.compile("\\bmqtt_[a-z_]+");

    private static final Pattern METER = Pattern.compile("\"(mqtt\\.[a-z.]+)\"");

    @Test
    @DisplayName("every series the dashboard queries is a meter of the starter, named as Prometheus exports it")
    void dashboardQueriesExistingMeters() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build()
            .readTree(Path.of("../docs/grafana/mqtt-broker-dashboard.json").toFile());
        Set<String> series = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            JsonNode targets = panel.get("targets");
            if (targets == null) {
                continue;
            }
            for (JsonNode target : targets) {
                Matcher matcher = SERIES.matcher(target.get("expr").asString());
                while (matcher.find()) {
                    series.add(matcher.group());
                }
            }
        }
        Set<String> meters = new TreeSet<>();
        try (Stream<Path> sources = Files.list(Path.of("src/main/java/io/mqttspring/actuate"))) {
            for (Path source : sources.toList()) {
                Matcher matcher = METER.matcher(Files.readString(source));
                while (matcher.find()) {
                    meters.add(matcher.group(1).replace('.', '_'));
                }
            }
        }
        assertThat(series).hasSizeGreaterThan(15);
        assertThat(series).allSatisfy((name) -> assertThat(meters).as("meter behind %s", name)
            .contains(name.replaceAll("(_seconds_sum|_seconds_count|_total)$", "")));
    }

}
