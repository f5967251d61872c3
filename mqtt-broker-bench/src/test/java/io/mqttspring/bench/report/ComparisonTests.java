package io.mqttspring.bench.report;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ComparisonTests {

    @Test
    void medianOfAnOddCountIsTheMiddleValue() {
        assertThat(Comparison.median(List.of(30.0, 10.0, 20.0))).isEqualTo(20.0);
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleValues() {
        assertThat(Comparison.median(List.of(40.0, 10.0, 30.0, 20.0))).isEqualTo(25.0);
    }

    @Test
    void medianOfOneValueIsThatValueAndOfNoneIsNull() {
        assertThat(Comparison.median(List.of(7.0))).isEqualTo(7.0);
        assertThat(Comparison.median(List.of())).isNull();
    }

    @Test
    void ratioIsOursOverPeerAndNullWithoutAPositivePeer() {
        assertThat(Comparison.ratio(150.0, 100.0)).isEqualTo(1.5);
        assertThat(Comparison.ratio(150.0, 0.0)).isNull();
        assertThat(Comparison.ratio(null, 100.0)).isNull();
        assertThat(Comparison.ratio(150.0, null)).isNull();
    }

    @Test
    void takesMediansPerBrokerAcrossRoundsWithinOneGroup() {
        Comparison comparison = Comparison.of(List.of(
                fanIn("ours", 1, 1, 300), fanIn("ours", 2, 1, 100), fanIn("ours", 3, 1, 200),
                fanIn("mosquitto", 1, 1, 50), fanIn("mosquitto", 2, 1, 70), fanIn("mosquitto", 3, 1, 40),
                fanIn("hivemq", 1, 1, 160), fanIn("hivemq", 2, 1, 150),
                fanIn("ours", 1, 2, 999)));

        assertThat(comparison.brokers()).containsExactly("ours", "hivemq", "mosquitto");
        assertThat(comparison.rows()).hasSize(2);
        Comparison.Row qos1 = comparison.rows().get(0);
        assertThat(qos1.key().qos()).isEqualTo(1L);
        assertThat(qos1.brokers().get("ours").median()).isEqualTo(200.0);
        assertThat(qos1.brokers().get("mosquitto").median()).isEqualTo(50.0);
        assertThat(qos1.brokers().get("hivemq").median()).isEqualTo(155.0);
        assertThat(qos1.ratio("mosquitto")).isEqualTo(4.0);
        assertThat(qos1.ratio("hivemq")).isCloseTo(1.29, within(0.01));
        assertThat(comparison.rows().get(1).brokers()).containsOnlyKeys("ours");
        assertThat(comparison.rows().get(1).ratio("mosquitto")).isNull();
    }

    @Test
    void aBrokerIsCorrectOnlyIfEveryRoundPassed() {
        Comparison comparison = Comparison.of(List.of(
                fanIn("ours", 1, 2, 100), fanIn("ours", 2, 2, 100),
                fanIn("mosquitto", 1, 2, 100), failed("mosquitto", 2, "lost 17 of 1000"),
                result("hivemq", 1, "{\"qos\":2,\"payload\":64,\"publishers\":16,\"subscribers\":1,\"ok\":false}")));

        Map<String, Comparison.BrokerFigures> figures = comparison.rows().get(0).brokers();
        assertThat(figures.get("ours").ok()).isTrue();
        assertThat(figures.get("mosquitto").ok()).isFalse();
        assertThat(figures.get("mosquitto").failures()).containsExactly("r2: lost 17 of 1000");
        assertThat(figures.get("hivemq").failures()).containsExactly("r1: not ok");
    }

    @Test
    void roundsThatFailedAlikeAreListedOnce() {
        Comparison comparison = Comparison.of(List.of(failed("mosquitto", 1, "lost 3"),
                failed("mosquitto", 2, "lost 4"), failed("mosquitto", 3, "lost 3")));

        assertThat(comparison.rows().get(0).brokers().get("mosquitto").failures()).containsExactly("r1, r3: lost 3",
                "r2: lost 4");
    }

    @Test
    void aFailureLineStatingFewerParametersJoinsTheOneGroupItFits() {
        Comparison comparison = Comparison.of(List.of(fanIn("ours", 1, 2, 100), fanIn("ours", 1, 1, 100),
                result("mosquitto", 1, "{\"qos\":2,\"payload\":64,\"ok\":false,\"failure\":\"load tool exited 1\"}")));

        assertThat(comparison.rows()).hasSize(2);
        Comparison.Row qos2 = comparison.rows().get(1);
        assertThat(qos2.key().qos()).isEqualTo(2L);
        assertThat(qos2.brokers().get("mosquitto").failures()).containsExactly("r1: load tool exited 1");
        assertThat(qos2.brokers().get("mosquitto").median()).isNull();
    }

    @Test
    void aLineFittingSeveralGroupsKeepsItsOwnRow() {
        Comparison comparison = Comparison.of(List.of(fanIn("ours", 1, 2, 100), fanIn("ours", 1, 1, 100),
                result("mosquitto", 1, "{\"payload\":64,\"ok\":false}")));

        assertThat(comparison.rows()).hasSize(3);
        assertThat(comparison.rows().get(0).key().qos()).isNull();
    }

    @Test
    void latencyGivesOneRowPerPercentileAndOnlyTheFirstCarriesCorrectness() {
        Comparison comparison = Comparison.of(List.of(result("ours", 1,
                "{\"qos\":1,\"p50Micros\":100,\"p99Micros\":900,\"p999Micros\":2000,\"ok\":true}", "latency")));

        assertThat(comparison.rows()).extracting(row -> row.metric().field())
                .containsExactly("p50Micros", "p99Micros", "p999Micros");
        assertThat(comparison.rows()).extracting(Comparison.Row::firstOfGroup).containsExactly(true, false, false);
        assertThat(comparison.rows().get(1).brokers().get("ours").median()).isEqualTo(900.0);
    }

    @Test
    void soaksCompareAlthoughTheyServedDifferentNumbersOfClients() {
        Comparison comparison = Comparison.of(List.of(
                result("ours", 1, "{\"qos\":1,\"payload\":64,\"connections\":273529,\"throughput\":900,"
                        + "\"ok\":true}", "soak"),
                result("mosquitto", 1, "{\"qos\":1,\"payload\":64,\"connections\":95000,\"throughput\":300,"
                        + "\"ok\":true}", "soak")));

        assertThat(comparison.rows().get(0).key().setup()).isEqualTo("QoS 1, 64 B");
        assertThat(comparison.rows().get(0).ratio("mosquitto")).isEqualTo(3.0);
    }

    @Test
    void noRatioForAGrowthSlope() {
        Comparison comparison = Comparison.of(List.of(
                result("ours", 1, "{\"rssSlopeKiBPerMinute\":2.0,\"ok\":true}", "soak"),
                result("mosquitto", 1, "{\"rssSlopeKiBPerMinute\":1.0,\"ok\":true}", "soak")));

        Comparison.Row slope = comparison.rows().stream()
                .filter(row -> row.metric().field().equals("rssSlopeKiBPerMinute")).findFirst().orElseThrow();
        assertThat(slope.brokers().get("ours").median()).isEqualTo(2.0);
        assertThat(slope.ratio("mosquitto")).isNull();
    }

    @Test
    void aStartUpTimeIsAFreshLaunch() {
        Comparison comparison = Comparison.of(List.of(result("ours", 1, "{\"startupMillis\":90,\"ok\":true}",
                "startup")));

        assertThat(comparison.rows().get(0).key().setup()).isEqualTo("fresh launch");
        assertThat(comparison.rows().get(0).metric().higherIsBetter()).isFalse();
    }

    @Test
    void ordersScenariosAsTheReportReadsThem() {
        Comparison comparison = Comparison.of(List.of(result("ours", 1, "{\"startupMillis\":90,\"ok\":true}",
                "startup"), result("ours", 1, "{\"connections\":10000,\"memoryKibPerConnection\":2.4,"
                        + "\"kibPerConnection\":0.1,\"heapKibPerConnection\":2.3,\"connectRate\":7000,"
                        + "\"ok\":true}", "idle"), fanIn("ours", 1, 0, 5)));

        assertThat(comparison.rows()).extracting(row -> row.key().scenario()).containsExactly("fan-in", "idle",
                "idle", "idle", "idle", "startup");
    }

    @Test
    void aFigureNoLineHasAMemberForHasNoRowButTheFirstRowStays() {
        // start() alone is a later field: older result lines and the peers' lines do not have it
        Comparison startup = Comparison.of(List.of(result("ours", 1, "{\"startupMillis\":90,\"ok\":true}",
                "startup"), result("mosquitto", 1, "{\"startupMillis\":9,\"ok\":true}", "startup")));
        assertThat(startup.rows()).extracting(row -> row.metric().field()).containsExactly("startupMillis");

        Comparison withStart = Comparison.of(List.of(result("ours", 1,
                "{\"startupMillis\":90,\"startMillis\":70,\"ok\":true}", "startup")));
        assertThat(withStart.rows()).extracting(row -> row.metric().field()).containsExactly("startupMillis",
                "startMillis");

        Comparison unreadable = Comparison.of(List.of(result("ours", 1,
                "{\"startupMillis\":90,\"startMillis\":null,\"ok\":true}", "startup")));
        assertThat(unreadable.rows()).extracting(row -> row.metric().field()).containsExactly("startupMillis",
                "startMillis");

        Comparison failed = Comparison.of(List.of(result("ours", 1,
                "{\"ok\":false,\"failure\":\"broker did not start\"}", "idle")));
        assertThat(failed.rows()).hasSize(1);
        assertThat(failed.rows().get(0).brokers().get("ours").failures()).containsExactly(
                "r1: broker did not start");
    }

    static Result fanIn(String broker, int round, int qos, double throughput) {
        return result(broker, round, "{\"qos\":" + qos + ",\"payload\":64,\"publishers\":16,\"subscribers\":1,"
                + "\"throughput\":" + throughput + ",\"brokerCpu\":1.5,\"loadCpu\":0.5,\"ok\":true,\"failure\":null}");
    }

    static Result failed(String broker, int round, String failure) {
        return result(broker, round, "{\"qos\":2,\"payload\":64,\"publishers\":16,\"subscribers\":1,"
                + "\"throughput\":10,\"ok\":false,\"failure\":" + JsonMapper.shared().writeValueAsString(failure)
                + "}");
    }

    static Result result(String broker, int round, String members) {
        return result(broker, round, members, "fan-in");
    }

    static Result result(String broker, int round, String members, String scenario) {
        String rest = members.substring(1);
        String line = "{\"broker\":\"" + broker + "\",\"round\":" + round + ",\"scenario\":\"" + scenario + "\""
                + (rest.equals("}") ? "}" : "," + rest);
        return Result.parse(line, "test");
    }

}
