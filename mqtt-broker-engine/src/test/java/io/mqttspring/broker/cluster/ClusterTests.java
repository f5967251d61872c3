package io.mqttspring.broker.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.hazelcast.core.Hazelcast;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Paho3Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three brokers in one JVM, each a Hazelcast member on loopback, act as one broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTests {

    private final List<MqttBroker> nodes = new ArrayList<>();

    private final List<String> members = new ArrayList<>();

    private String clusterName;

    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() throws IOException {
        int[] ports = freePorts(3);
        this.clusterName = "test-" + ports[0];
        for (int port : ports) {
            this.members.add("127.0.0.1:" + port);
        }
        for (int port : ports) {
            this.nodes.add(startNode(port));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> this.nodes.stream()
                .allMatch((node) -> node.clusterStatus().orElseThrow().members().size() == 3));
    }

    private MqttBroker startNode(int port) {
        MqttBroker node = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> config
                .clusterEnabled(true).clusterName(this.clusterName).clusterHost("127.0.0.1").clusterPort(port)
                .clusterMembers(this.members))).build();
        node.start();
        return node;
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (AutoCloseable client : this.clients) {
            client.close();
        }
        this.nodes.forEach(MqttBroker::stop);
    }

    private <T extends AutoCloseable> T register(T client) {
        this.clients.add(client);
        return client;
    }

    private MqttBroker node(int index) {
        return this.nodes.get(index);
    }

    /**
     * Return the number of filters a node knows of once it stopped changing: announcements of earlier tests may
     * still be on their way.
     */
    private static int settledRemoteFilters(MqttBroker node) {
        int[] last = { -1 };
        int[] unchanged = { 0 };
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            int now = node.clusterStatus().orElseThrow().remoteFilters();
            unchanged[0] = (now == last[0]) ? unchanged[0] + 1 : 0;
            last[0] = now;
            return unchanged[0] >= 3;
        });
        return last[0];
    }

    private static String nextNotProbe(Paho3Client client) {
        String payload = client.next().payload();
        while (payload.equals("probe")) {
            payload = client.next().payload();
        }
        return payload;
    }

    private void awaitRemoteFilters(MqttBroker node, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> node.clusterStatus().orElseThrow().remoteFilters() >= count);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.4-1] [MQTT-3.8.4-8] [MQTT-4.6.0-6]: a message published on one node reaches the "
            + "matching subscribers of the other nodes once each, with its QoS and in order")
    void publishOnOneNodeReachesSubscribersOnOthers() {
        int known = settledRemoteFilters(node(0));
        HiveMqClient onB = register(HiveMqClient.connected(node(1).port(), ClientIds.unique("on-b")));
        onB.subscribe("plant/+/temperature", MqttQos.EXACTLY_ONCE);
        Paho3Client onC = register(Paho3Client.connected(node(2).port(), ClientIds.unique("on-c")));
        onC.subscribe("plant/#", 1);
        awaitRemoteFilters(node(0), known + 2);

        HiveMqClient publisher = register(HiveMqClient.connected(node(0).port(), ClientIds.unique("on-a")));
        for (int i = 0; i < 20; i++) {
            publisher.publish("plant/hall/temperature", "t" + i, MqttQos.fromCode(i % 3));
        }
        List<Mqtt5Publish> atB = onB.messages().next(20);
        for (int i = 0; i < 20; i++) {
            assertThat(new String(atB.get(i).getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("t" + i);
            assertThat(atB.get(i).getQos().getCode()).isEqualTo(i % 3);
        }
        assertThat(onC.nextPayloads(20)).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 20).mapToObj((i) -> "t" + i).toList());
        onB.messages().staysEmptyFor(Duration.ofMillis(300));
        onC.receivesNothingFor(Duration.ofMillis(100));
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.1-5]: a retained message published on one node is delivered to a subscriber who "
            + "subscribes on another node later")
    void retainedMessageReachesEveryNode() {
        node(0).publish(ApplicationMessage.builder("status/line-4").payload("running").qos(QoS.AT_LEAST_ONCE)
                .retain(true).build());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> node(2).statistics().retainedMessages() >= 1 && node(1).statistics().retainedMessages() >= 1);
        HiveMqClient late = register(HiveMqClient.connected(node(2).port(), ClientIds.unique("late")));
        late.subscribe("status/#", MqttQos.AT_LEAST_ONCE);
        Mqtt5Publish retained = late.messages().next();
        assertThat(retained.isRetain()).isTrue();
        assertThat(new String(retained.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("running");
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.1-5] [MQTT-3.3.1-9]: a node joining the cluster late knows the retained messages "
            + "published before, and the subscriptions of the other nodes")
    void lateNodeLearnsRetainedMessagesAndSubscriptions() throws IOException {
        node(1).publish(ApplicationMessage.builder("config/site").payload("north").qos(QoS.AT_LEAST_ONCE)
                .retain(true).build());
        Paho3Client onA = register(Paho3Client.connected(node(0).port(), ClientIds.unique("before-late")));
        onA.subscribe("late/#", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> forwards(node(1), "late/probe"));
        MqttBroker late = startNode(freePorts(1)[0]);
        this.nodes.add(late);
        await().atMost(Duration.ofSeconds(60)).until(() -> late.clusterStatus().orElseThrow().members().size() == 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> late.statistics().retainedMessages() >= 1);
        HiveMqClient onLate = register(HiveMqClient.connected(late.port(), ClientIds.unique("on-late")));
        onLate.subscribe("config/#", MqttQos.AT_LEAST_ONCE);
        assertThat(new String(onLate.messages().next().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("north");
        await().atMost(Duration.ofSeconds(10)).until(() -> forwards(late, "late/probe"));
        onLate.publish("late/news", "from the new node", MqttQos.AT_LEAST_ONCE);
        assertThat(nextNotProbe(onA)).isEqualTo("from the new node");
    }

    @Test
    @DisplayName("a node learns of subscriptions and unsubscriptions on the others, and forwards nothing a node no "
            + "longer wants")
    void unsubscribeStopsForwarding() {
        Paho3Client onB = register(Paho3Client.connected(node(1).port(), ClientIds.unique("leaving")));
        onB.subscribe("leaving/topic", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> forwards(node(0), "leaving/topic"));
        node(0).publish(ApplicationMessage.builder("leaving/topic").payload("wanted").qos(QoS.AT_LEAST_ONCE).build());
        assertThat(nextNotProbe(onB)).isEqualTo("wanted");

        onB.unsubscribe("leaving/topic");
        // other tests' subscriptions may still be on their way: ask whether this topic is forwarded, not a count
        await().atMost(Duration.ofSeconds(10)).until(() -> !forwards(node(0), "leaving/topic"));
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.4-3]: a client identifier is connected on one node at a time: connecting on another "
            + "node disconnects the first connection with 0x8E")
    void connectingOnAnotherNodeTakesTheClientIdentifierOver() {
        String clientId = ClientIds.unique("roaming");
        HiveMqClient first = register(HiveMqClient.connected(node(0).port(), clientId));
        await().atMost(Duration.ofSeconds(10)).until(() -> node(0).sessions().stream()
                .anyMatch((session) -> session.clientId().equals(clientId) && session.connected()));
        HiveMqClient second = register(HiveMqClient.connected(node(1).port(), clientId));
        Throwable cause = first.disconnects().next();
        assertThat(cause).isInstanceOfSatisfying(Mqtt5DisconnectException.class, (disconnect) -> assertThat(
                disconnect.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER));
        assertThat(second.client().getState().isConnected()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> node(0).sessions().stream()
                .noneMatch((session) -> session.clientId().equals(clientId) && session.connected()));
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-8]: when a node fails, the others drop its subscriptions from their views, "
            + "publish the wills of its clients once, and keep serving each other")
    void survivorsKeepServingWhenANodeFails() throws IOException {
        int port = freePorts(1)[0];
        MqttBroker failing = startNode(port);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> failing.clusterStatus().orElseThrow().members().size()
                    == this.nodes.size() + 1);
            String clientId = ClientIds.unique("on-failing");
            Paho3Client watcher = register(Paho3Client.connected(node(2).port(), ClientIds.unique("will-watcher")));
            watcher.subscribe("wills/#", 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> forwards(node(0), "wills/probe"));
            try (Paho3Client onFailing = Paho3Client.create(failing.port(), clientId)) {
                onFailing.connect(true, (options) -> options.setWill("wills/" + clientId,
                        "node lost".getBytes(StandardCharsets.UTF_8), 1, false));
                onFailing.subscribe("failing-node/#", 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> forwards(node(0), "failing-node/x"));
                // the node's Hazelcast member dies without a word, as in a crash
                Hazelcast.getAllHazelcastInstances().stream()
                        .filter((member) -> member.getCluster().getLocalMember().getAddress().getPort() == port)
                        .forEach((member) -> member.getLifecycleService().terminate());
                await().atMost(Duration.ofSeconds(60)).until(() -> node(0).clusterStatus().orElseThrow().members()
                        .size() == this.nodes.size());
                await().atMost(Duration.ofSeconds(30)).until(() -> !forwards(node(0), "failing-node/x"));
                // [MQTT-3.1.2-8] the client's will is published once, by a surviving node
                assertThat(nextNotProbe(watcher)).isEqualTo("node lost");
                watcher.receivesNothingFor(Duration.ofMillis(300));
            }
        }
        finally {
            failing.stop();
        }
        Paho3Client onC = register(Paho3Client.connected(node(2).port(), ClientIds.unique("survivor")));
        onC.subscribe("survivors/#", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> forwards(node(0), "survivors/probe"));
        node(0).publish(ApplicationMessage.builder("survivors/ping").payload("ping").qos(QoS.AT_LEAST_ONCE).build());
        assertThat(nextNotProbe(onC)).isEqualTo("ping");
    }

    /**
     * Publish at QoS 0 on a node and tell whether it sent the message to another node.
     */
    private static boolean forwards(MqttBroker node, String topic) {
        long before = node.clusterStatus().orElseThrow().forwarded();
        node.publish(ApplicationMessage.builder(topic).payload("probe").qos(QoS.AT_MOST_ONCE).build());
        return node.clusterStatus().orElseThrow().forwarded() > before;
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
        }
        finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
        return ports;
    }

}
