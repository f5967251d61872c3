package io.mqttspring.broker.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
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

    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() throws IOException {
        int[] ports = freePorts(3);
        List<String> members = new ArrayList<>();
        for (int port : ports) {
            members.add("127.0.0.1:" + port);
        }
        for (int port : ports) {
            MqttBroker node = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> config
                    .clusterEnabled(true).clusterName("test-" + ports[0]).clusterHost("127.0.0.1").clusterPort(port)
                    .clusterMembers(members))).build();
            node.start();
            this.nodes.add(node);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> this.nodes.stream()
                .allMatch((node) -> node.clusterStatus().orElseThrow().members().size() == 3));
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

    private void awaitRemoteFilters(MqttBroker node, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> node.clusterStatus().orElseThrow().remoteFilters() >= count);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.4-1] [MQTT-3.8.4-8] [MQTT-4.6.0-6]: a message published on one node reaches the "
            + "matching subscribers of the other nodes once each, with its QoS and in order")
    void publishOnOneNodeReachesSubscribersOnOthers() {
        HiveMqClient onB = register(HiveMqClient.connected(node(1).port(), ClientIds.unique("on-b")));
        onB.subscribe("plant/+/temperature", MqttQos.EXACTLY_ONCE);
        Paho3Client onC = register(Paho3Client.connected(node(2).port(), ClientIds.unique("on-c")));
        onC.subscribe("plant/#", 1);
        awaitRemoteFilters(node(0), 2);

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
    @DisplayName("a node learns of subscriptions and unsubscriptions on the others, and forwards nothing a node no "
            + "longer wants")
    void unsubscribeStopsForwarding() {
        int known = node(0).clusterStatus().orElseThrow().remoteFilters();
        Paho3Client onB = register(Paho3Client.connected(node(1).port(), ClientIds.unique("leaving")));
        onB.subscribe("leaving/topic", 1);
        awaitRemoteFilters(node(0), known + 1);
        node(0).publish(ApplicationMessage.builder("leaving/topic").payload("wanted").qos(QoS.AT_LEAST_ONCE).build());
        assertThat(onB.next().payload()).isEqualTo("wanted");

        onB.unsubscribe("leaving/topic");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> node(0).clusterStatus().orElseThrow().remoteFilters() == known);
        long forwarded = node(0).clusterStatus().orElseThrow().forwarded();
        node(0).publish(ApplicationMessage.builder("leaving/topic").payload("unwanted").qos(QoS.AT_LEAST_ONCE)
                .build());
        assertThat(node(0).clusterStatus().orElseThrow().forwarded()).isEqualTo(forwarded);
        onB.receivesNothingFor(Duration.ofMillis(200));
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
