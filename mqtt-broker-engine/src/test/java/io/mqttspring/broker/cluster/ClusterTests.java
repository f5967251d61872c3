package io.mqttspring.broker.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.hazelcast.core.Hazelcast;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.RawClient;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * Wait until the nodes of the class see one more member: the one a test started.
     */
    private void awaitJoined() {
        await().atMost(Duration.ofSeconds(60)).until(() -> this.nodes.stream().allMatch((node) -> node
                .clusterStatus().orElseThrow().members().size() == this.nodes.size() + 1));
    }

    private MqttBroker startNode(int port) {
        return startNode(port, (config) -> {
        });
    }

    private MqttBroker startNode(int port, Path dataDir) {
        return startNode(port, (config) -> config.persistencePath(dataDir));
    }

    private MqttBroker startNode(int port, Consumer<BrokerConfig.Builder> customizer) {
        MqttBroker node = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> {
            config.clusterEnabled(true).clusterName(this.clusterName).clusterHost("127.0.0.1").clusterPort(port)
                    .clusterMembers(this.members);
            customizer.accept(config);
        })).build();
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

    private static void receivesOnlyProbesFor(Paho3Client client, Duration duration) {
        await().during(duration).atMost(duration.plusSeconds(2)).until(() -> {
            while (!client.messages().isEmpty()) {
                assertThat(client.next().payload()).isEqualTo("probe");
            }
            return true;
        });
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
                crash(port);
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

    @Test
    @DisplayName("MQTT 5 [MQTT-4.8.2-1] [MQTT-4.8.2-3]: a shared subscription group with members on two nodes gets "
            + "each message once across the cluster, its members on both nodes taking turns, while a plain "
            + "subscriber gets every message")
    void sharedGroupSpansNodes() {
        int before = settledRemoteFilters(node(0));
        Paho3Client onB = register(Paho3Client.connected(node(1).port(), ClientIds.unique("worker-b")));
        Paho3Client onC = register(Paho3Client.connected(node(2).port(), ClientIds.unique("worker-c")));
        Paho3Client audit = register(Paho3Client.connected(node(1).port(), ClientIds.unique("audit")));
        onB.subscribe("$share/workers/jobs/#", 1);
        onC.subscribe("$share/workers/jobs/#", 1);
        audit.subscribe("jobs/#", 1);
        awaitRemoteFilters(node(0), before + 3);
        Paho3Client publisher = register(Paho3Client.connected(node(0).port(), ClientIds.unique("dispatcher")));
        int count = 40;
        for (int i = 0; i < count; i++) {
            publisher.publish("jobs/" + i, "job-" + i, 1);
        }
        List<String> all = audit.nextPayloads(count);
        assertThat(all).hasSize(count).doesNotHaveDuplicates();
        List<String> taken = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            drain(onB, taken);
            drain(onC, taken);
            return taken.size() >= count;
        });
        onB.receivesNothingFor(Duration.ofMillis(300));
        onC.receivesNothingFor(Duration.ofMillis(0));
        // [MQTT-4.8.2-3] once per group: the two members together got each job once
        assertThat(taken).containsExactlyInAnyOrderElementsOf(all);
        assertThat(this.sharedCounts).allSatisfy((client, received) -> assertThat(received).isPositive());
    }

    private final Map<Paho3Client, Integer> sharedCounts = new HashMap<>();

    private void drain(Paho3Client client, List<String> into) {
        while (!client.messages().isEmpty()) {
            into.add(client.next().payload());
            this.sharedCounts.merge(client, 1, Integer::sum);
        }
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-4.3.2-2] [MQTT-4.3.3-2] [MQTT-3.1.2-8]: a node killed mid-traffic loses no QoS 1 "
            + "or QoS 2 message its publishers saw acknowledged for the subscribers of the surviving nodes")
    void nodeKilledMidTrafficLosesNoAcknowledgedMessage() throws Exception {
        int port = freePorts(1)[0];
        MqttBroker failing = startNode(port);
        try {
            awaitJoined();
            Paho3Client subscriber = register(Paho3Client.create(node(1).port(), ClientIds.unique("traffic-sink")));
            subscriber.connect(false);
            subscriber.subscribe("traffic/#", 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> forwards(failing, "traffic/probe")
                    && forwards(node(0), "traffic/probe"));
            Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread onFailing = register(Paho3Client.connected(failing.port(), ClientIds.unique("doomed")))
                .publishUntilStopped("doomed", 1, acknowledged, stop);
            Thread onSurvivor = register(Paho3Client.connected(node(0).port(), ClientIds.unique("survivor")))
                .publishUntilStopped("survivor", 2, acknowledged, stop);
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.stream()
                    .filter((payload) -> payload.startsWith("doomed")).count() >= 200);
            crash(port);
            onFailing.join(30_000);
            long survivorBefore = acknowledged.stream().filter((payload) -> payload.startsWith("survivor")).count();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.stream()
                    .filter((payload) -> payload.startsWith("survivor")).count() >= survivorBefore + 100);
            stop.set(true);
            onSurvivor.join(30_000);
            Set<String> expected = new HashSet<>(acknowledged);
            Set<String> received = new HashSet<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                while (!subscriber.messages().isEmpty()) {
                    String payload = subscriber.next().payload();
                    // [MQTT-4.3.3-2] QoS 2 from the survivor arrives once
                    assertThat(payload.startsWith("survivor") && received.contains(payload)).as(payload).isFalse();
                    received.add(payload);
                }
                return received.containsAll(expected);
            });
            assertThat(expected).filteredOn((payload) -> payload.startsWith("doomed")).hasSizeGreaterThan(199);
        }
        finally {
            failing.stop();
        }
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-4.3.2-4] [MQTT-4.3.3-8]: open-loop publishers on one node into a slow subscriber on "
            + "another whose queue holds 100 messages: the receiving node holds the link back, the publishers' "
            + "acknowledgements wait, and every acknowledged message arrives, none dropped")
    void slowSubscriberOnAnotherNodeHoldsPublishersBack() throws Exception {
        int port = freePorts(1)[0];
        MqttBroker narrow = startNode(port, (config) -> config.maxQueuedMessages(100));
        try {
            awaitJoined();
            Set<String> received = ConcurrentHashMap.newKeySet();
            org.eclipse.paho.client.mqttv3.MqttClient subscriber = new org.eclipse.paho.client.mqttv3.MqttClient(
                    "tcp://127.0.0.1:" + narrow.port(), ClientIds.unique("slow"), new MemoryPersistence());
            AtomicInteger count = new AtomicInteger();
            subscriber.setCallback(new MqttCallback() {

                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
                    if (count.incrementAndGet() % 20 == 0) {
                        // a few thousand messages per second: slower than the publishers
                        Thread.sleep(1);
                    }
                    received.add(new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }

            });
            subscriber.connect();
            this.clients.add(() -> subscriber.disconnectForcibly(1000));
            subscriber.subscribe("narrow/#", 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> forwards(node(0), "narrow/probe"));
            int publishers = 3;
            int perPublisher = 1000;
            List<CompletableFuture<?>> acknowledged = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                Mqtt3AsyncClient publisher = MqttClient.builder().useMqttVersion3()
                        .identifier(ClientIds.unique("open-loop")).serverHost("127.0.0.1").serverPort(node(0).port())
                        .buildAsync();
                publisher.connect().get(10, TimeUnit.SECONDS);
                this.clients.add(() -> publisher.disconnect().get(5, TimeUnit.SECONDS));
                for (int i = 0; i < perPublisher; i++) {
                    acknowledged.add(publisher.publishWith().topic("narrow/" + p).qos(MqttQos.AT_LEAST_ONCE)
                            .payload((p + ":" + i).getBytes(StandardCharsets.UTF_8)).send());
                }
            }
            CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).until(() -> received.stream()
                    .filter((payload) -> !payload.equals("probe")).count() == publishers * perPublisher);
            assertThat(narrow.statistics().messagesDropped()).as("messages dropped").isZero();
        }
        finally {
            narrow.stop();
        }
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.3-9] [MQTT-3.1.2-8]: a will whose delay runs (its client gone, its session kept) "
            + "when its node fails is published once by a surviving node, since the session ended with the node")
    void delayedWillOfAFailedNodeIsPublished() throws IOException {
        int port = freePorts(1)[0];
        MqttBroker failing = startNode(port);
        try {
            awaitJoined();
            Paho3Client watcher = register(Paho3Client.connected(node(1).port(), ClientIds.unique("delay-watcher")));
            watcher.subscribe("delayed-wills/#", 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> forwards(failing, "delayed-wills/probe"));
            String clientId = ClientIds.unique("delayed");
            Mqtt5Properties will = Mqtt5Properties.builder().integer(Mqtt5Properties.WILL_DELAY_INTERVAL, 300)
                    .build();
            RawClient client = Mqtt5Packets.connected(failing.port(), Mqtt5Packets.connect(clientId, true, 60,
                    Mqtt5Properties.builder().integer(Mqtt5Properties.SESSION_EXPIRY_INTERVAL, 600).build(),
                    new Mqtt5Packets.Will("delayed-wills/" + clientId, "gone with its node", 1, false, will)));
            // the connection drops without DISCONNECT: the will's 300 s delay starts on the failing node
            client.close();
            receivesOnlyProbesFor(watcher, Duration.ofMillis(500));
            crash(port);
            assertThat(nextNotProbe(watcher)).isEqualTo("gone with its node");
            watcher.receivesNothingFor(Duration.ofMillis(300));
        }
        finally {
            failing.stop();
        }
    }

    /**
     * Kill a node's Hazelcast member without a word, as in a crash.
     */
    private static void crash(int clusterPort) {
        Hazelcast.getAllHazelcastInstances().stream()
                .filter((member) -> member.getCluster().getLocalMember().getAddress().getPort() == clusterPort)
                .forEach((member) -> member.getLifecycleService().terminate());
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-4] [MQTT-3.1.2-5] [MQTT-3.2.2-2] [MQTT-4.4.0-1]: a persistent session follows "
            + "its client to the node it reconnects to: session present, subscriptions kept, the messages queued "
            + "meanwhile on the old node delivered once and in order on the new one")
    void persistentSessionMovesWithItsClient() {
        String clientId = ClientIds.unique("roamer");
        Paho3Client first = register(Paho3Client.create(node(1).port(), clientId));
        assertThat(first.connect(false)).isFalse();
        first.subscribe("roaming/one/#", 1);
        first.subscribe("roaming/two/#", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> forwards(node(0), "roaming/one/probe")
                && forwards(node(0), "roaming/two/probe"));
        first.disconnect();
        Paho3Client publisher = register(Paho3Client.connected(node(0).port(), ClientIds.unique("roam-pub")));
        // each acknowledgement comes once node 1 queued the message for the offline session
        for (int i = 0; i < 5; i++) {
            publisher.publish("roaming/one/" + i, "one-" + i, 1);
            publisher.publish("roaming/two/" + i, "two-" + i, 2);
        }
        Paho3Client moved = register(Paho3Client.create(node(2).port(), clientId));
        // [MQTT-3.2.2-2] the session is there, though it was on another node
        assertThat(moved.connect(false)).isTrue();
        List<String> queued = new ArrayList<>();
        while (queued.size() < 10) {
            queued.add(nextNotProbe(moved));
        }
        // [MQTT-4.6.0-6] in order per QoS: Paho hands QoS 2 messages over at PUBREL, so the two streams interleave
        assertThat(queued).filteredOn((payload) -> payload.startsWith("one")).containsExactly("one-0", "one-1",
                "one-2", "one-3", "one-4");
        assertThat(queued).filteredOn((payload) -> payload.startsWith("two")).containsExactly("two-0", "two-1",
                "two-2", "two-3", "two-4");
        assertThat(node(1).sessions()).noneMatch((session) -> session.clientId().equals(clientId));
        // the subscriptions came along: once node 0 sees them on node 2, what is published there arrives once
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            node(0).publish(ApplicationMessage.builder("roaming/two/probe").payload("probe").build());
            return !moved.messages().isEmpty();
        });
        publisher.publish("roaming/two/after", "after", 2);
        assertThat(nextNotProbe(moved)).isEqualTo("after");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> {
            while (!moved.messages().isEmpty()) {
                assertThat(moved.next().payload()).isEqualTo("probe");
            }
            return true;
        });
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-4] [MQTT-3.2.2-2]: a session that moves to a node with a durable store is "
            + "recorded there: it survives that node's restart, with what was queued for it meanwhile")
    void sessionMovedToADurableNodeSurvivesItsRestart(@TempDir Path dataDir) throws IOException {
        int port = freePorts(1)[0];
        MqttBroker first = startNode(port, dataDir);
        MqttBroker durable = first;
        try {
            String clientId = ClientIds.unique("settler");
            Paho3Client before = register(Paho3Client.create(node(1).port(), clientId));
            before.connect(false);
            before.subscribe("settling/#", 1);
            before.disconnect();
            await().atMost(Duration.ofSeconds(60)).until(() -> first.clusterStatus().orElseThrow().members().size()
                    == this.nodes.size() + 1);
            Paho3Client moved = register(Paho3Client.create(durable.port(), clientId));
            assertThat(moved.connect(false)).isTrue();
            moved.disconnect();
            Paho3Client publisher = register(Paho3Client.connected(node(0).port(), ClientIds.unique("settle-pub")));
            // node 0 knows the subscription moved once the durable node receives what node 0 publishes
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                node(0).publish(ApplicationMessage.builder("settling/probe").payload("probe").build());
                return first.clusterStatus().orElseThrow().received() > 0;
            });
            publisher.publish("settling/kept", "kept", 1);
            first.stop();
            durable = startNode(port, dataDir);
            Paho3Client back = register(Paho3Client.create(durable.port(), clientId));
            assertThat(back.connect(false)).isTrue();
            assertThat(nextNotProbe(back)).isEqualTo("kept");
        }
        finally {
            durable.stop();
        }
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.4-3] [MQTT-3.2.2-2]: a client connected on one node that connects on another with "
            + "Clean Start 0 takes its connection over (0x8E) and keeps its session, subscriptions included")
    void connectedSessionMovesWithTakeover() {
        String clientId = ClientIds.unique("jumper");
        HiveMqClient first = register(HiveMqClient.create(node(0).port(), clientId));
        first.client().connectWith().cleanStart(false).sessionExpiryInterval(300).send();
        first.subscribe("jumping/#", MqttQos.AT_LEAST_ONCE);
        await().atMost(Duration.ofSeconds(10)).until(() -> forwards(node(1), "jumping/probe"));
        HiveMqClient second = register(HiveMqClient.create(node(2).port(), clientId));
        assertThat(second.client().connectWith().cleanStart(false).sessionExpiryInterval(300).send()
                .isSessionPresent()).isTrue();
        Throwable cause = first.disconnects().next();
        assertThat(cause).isInstanceOfSatisfying(Mqtt5DisconnectException.class, (disconnect) -> assertThat(
                disconnect.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER));
        assertThat(node(2).sessions()).anySatisfy((session) -> {
            assertThat(session.clientId()).isEqualTo(clientId);
            assertThat(session.subscriptions()).containsKey("jumping/#");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            node(1).publish(ApplicationMessage.builder("jumping/probe").payload("probe").build());
            return !second.messages().isEmpty();
        });
        Paho3Client publisher = register(Paho3Client.connected(node(1).port(), ClientIds.unique("jump-pub")));
        publisher.publish("jumping/now", "landed", 1);
        String payload = second.nextPayload();
        while (payload.equals("probe")) {
            payload = second.nextPayload();
        }
        assertThat(payload).isEqualTo("landed");
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
