package io.mqttspring.bench.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LoadOptionsTests {

    @Test
    void defaultsMatchTheDocumentedOnes() {
        LoadOptions options = LoadOptions.parse("--scenario", "fan-in");
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.window()).isEqualTo(800);
        assertThat(options.inflight()).isEqualTo(16);
        assertThat(options.publishers()).isEqualTo(16);
        assertThat(options.subscribers()).isEqualTo(64);
        assertThat(options.rate()).isEqualTo(2000);
        assertThat(options.connections()).isEqualTo(10_000);
        assertThat(options.warmupSeconds()).isEqualTo(5);
        assertThat(options.durationSeconds()).isEqualTo(15);
        assertThat(options.holdSeconds()).isEqualTo(5);
        assertThat(options.waves()).isEqualTo(8);
        assertThat(options.brokerPid()).isNull();
    }

    @Test
    void reconnectTakesItsWaves() {
        LoadOptions options = LoadOptions.parse("--scenario", "reconnect", "--waves", "8", "--connections", "5000");
        assertThat(options.waves()).isEqualTo(8);
        assertThat(options.connections()).isEqualTo(5000);
        assertThatExceptionOfType(LoadOptions.UsageException.class)
            .isThrownBy(() -> LoadOptions.parse("--scenario", "reconnect", "--waves", "0"))
            .withMessageContaining("--waves");
    }

    @Test
    void bothOptionSpellingsAreAccepted() {
        LoadOptions options = LoadOptions.parse("--scenario=idle", "--port", "18830", "--qos=2");
        assertThat(options.scenario()).isEqualTo("idle");
        assertThat(options.port()).isEqualTo(18830);
        assertThat(options.qos()).isEqualTo(2);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThatExceptionOfType(LoadOptions.UsageException.class)
            .isThrownBy(() -> LoadOptions.parse("--port", "1883"))
            .withMessageContaining("--scenario");
        assertThatExceptionOfType(LoadOptions.UsageException.class)
            .isThrownBy(() -> LoadOptions.parse("--scenario", "fan-in", "--qos", "3"))
            .withMessageContaining("--qos");
        assertThatExceptionOfType(LoadOptions.UsageException.class)
            .isThrownBy(() -> LoadOptions.parse("--scenario", "fan-in", "--payload", "19"));
        assertThatExceptionOfType(LoadOptions.UsageException.class)
            .isThrownBy(() -> LoadOptions.parse("--scenario", "fan-in", "--speed", "9"))
            .withMessageContaining("unknown option --speed");
    }

    @Test
    void subscriberPortsSpreadSubscribersRoundRobin() {
        LoadOptions options = LoadOptions.parse("--scenario", "fan-out", "--port", "1883", "--subscriber-ports",
                "1884,1885");
        assertThat(options.acrossNodes()).isTrue();
        assertThat(options.subscriberPorts()).containsExactly(1884, 1885);
        assertThat(List.of(0, 1, 2, 3, 4).stream().map(options::subscriberPort)).containsExactly(1884, 1885, 1884,
                1885, 1884);
        // each publication crosses once to every node that has a subscriber: fan-in's one subscriber is on one
        assertThat(options.remoteNodes(8)).isEqualTo(2);
        assertThat(options.remoteNodes(1)).isEqualTo(1);
    }

    @Test
    void subscribersOnThePublishersPortAreNotOnAnotherNode() {
        LoadOptions spread = LoadOptions.parse("--scenario", "fan-out", "--port", "1883", "--subscriber-ports",
                "1883,1884");
        assertThat(spread.remoteNodes(8)).isEqualTo(1);
        assertThat(spread.remoteNodes(1)).isZero();
        LoadOptions single = LoadOptions.parse("--scenario", "fan-in", "--port", "1883", "--subscriber-port", "1884");
        assertThat(single.subscriberPorts()).containsExactly(1884);
        assertThat(single.subscriberPort(7)).isEqualTo(1884);
        LoadOptions local = LoadOptions.parse("--scenario", "fan-in", "--port", "1883");
        assertThat(local.acrossNodes()).isFalse();
        assertThat(local.subscriberPort(3)).isEqualTo(1883);
        assertThat(local.remoteNodes(8)).isZero();
    }

    @Test
    void badSubscriberPortsAreUsageErrors() {
        assertThatExceptionOfType(LoadOptions.UsageException.class)
            .isThrownBy(() -> LoadOptions.parse("--scenario", "fan-in", "--subscriber-ports", "1884,x"))
            .withMessageContaining("--subscriber-ports");
        assertThatExceptionOfType(LoadOptions.UsageException.class)
            .isThrownBy(() -> LoadOptions.parse("--scenario", "fan-in", "--subscriber-ports", "1884,"));
        assertThatExceptionOfType(LoadOptions.UsageException.class)
            .isThrownBy(() -> LoadOptions.parse("--scenario", "fan-in", "--subscriber-port", "1884",
                    "--subscriber-ports", "1885"))
            .withMessageContaining("exclude each other");
    }

    @Test
    void severalBrokerPidsAreSummedButMemoryIsReadOfOneProcess() {
        assertThat(LoadOptions.parse("--scenario", "fan-in", "--broker-pid", "12,34,56").brokerPid())
            .isEqualTo("12,34,56");
        assertThatExceptionOfType(LoadOptions.UsageException.class)
            .isThrownBy(() -> LoadOptions.parse("--scenario", "idle", "--broker-pid", "12,34"))
            .withMessageContaining("one process id for idle");
        assertThatExceptionOfType(LoadOptions.UsageException.class)
            .isThrownBy(() -> LoadOptions.parse("--scenario", "fan-in", "--broker-pid", "12,,34"));
    }

    @Test
    void exitStatusIsTwoForUsageAndOneWithoutABroker() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(LoadMain.run(new String[] { "--qos", "1" }, new PrintStream(out), new PrintStream(err)))
            .isEqualTo(2);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(LoadMain.run(new String[] { "--scenario", "latency", "--port", String.valueOf(closedPort) },
                new PrintStream(out), new PrintStream(err)))
            .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no MQTT broker answered");
    }

}
