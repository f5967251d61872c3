package io.mqttspring.bench.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTests {

    @Test
    void appendsHandWrittenSectionsAfterTheGeneratedTables(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.jsonl");
        Files.writeString(results, "{\"broker\":\"ours\",\"round\":1,\"scenario\":\"latency\",\"qos\":1,"
                + "\"payload\":64,\"ok\":true,\"p99Micros\":250.0}\n", StandardCharsets.UTF_8);
        Path notes = dir.resolve("notes.md");
        Files.writeString(notes, "\n## Optimisation log\n\nkept verbatim\n\n", StandardCharsets.UTF_8);
        Path output = dir.resolve("docs/benchmarks.md");

        ReportCommand.main(new String[] { "--output", output.toString(), "--append", notes.toString(),
                results.toString() });

        String markdown = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(markdown).contains("### latency").endsWith("\n\n## Optimisation log\n\nkept verbatim\n");
        assertThat(markdown.indexOf("### latency")).isLessThan(markdown.indexOf("## Optimisation log"));
    }

    @Test
    void writesTheClusterRowsWithTheClusterLayout(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.jsonl");
        Files.writeString(results, "{\"broker\":\"2 nodes\",\"round\":1,\"scenario\":\"latency (across nodes)\","
                + "\"qos\":1,\"payload\":64,\"ok\":true,\"p99Micros\":250.0,\"remoteNodes\":1}\n",
                StandardCharsets.UTF_8);
        Path output = dir.resolve("docs/benchmarks-cluster.md");

        ReportCommand.main(new String[] { "--layout", "cluster", "--output", output.toString(), "--intro",
                "Two cores for every node.", "--machine", "CPU: test", results.toString() });

        String markdown = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(markdown).startsWith("# Cluster: our broker on one node and across nodes\n")
            .contains("\nTwo cores for every node.\n\n## Machine\n\n- CPU: test\n")
            .contains("| Scenario | Figure | 2 nodes |\n")
            .contains("| latency, QoS 1, 64 B | latency p50 (µs) | – |\n|  | latency p99 (µs) | 250 |\n");
    }

    @Test
    void skipsMalformedLinesWithOneWarningEachAndKeepsTheRest(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.jsonl");
        Files.writeString(results, String.join("\n", "{\"broker\":\"ours\",\"scenario\":\"fan-in\",\"ok\":true}", "",
                "{\"broker\":\"ours\",\"scenario\":\"fan-in\",", "{\"scenario\":\"fan-in\"}",
                "  {\"broker\":\"mosquitto\",\"scenario\":\"fan-in\",\"extra\":1}  "), StandardCharsets.UTF_8);
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        List<Result> read;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            read = ReportCommand.read(results);
        }
        finally {
            System.setErr(original);
        }

        assertThat(read).extracting(Result::broker).containsExactly("ours", "mosquitto");
        assertThat(stderr.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                line -> assertThat(line).startsWith("report: skipped " + results + ":3: ").contains(" at offset "),
                line -> assertThat(line).startsWith("report: skipped " + results + ":4: ")
                        .endsWith("no \"broker\" string"));
    }

}
