package io.mqttspring.bench.report;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.mqttspring.bench.report.ComparisonTests.failed;
import static io.mqttspring.bench.report.ComparisonTests.fanIn;
import static io.mqttspring.bench.report.ComparisonTests.result;
import static org.assertj.core.api.Assertions.assertThat;

class MarkdownReportTests {

    private static final ReportHeader HEADER = new ReportHeader("2026-01-02 03:04 UTC",
            "ROUNDS=3 mqtt-broker-bench/run-comparison.sh", null, List.of("CPU: Test CPU (2 cores)"),
            List.of("Rounds: 3"), Map.of("mosquitto", "listener on 127.0.0.1; max_inflight_messages 20 (default)"));

    @Test
    void writesHeaderMethodAndBrokerNotes() {
        String markdown = MarkdownReport.render(HEADER, Comparison.of(List.of(fanIn("ours", 1, 1, 100),
                fanIn("mosquitto", 1, 1, 50))));

        assertThat(markdown).startsWith("# Broker comparison: ours, Mosquitto\n")
                .contains("Generated 2026-01-02 03:04 UTC by:\n\n```sh\n"
                        + "ROUNDS=3 mqtt-broker-bench/run-comparison.sh\n```")
                .contains("## Machine\n\n- CPU: Test CPU (2 cores)\n")
                .contains("- Rounds: 3\n")
                .contains("**Lower is better** for latency, memory and start-up time")
                .contains("- **Mosquitto**: listener on 127.0.0.1; max_inflight_messages 20 (default)\n");
    }

    @Test
    void writesOneRowPerFigureWithMediansRatiosCorrectnessAndCpu() {
        String markdown = MarkdownReport.render(HEADER, Comparison.of(List.of(
                fanIn("ours", 1, 2, 52000), fanIn("ours", 2, 2, 48000),
                fanIn("hivemq", 1, 2, 40000), fanIn("hivemq", 2, 2, 40000),
                fanIn("mosquitto", 1, 2, 20000), failed("mosquitto", 2, "lost 3 | of 10\nmessages"))));

        assertThat(markdown).contains("### fan-in\n\n| Setup | Figure | Better | ours | HiveMQ CE | Mosquitto "
                + "| ours ÷ HiveMQ CE | ours ÷ Mosquitto | Correct (ours / HiveMQ CE / Mosquitto) | Broker CPU "
                + "| Load CPU |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        assertThat(markdown).contains("| QoS 2, 64 B, 16 publishers, 1 subscriber | throughput (msg/s) | higher "
                + "| 50,000 | 40,000 | 10,005 | 1.25× | 5.00× | ✓ / ✓ / ✗ r2: lost 3 \\| of 10 messages "
                + "| 1.50 / 1.50 / 1.50 | 0.50 / 0.50 / 0.50 |\n");
    }

    @Test
    void marksLowerIsBetterRowsAndCountsMissingRounds() {
        String markdown = MarkdownReport.render(HEADER, Comparison.of(List.of(
                result("ours", 1, "{\"qos\":1,\"p50Micros\":100,\"p99Micros\":900,\"p999Micros\":2000,\"ok\":true}",
                        "latency"),
                result("ours", 2, "{\"qos\":1,\"p50Micros\":120,\"p99Micros\":1000,\"p999Micros\":null,\"ok\":true}",
                        "latency"),
                result("mosquitto", 1, "{\"qos\":1,\"p50Micros\":200,\"p99Micros\":400,\"p999Micros\":800,"
                        + "\"ok\":true}", "latency"))));

        assertThat(markdown)
                .contains("| QoS 1 | latency p50 (µs) | lower | 110 | 200 (n=1) | 0.55× | ✓ / ✓ | – | – |\n")
                .contains("|  | latency p99 (µs) | lower | 950 | 400 (n=1) | 2.38× |  |  |  |\n")
                .contains("|  | latency p99.9 (µs) | lower | 2,000 (n=1) | 800 (n=1) | 2.50× |  |  |  |\n");
    }

    @Test
    void showsMessagesLostWhereLossIsAllowedAndRoundsLargeRatios() {
        String markdown = MarkdownReport.render(HEADER, Comparison.of(List.of(
                result("ours", 1, "{\"qos\":0,\"throughput\":150000,\"lost\":0,\"ok\":true}"),
                result("hivemq", 1, "{\"qos\":0,\"throughput\":1000,\"lost\":259159,\"ok\":true}"),
                result("mosquitto", 1, "{\"qos\":0,\"throughput\":12000,\"ok\":true}"))));

        assertThat(markdown).contains("| QoS 0 | throughput (msg/s) | higher | 150,000 | 1,000 | 12,000 | 150× "
                + "| 12.5× | ✓ / ✓ lost 259,159 / ✓ |");
    }

    @Test
    void saysSoWhenThereAreNoResults() {
        assertThat(MarkdownReport.render(HEADER, Comparison.of(List.of()))).endsWith("## Results\n\nNo results.\n");
    }

}
