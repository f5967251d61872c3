package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.support.BrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --subscriber-ports}: the subscribers of a run go round robin to the given ports (the nodes of a cluster),
 * the publishers to {@code --port}. Two unrelated in-process brokers stand in for two nodes; who connected where is
 * read from their sessions.
 */
class SubscriberPortsTests {

    @RegisterExtension
    final BrokerExtension nodeA = new BrokerExtension();

    @RegisterExtension
    final BrokerExtension nodeB = new BrokerExtension();

    @RegisterExtension
    final BrokerExtension nodeC = new BrokerExtension();

    @Test
    void subscribersGoRoundRobinToTheSubscriberPortsAndPublishersToThePort() {
        LoadOptions options = LoadOptions.parse("--scenario", "fan-out", "--port", String.valueOf(this.nodeA.port()),
                "--subscriber-ports", this.nodeB.port() + "," + this.nodeC.port(), "--subscribers", "5");
        List<String> subscriberIds = new ArrayList<>();
        String publisherId;
        try (LoadRun run = new LoadRun(options)) {
            List<SubscriberConnection> subs = new ArrayList<>();
            for (int j = 0; j < 5; j++) {
                subs.add(subscriber(run, j));
                subscriberIds.add(run.clientId("s", j));
            }
            publisherId = run.clientId("p", 0);
            ClosedLoopPublisher pub = new ClosedLoopPublisher(publisherId, 0, "bench/out/t", 1, 64, 1,
                    new WindowGate(5), 800, run.failures());
            assertThat(run.openAll(subs)).isTrue();
            assertThat(run.openAll(List.of(pub))).isTrue();

            assertThat(connected(this.nodeA.broker())).containsExactly(publisherId);
            assertThat(connected(this.nodeB.broker())).containsExactlyInAnyOrder(subscriberIds.get(0),
                    subscriberIds.get(2), subscriberIds.get(4));
            assertThat(connected(this.nodeC.broker())).containsExactlyInAnyOrder(subscriberIds.get(1),
                    subscriberIds.get(3));

            // a subscriber that comes back under its client identifier goes back to its node
            run.disconnectAll(List.of(subs.get(1)));
            subs.set(1, subscriber(run, 1));
            assertThat(run.openAll(List.of(subs.get(1)))).isTrue();
            assertThat(connected(this.nodeC.broker())).containsExactlyInAnyOrder(subscriberIds.get(1),
                    subscriberIds.get(3));
            assertThat(connected(this.nodeB.broker())).hasSize(3);
            run.disconnectAll(subs);
            run.disconnectAll(List.of(pub));
        }
        assertThat(options.remoteNodes(5)).isEqualTo(2);
        LoadResult result = new LoadResult(options);
        assertThat(result.scenario).isEqualTo("fan-out (across nodes)");
    }

    private static SubscriberConnection subscriber(LoadRun run, int index) {
        DeliveryLedger ledger = new DeliveryLedger(0,
                new byte[][] { "bench/out/t".getBytes(StandardCharsets.UTF_8) }, 1, 64, null);
        return new SubscriberConnection(run.clientId("s", index), "bench/out/t", 1, ledger, null, index,
                run.failures());
    }

    private static List<String> connected(MqttBroker broker) {
        return broker.sessions().stream().filter(MqttBroker.SessionInfo::connected)
            .map(MqttBroker.SessionInfo::clientId).toList();
    }

}
