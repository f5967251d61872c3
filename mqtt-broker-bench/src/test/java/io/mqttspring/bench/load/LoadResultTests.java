package io.mqttspring.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mqttspring.bench.report.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadResultTests {

    private static final List<String> CONTRACT = List.of("broker", "round", "scenario", "qos", "payload",
            "publishers", "subscribers", "connections", "rate", "durationSeconds", "sent", "received", "throughput", "drainThroughput", "lost",
            "duplicates", "misrouted", "ok", "failure", "p50Micros", "p99Micros", "p999Micros", "connectRate",
            "warmConnectRate", "coldCpuMicrosPerConnection", "warmCpuMicrosPerConnection",
            "rssBeforeKiB", "rssAfterKiB", "kibPerConnection", "heapKibPerConnection", "memoryKibPerConnection",
            "bytesPerItem", "deliverySeconds",
            "rssFirstKiB", "rssLastKiB", "rssMaxKiB", "rssSlopeKiBPerMinute", "brokerCpu", "loadCpu", "remoteNodes");

    @Test
    void jsonIsOneLineWithEveryContractFieldInOrder() {
        LoadResult result = new LoadResult(LoadOptions.parse("--scenario", "latency", "--label", "mosquitto",
                "--round", "2"));
        result.sent = 10;
        result.received = 9;
        result.lost = 1;
        result.p50Micros = 81.25;
        result.loadCpu = 0.5;
        Verdict verdict = new Verdict();
        verdict.add("1 of 10 QoS 1 deliveries lost");
        result.judge(verdict);

        String json = result.toJson();
        assertThat(json).doesNotContain("\n").startsWith("{\"broker\":\"mosquitto\",\"round\":2,").endsWith("}");
        List<String> names = new ArrayList<>();
        Matcher field = Pattern.compile("\"(\\w+)\":").matcher(json);
        while (field.find()) {
            names.add(field.group(1));
        }
        assertThat(names).isEqualTo(CONTRACT);
        assertThat(json).contains("\"ok\":false,\"failure\":\"1 of 10 QoS 1 deliveries lost\"")
            .contains("\"p50Micros\":81.3,\"p99Micros\":null")
            .contains("\"kibPerConnection\":null")
            .contains("\"loadCpu\":0.500,\"remoteNodes\":null}");
    }

    @Test
    void stringsAreEscapedAndReadBack() {
        LoadResult result = new LoadResult(LoadOptions.parse("--scenario", "latency", "--label", "a \"b\"\\\n"));
        String json = result.toJson();
        assertThat(json).doesNotContain("\n").startsWith("{\"broker\":\"a \\\"b\\\"\\\\\\n\",");
        assertThat(Result.parse(json, "test").fields().get("broker")).isEqualTo("a \"b\"\\\n");
    }

}
