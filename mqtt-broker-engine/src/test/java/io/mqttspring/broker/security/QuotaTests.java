package io.mqttspring.broker.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.metrics.LimitReason;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.ManualClock;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The caps of {@link io.mqttspring.broker.config.Quotas}, each driven by real clients or raw sockets over loopback
 * (127.0.0.2 standing for a second machine).
 */
class QuotaTests {

    private MqttBroker broker;

    private final List<RawClient> sockets = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        this.sockets.forEach(RawClient::close);
        if (this.broker != null) {
            this.broker.stop();
        }
    }

    private MqttBroker start(java.util.function.Consumer<BrokerConfig.Builder> config, ManualClock clock) {
        MqttBroker.Builder builder = MqttBroker.builder().config(BrokerExtension.testConfig(config));
        if (clock != null) {
            builder.clock(clock);
        }
        this.broker = builder.build();
        this.broker.start();
        return this.broker;
    }

    private RawClient open(String from) {
        RawClient client = RawClient.connectFrom(from, this.broker.port());
        this.sockets.add(client);
        return client;
    }

    private static boolean connects(RawClient client, String clientId) {
        client.send(MqttBytes.connect(4, clientId, true, 0));
        RawClient.Packet answer = client.readOrNull(Duration.ofSeconds(5));
        return answer != null && answer.type() == RawClient.Packet.CONNACK && answer.connackCode() == 0;
    }

    @Test
    @DisplayName("Connections beyond the broker's maximum and beyond the per-address maximum are closed as they "
            + "arrive, counted by cap; another address still connects, and a freed place is taken again")
    void connectionCaps() {
        start((config) -> config.maxConnections(3).maxConnectionsPerAddress(2), null);
        RawClient first = open("127.0.0.1");
        assertThat(connects(first, "a1")).isTrue();
        assertThat(connects(open("127.0.0.1"), "a2")).isTrue();
        assertThat(connects(open("127.0.0.1"), "a3")).as("third from 127.0.0.1").isFalse();
        assertThat(connects(open("127.0.0.2"), "b1")).as("first from 127.0.0.2").isTrue();
        assertThat(connects(open("127.0.0.3"), "c1")).as("fourth in all").isFalse();
        assertThat(this.broker.statistics().limitsHit(LimitReason.CONNECTIONS_PER_ADDRESS)).isEqualTo(1);
        assertThat(this.broker.statistics().limitsHit(LimitReason.CONNECTIONS)).isEqualTo(1);
        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.broker.statistics().connections() == 2);
        assertThat(connects(open("127.0.0.1"), "a4")).as("after one closed").isTrue();
    }

    @Test
    @DisplayName("New connections beyond the connect rate of an address are closed; the next second takes more")
    void connectRate() {
        ManualClock clock = new ManualClock();
        start((config) -> config.connectRatePerAddress(3), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(connects(open("127.0.0.1"), "r" + i)).isTrue();
        }
        assertThat(connects(open("127.0.0.1"), "r3")).isFalse();
        assertThat(connects(open("127.0.0.2"), "other")).as("another address").isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(connects(open("127.0.0.1"), "r4")).isTrue();
        assertThat(this.broker.statistics().limitsHit(LimitReason.CONNECT_RATE)).isEqualTo(1);
    }

    @Test
    @DisplayName("Subscriptions beyond the cap get SUBACK 0x97 (0x80 for MQTT 3.1.1); replacing one does not count")
    void subscriptionCap() throws Exception {
        start((config) -> config.maxSubscriptionsPerClient(2), null);
        try (HiveMqClient client = HiveMqClient.connected(this.broker.port(), "subscriber")) {
            client.subscribe("a/#", MqttQos.AT_LEAST_ONCE);
            client.subscribe("b/#", MqttQos.AT_LEAST_ONCE);
            client.subscribe("a/#", MqttQos.AT_MOST_ONCE);
            assertThatThrownBy(() -> client.subscribe("c/#", MqttQos.AT_LEAST_ONCE))
                .isInstanceOfSatisfying(Mqtt5SubAckException.class, (ex) -> assertThat(ex.getMqttMessage()
                    .getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.QUOTA_EXCEEDED));
        }
        try (Paho3Client client = Paho3Client.connected(this.broker.port(), ClientIds.unique("paho"))) {
            client.subscribe("x", 1).subscribe("y", 1);
            assertThat(client.client().subscribeWithResponse("z", 1).getGrantedQos()).containsExactly(0x80);
        }
        assertThat(this.broker.statistics().limitsHit(LimitReason.SUBSCRIPTIONS)).isEqualTo(2);
    }

    @Test
    @DisplayName("Retained caps: a retained message too large or beyond the count gets PUBACK 0x97 and reaches nobody; "
            + "replacing and clearing retained topics always work [MQTT-3.3.1-5] [MQTT-3.3.1-6]")
    void retainedCapsMqtt5() {
        start((config) -> config.maxRetainedMessages(2).maxRetainedMessageSize(10), null);
        try (HiveMqClient publisher = HiveMqClient.connected(this.broker.port(), "retainer");
                HiveMqClient watcher = HiveMqClient.connected(this.broker.port(), "watcher")) {
            watcher.subscribe("r/#", MqttQos.AT_LEAST_ONCE);
            publisher.publishRetained("r/1", "one", MqttQos.AT_LEAST_ONCE);
            publisher.publishRetained("r/2", "two", MqttQos.AT_LEAST_ONCE);
            publisher.publishRetained("r/2", "two again", MqttQos.AT_LEAST_ONCE);
            assertThatThrownBy(() -> publisher.publishRetained("r/3", "three", MqttQos.AT_LEAST_ONCE))
                .isInstanceOfSatisfying(Mqtt5PubAckException.class, (ex) -> assertThat(ex.getMqttMessage()
                    .getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED));
            assertThatThrownBy(() -> publisher.publishRetained("r/1", "more than ten bytes", MqttQos.AT_LEAST_ONCE))
                .isInstanceOf(Mqtt5PubAckException.class);
            publisher.publishRetained("r/1", "", MqttQos.AT_LEAST_ONCE);
            publisher.publishRetained("r/3", "three", MqttQos.AT_LEAST_ONCE);
            assertThat(List.of(watcher.nextPayload(), watcher.nextPayload(), watcher.nextPayload(),
                    watcher.nextPayload(), watcher.nextPayload())).containsExactly("one", "two", "two again", "",
                            "three");
        }
        assertThat(this.broker.statistics().retainedMessages()).isEqualTo(2);
        assertThat(this.broker.statistics().limitsHit(LimitReason.RETAINED_MESSAGES)).isEqualTo(2);
    }

    @Test
    @DisplayName("MQTT 3.1.1 cannot be told: beyond the retained cap its message still reaches subscribers, not "
            + "retained")
    void retainedCapMqtt311() {
        start((config) -> config.maxRetainedMessages(1), null);
        try (Paho3Client publisher = Paho3Client.connected(this.broker.port(), ClientIds.unique("pub"));
                HiveMqClient watcher = HiveMqClient.connected(this.broker.port(), "watcher311")) {
            watcher.subscribe("s/#", MqttQos.AT_LEAST_ONCE);
            publisher.publish("s/1", "kept".getBytes(), 1, true);
            publisher.publish("s/2", "passed on".getBytes(), 1, true);
            assertThat(List.of(watcher.nextPayload(), watcher.nextPayload())).containsExactly("kept", "passed on");
        }
        assertThat(this.broker.statistics().retainedMessages()).isEqualTo(1);
    }

    @Test
    @DisplayName("An offline session queues up to its byte cap; what does not fit is dropped and counted, and the "
            + "client finds the rest when it comes back [MQTT-3.1.2-4]")
    void queuedBytesPerSession() throws Exception {
        start((config) -> config.maxQueuedBytes(4096), null);
        String clientId = ClientIds.unique("offline");
        try (Paho3Client subscriber = Paho3Client.create(this.broker.port(), clientId)) {
            subscriber.connect(false);
            subscriber.subscribe("bulk/#", 1);
            subscriber.client().disconnect();
            // the client returns once DISCONNECT is sent; the broker may read it after the first publications
            await().atMost(Duration.ofSeconds(5)).until(() -> this.broker.sessions().stream()
                .noneMatch((session) -> session.clientId().equals(clientId) && session.connected()));
            try (Paho3Client publisher = Paho3Client.connected(this.broker.port(), ClientIds.unique("bulk"))) {
                for (int i = 0; i < 10; i++) {
                    publisher.publish("bulk/t", new byte[1024], 1, false);
                }
            }
            // the PUBACK leaves from the publisher's event loop; the session counts its drops on its own
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.broker.statistics()
                .messagesDropped(io.mqttspring.broker.metrics.DropReason.QUEUE_FULL)).isEqualTo(6));
            subscriber.connect(false);
            for (int i = 0; i < 4; i++) {
                assertThat(subscriber.messages().next().bytes()).hasSize(1024);
            }
            subscriber.messages().staysEmptyFor(Duration.ofMillis(300));
        }
    }

    @Test
    @DisplayName("A client publishing faster than its rate is read more slowly and loses nothing")
    void publishRate() throws Exception {
        start((config) -> config.publishRatePerClient(200), null);
        List<String> received = new CopyOnWriteArrayList<>();
        try (Paho3Client publisher = Paho3Client.connected(this.broker.port(), ClientIds.unique("fast"));
                HiveMqClient subscriber = HiveMqClient.connected(this.broker.port(), "rate-subscriber")) {
            subscriber.subscribe("rate/#", MqttQos.AT_LEAST_ONCE);
            for (int i = 0; i < 600; i++) {
                publisher.publish("rate/t", ("m" + i).getBytes(), 1, false);
            }
            for (int i = 0; i < 600; i++) {
                received.add(subscriber.nextPayload());
            }
        }
        assertThat(received).hasSize(600).startsWith("m0").endsWith("m599");
        assertThat(this.broker.statistics().limitsHit(LimitReason.PUBLISH_RATE)).isPositive();
    }

    @Test
    @DisplayName("After five failed logins from an address, the next refusal waits (100 ms, doubling); a success "
            + "clears the count")
    void failedLoginsSlowedDown() {
        ManualClock clock = new ManualClock();
        this.broker = MqttBroker.builder()
            .config(BrokerExtension.testConfig((config) -> {
            }))
            .clock(clock)
            .authenticator(new UsernamePasswordAuthenticator(java.util.Map.of("alice", "secret"), true))
            .build();
        this.broker.start();
        for (int i = 0; i < 5; i++) {
            RawClient guess = open("127.0.0.1");
            guess.send(connectWithPassword("guess" + i, "alice", "wrong"));
            assertThat(guess.read().connackCode()).isEqualTo(4);
        }
        RawClient sixth = open("127.0.0.1");
        sixth.send(connectWithPassword("guess5", "alice", "wrong"));
        await().atMost(Duration.ofSeconds(5))
            .until(() -> this.broker.statistics().limitsHit(LimitReason.FAILED_LOGINS) == 1);
        // from another address: answered at once
        RawClient elsewhere = open("127.0.0.2");
        elsewhere.send(connectWithPassword("elsewhere", "alice", "wrong"));
        assertThat(elsewhere.read().connackCode()).isEqualTo(4);
        clock.advance(Duration.ofMillis(100));
        assertThat(sixth.read().connackCode()).isEqualTo(4);
        RawClient right = open("127.0.0.1");
        right.send(connectWithPassword("right", "alice", "secret"));
        assertThat(right.read(Duration.ofSeconds(5)).connackCode()).isZero();
        RawClient again = open("127.0.0.1");
        again.send(connectWithPassword("again", "alice", "wrong"));
        assertThat(again.read().connackCode()).as("count cleared by the success").isEqualTo(4);
        assertThat(this.broker.statistics().limitsHit(LimitReason.FAILED_LOGINS)).isEqualTo(1);
    }

    // CONNECT (MQTT 3.1.1) with user name and password flags
    private static byte[] connectWithPassword(String clientId, String username, String password) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);
        body.write(0xC2);
        body.write(0);
        body.write(0);
        writeString(body, clientId);
        writeString(body, username);
        writeString(body, password);
        byte[] variable = body.toByteArray();
        java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
        packet.write(0x10);
        packet.write(variable.length);
        packet.writeBytes(variable);
        return packet.toByteArray();
    }

    private static void writeString(java.io.ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

}
