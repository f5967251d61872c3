package io.mqttspring.bench.report;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.mqttspring.bench.report.ComparisonTests.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClusterReportTests {

    private static final ReportHeader HEADER = new ReportHeader("2026-01-02 03:04 UTC",
            "ROWS=cluster mqtt-broker-bench/run-comparison.sh", null, List.of("CPU: Test CPU (2 cores)"),
            List.of("Rounds: 2"), Map.of());

    // fan-out to 8 subscribers: CPU in cores and deliveries per second give the µs per delivered message
    private static Result fanOut(String configuration, int round, double throughput, double brokerCpu,
            Integer remoteNodes) {
        return result(configuration, round, "{\"qos\":1,\"payload\":64,\"publishers\":1,\"subscribers\":8,"
                + "\"connections\":9,\"throughput\":" + throughput + ",\"brokerCpu\":" + brokerCpu
                + ",\"loadCpu\":0.5,\"lost\":0,\"ok\":true,\"remoteNodes\":" + remoteNodes + "}",
                (remoteNodes != null) ? "fan-out (across nodes)" : "fan-out");
    }

    private static Result fanIn(String configuration, int round, double throughput, double brokerCpu,
            Integer remoteNodes) {
        return result(configuration, round, "{\"qos\":1,\"payload\":64,\"publishers\":16,\"subscribers\":1,"
                + "\"connections\":17,\"throughput\":" + throughput + ",\"brokerCpu\":" + brokerCpu
                + ",\"loadCpu\":0.5,\"lost\":0,\"ok\":true,\"remoteNodes\":" + remoteNodes + "}",
                (remoteNodes != null) ? "fan-in (across nodes)" : "fan-in");
    }

    @Test
    void configurationsAreOrderedByTheirNumberOfNodes() {
        assertThat(ClusterReport.configurations(List.of(fanIn("10 nodes", 1, 1, 1, 9), fanIn("2 nodes", 1, 1, 1, 1),
                fanIn("1 node", 1, 1, 1, null)))).containsExactly("1 node", "2 nodes", "10 nodes");
    }

    @Test
    void cpuPerDeliveredMessageIsBrokerCpuOverThroughput() {
        assertThat(ClusterReport.cpuPerDelivery(fanIn("1 node", 1, 200_000, 1.4, null))).isCloseTo(7.0,
                within(1e-9));
    }

    @Test
    void extraCpuPerForwardedMessageScalesTheDifferenceByDeliveriesPerForward() {
        // one node: 8 µs per delivery; three nodes, subscribers on two others: 10 µs per delivery, and 2 forwards
        // per 8 deliveries, so each forward costs (10 - 8) * 8 / 2 = 8 µs
        Map<String, List<Result>> byConfiguration = Map.of(
                "1 node", List.of(fanOut("1 node", 1, 500_000, 4.0, null)),
                "3 nodes", List.of(fanOut("3 nodes", 1, 150_000, 1.5, 2)));
        assertThat(ClusterReport.extraMicrosPerForward(byConfiguration, "3 nodes")).isCloseTo(8.0, within(1e-9));
        assertThat(ClusterReport.extraMicrosPerForward(byConfiguration, "1 node")).isNull();
    }

    @Test
    void writesOneTableWithAColumnPerConfigurationAndMedians() {
        String markdown = ClusterReport.render(HEADER, List.of("Two cores shared by every node."), List.of(
                fanIn("1 node", 1, 200_000, 1.4, null), fanIn("1 node", 2, 100_000, 1.0, null),
                fanIn("2 nodes", 1, 80_000, 1.6, 1), fanIn("2 nodes", 2, 100_000, 1.8, 1),
                fanIn("3 nodes", 1, 90_000, 1.8, 1),
                result("3 nodes", 2, "{\"qos\":1,\"payload\":64,\"ok\":false,\"failure\":\"broker did not start\"}",
                        "fan-in"),
                result("2 nodes", 1, "{\"qos\":1,\"payload\":64,\"publishers\":1,\"subscribers\":1,\"connections\":2,"
                        + "\"p50Micros\":400,\"p99Micros\":5100,\"brokerCpu\":0.2,\"loadCpu\":0.1,\"lost\":0,"
                        + "\"ok\":true,\"remoteNodes\":1}", "latency (across nodes)")));

        assertThat(markdown).startsWith("# Cluster: our broker on one node and across nodes\n")
            .contains("ROWS=cluster mqtt-broker-bench/run-comparison.sh\n```\n\nTwo cores shared by every node.\n\n"
                    + "## Machine\n")
            .contains("- Rounds: 2\n")
            .contains("| Scenario | Figure | 1 node | 2 nodes | 3 nodes |\n|---|---|---|---|---|\n")
            // medians: 150,000 and 8.5 µs (7 and 10) on one node, 90,000 and 19 µs (20 and 18) on two
            .contains("| fan-in, QoS 1, 64 B, 16 publishers, 1 subscriber | throughput (deliveries/s) | 150,000 "
                    + "| 90,000 | 90,000 (n=1) |\n")
            .contains("|  | broker CPU per delivered message, all nodes (µs) | 8.5 | 19.0 | 20.0 (n=1) |\n")
            .contains("|  | extra broker CPU per forwarded message (µs) | – | 10.5 | 11.5 |\n")
            .contains("|  | forwarded messages per delivery | – | 1 | 1 |\n")
            .contains("|  | correct | ✓ | ✓ | ✗ r2: broker did not start |\n")
            .contains("| latency, QoS 1, 64 B, 1 publisher, 1 subscriber | latency p50 (µs) | – | 400 | – |\n")
            .contains("|  | latency p99 (µs) | – | 5,100 | – |\n");
        assertThat(markdown.indexOf("| fan-in,")).isLessThan(markdown.indexOf("| latency,"));
    }

}
