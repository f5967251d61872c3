package io.mqttspring.bench.load;

import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.support.BrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every scenario, tiny and short, against an in-process broker; this JVM's pid stands in for the broker's.
 */
class LoadScenarioTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    private LoadResult run(String scenario, String... extra) {
        List<String> args = new ArrayList<>(List.of("--scenario", scenario, "--port", String.valueOf(this.broker.port()),
                "--broker-pid", String.valueOf(ProcessHandle.current().pid()), "--label", "in-process", "--round", "3",
                "--warmup", "0", "--duration", "1", "--drain", "5"));
        args.addAll(List.of(extra));
        LoadResult result = LoadMain.execute(LoadOptions.parse(args.toArray(String[]::new)));
        assertThat(result.failure).isNull();
        assertThat(result.ok).isTrue();
        assertThat(result.broker).isEqualTo("in-process");
        assertThat(result.round).isEqualTo(3);
        assertThat(result.misrouted).isZero();
        assertThat(result.loadCpu).isNotNull();
        assertThat(result.brokerCpu).isNotNull();
        return result;
    }

    @ParameterizedTest
    @CsvSource({ "1, 64", "1, 1024", "2, 64" })
    void fanInDeliversEveryMessageOnce(int qos, int payload) {
        LoadResult result = run("fan-in", "--qos", String.valueOf(qos), "--payload", String.valueOf(payload),
                "--publishers", "4");
        assertThat(result.publishers).isEqualTo(4);
        assertThat(result.subscribers).isEqualTo(1);
        assertThat(result.sent).isPositive();
        assertThat(result.received).isEqualTo(result.sent);
        assertThat(result.lost).isZero();
        assertThat(result.duplicates).isZero();
        assertThat(result.throughput).isPositive();
        assertThat(result.p50Micros).isNull();
        assertThat(result.connectRate).isNull();
        assertThat(result.rssSlopeKiBPerMinute).isNull();
    }

    @Test
    void persistentOfflinePoursIntoAnAwaySessionThenDrainsEveryMessage() {
        LoadResult result = run("persistent-offline", "--qos", "1", "--publishers", "4", "--messages", "800");
        assertThat(result.sent).isEqualTo(800);
        assertThat(result.received).isEqualTo(800);
        assertThat(result.lost).isZero();
        assertThat(result.duplicates).isZero();
        assertThat(result.throughput).isPositive();
        assertThat(result.drainThroughput).isPositive();
    }

    @Test
    void persistentOnlineIsFanInIntoAPersistentSession() {
        LoadResult result = run("persistent-online", "--qos", "1", "--publishers", "4");
        assertThat(result.received).isEqualTo(result.sent).isPositive();
        assertThat(result.lost).isZero();
    }

    @Test
    void fanInAtQos0ReportsWhatArrived() {
        LoadResult result = run("fan-in", "--qos", "0", "--publishers", "4");
        assertThat(result.sent).isPositive();
        assertThat(result.received + result.lost).isEqualTo(result.sent);
        assertThat(result.duplicates).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1 })
    void fanOutDeliversEveryMessageToEverySubscriber(int qos) {
        LoadResult result = run("fan-out", "--qos", String.valueOf(qos), "--subscribers", "8");
        assertThat(result.publishers).isEqualTo(1);
        assertThat(result.subscribers).isEqualTo(8);
        assertThat(result.sent).isPositive();
        assertThat(result.received + result.lost).isEqualTo(8 * result.sent);
        if (qos == 1) {
            assertThat(result.lost).isZero();
        }
        assertThat(result.throughput).isPositive();
    }

    @Test
    void latencyPacesThePublisherAndReportsPercentiles() {
        LoadResult result = run("latency", "--rate", "500");
        assertThat(result.sent).isBetween(400L, 700L);
        assertThat(result.received).isEqualTo(result.sent);
        assertThat(result.lost).isZero();
        assertThat(result.p50Micros).isPositive();
        assertThat(result.p99Micros).isGreaterThanOrEqualTo(result.p50Micros);
        assertThat(result.p999Micros).isGreaterThanOrEqualTo(result.p99Micros);
    }

    @Test
    void idleConnectionsAreCountedAndStillReceive() {
        LoadResult result = run("idle", "--connections", "150", "--handshakes", "20", "--hold", "0");
        assertThat(result.connections).isEqualTo(150);
        assertThat(result.connectRate).isPositive();
        assertThat(result.sent).isEqualTo(100);
        assertThat(result.received).isEqualTo(100);
        assertThat(result.lost).isZero();
        assertThat(result.rssBeforeKiB).isPositive();
        assertThat(result.rssAfterKiB).isPositive();
        assertThat(result.kibPerConnection).isNotNull();
        // the broker runs in this JVM, so its live heap is measured too and the sum carries both
        assertThat(result.heapKibPerConnection).isNotNull();
        assertThat(result.memoryKibPerConnection)
            .isCloseTo(result.kibPerConnection + result.heapKibPerConnection, within(0.001));
        assertThat(result.throughput).isNull();
    }

    @Test
    void reconnectWavesAreTimedFirstAndLastAndTheLastStillReceives() {
        LoadResult result = run("reconnect", "--connections", "120", "--waves", "3", "--handshakes", "20");
        assertThat(result.connections).isEqualTo(360);
        assertThat(result.subscribers).isEqualTo(120);
        assertThat(result.connectRate).isPositive();
        assertThat(result.warmConnectRate).isPositive();
        // the broker is this JVM, so its CPU is read; a wave may fit between two clock ticks and read zero
        assertThat(result.coldCpuMicrosPerConnection).isNotNull().isNotNegative();
        assertThat(result.warmCpuMicrosPerConnection).isNotNull().isNotNegative();
        assertThat(result.sent).isEqualTo(100);
        assertThat(result.received).isEqualTo(100);
        assertThat(result.lost).isZero();
        assertThat(result.duplicates).isZero();
        assertThat(result.kibPerConnection).isNull();
    }

    @Test
    void fleetDevicesAtTheirOwnPaceReachTheBackendOnce() {
        LoadResult result = run("fleet", "--connections", "200", "--rate", "5", "--handshakes", "20", "--duration",
                "2");
        assertThat(result.publishers).isEqualTo(200);
        assertThat(result.subscribers).isEqualTo(1);
        assertThat(result.sent).isPositive();
        assertThat(result.received).isEqualTo(result.sent);
        assertThat(result.lost).isZero();
        assertThat(result.duplicates).isZero();
        // 200 devices at 5 msg/s each: about 1,000 deliveries a second once all have started
        assertThat(result.throughput).isBetween(500.0, 1_500.0);
        assertThat(result.p99Micros).isGreaterThanOrEqualTo(result.p50Micros);
        assertThat(result.memoryKibPerConnection).isNotNull();
    }

    @Test
    void manySubscriptionsRouteEachMessageToItsOwnSubscriber() {
        LoadResult result = run("subscriptions", "--subscribers", "4", "--filters", "50", "--handshakes", "4");
        assertThat(result.publishers).isEqualTo(4);
        assertThat(result.sent).isPositive();
        assertThat(result.received).isEqualTo(result.sent);
        assertThat(result.lost).isZero();
        assertThat(result.duplicates).isZero();
        assertThat(result.throughput).isPositive();
        assertThat(result.bytesPerItem).isNotNull();
    }

    @Test
    void retainedMessagesAllReachALateWildcardSubscriber() {
        LoadResult result = run("retained", "--messages", "500");
        assertThat(result.sent).isEqualTo(500);
        assertThat(result.received).isEqualTo(500);
        assertThat(result.lost).isZero();
        assertThat(result.duplicates).isZero();
        assertThat(result.throughput).isPositive();
        assertThat(result.deliverySeconds).isPositive();
        assertThat(result.bytesPerItem).isNotNull();
    }

    @Test
    void soakClientsComeAndGoWithoutLoss() {
        LoadResult result = run("soak", "--duration", "2", "--live", "20", "--messages", "3", "--sample", "1");
        assertThat(result.connections).isPositive();
        assertThat(result.sent).isEqualTo(3 * result.connections);
        assertThat(result.received).isEqualTo(result.sent);
        assertThat(result.lost).isZero();
        assertThat(result.rssFirstKiB).isPositive();
        assertThat(result.rssMaxKiB).isGreaterThanOrEqualTo(result.rssLastKiB).isGreaterThanOrEqualTo(
                result.rssFirstKiB);
    }

}
