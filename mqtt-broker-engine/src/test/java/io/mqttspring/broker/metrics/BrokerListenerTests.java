package io.mqttspring.broker.metrics;

import java.time.Duration;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link BrokerListener} events caused by real client traffic.
 */
class BrokerListenerTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RecordingListener listener = new RecordingListener();

    private final BrokerListener failing = new BrokerListener() {

        @Override
        public void clientConnected(ClientInfo client, boolean sessionPresent) {
            throw new IllegalStateException("listener failure for the test");
        }

        @Override
        public void messagePublished(ClientInfo publisher, ApplicationMessage message) {
            throw new IllegalStateException("listener failure for the test");
        }

    };

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.maxQueuedMessages(2),
            (builder) -> builder.listener(this.failing).listener(this.listener));

    private void awaitEvent(String event) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(this.listener.events).contains(event));
    }

    @Test
    @DisplayName("connect, subscribe, publish, deliver, unsubscribe and disconnect each raise their event")
    void lifecycleEvents() throws Exception {
        String subscriberId = ClientIds.unique("listened5");
        Paho5Client subscriber = Paho5Client.create(this.broker.port(), subscriberId);
        String publisherId = ClientIds.unique("listened3");
        Paho3Client publisher = null;
        try {
            subscriber.connect(new MqttConnectionOptions());
            awaitEvent("connected:" + subscriberId + ":MQTT_5:false");
            ClientInfo info = this.listener.connectedClients.get(0);
            assertThat(info.protocolVersion()).isEqualTo(ProtocolVersion.MQTT_5);
            assertThat(info.remoteAddress()).isNotNull();
            subscriber.subscribe("ev/#", 1);
            awaitEvent("subscribed:" + subscriberId + ":ev/#:1");
            publisher = Paho3Client.connected(this.broker.port(), publisherId);
            publisher.publish("ev/a", "x", 2);
            awaitEvent("delivered:" + subscriberId + ":ev/a:1");
            assertThat(this.listener.events).contains("connected:" + publisherId + ":MQTT_3_1_1:false",
                    "published:" + publisherId + ":ev/a:2");
            Paho5Client.await(subscriber.client().unsubscribe("ev/#"));
            awaitEvent("unsubscribed:" + subscriberId + ":ev/#");
            Paho5Client.await(subscriber.client().disconnect());
            // MQTT 5.0 section 3.14.2.1: reason code 0x00 in DISCONNECT is "Normal disconnection"
            awaitEvent("disconnected:" + subscriberId + ":NORMAL_DISCONNECTION");
        }
        finally {
            subscriber.close();
            if (publisher != null) {
                publisher.disconnect();
                publisher.close();
            }
        }
    }

    @Test
    @DisplayName("a connection lost without DISCONNECT is reported without reason code")
    void lostConnection() {
        String clientId = ClientIds.unique("lost");
        try (RawClient raw = RawClient.connect(this.broker.port())) {
            raw.send(MqttBytes.connect(4, clientId, true, 60));
            assertThat(raw.read().connackCode()).isZero();
        }
        awaitEvent("disconnected:" + clientId + ":null");
    }

    @Test
    @DisplayName("a refused CONNECT raises neither connected nor disconnected")
    void refusedConnect() {
        try (RawClient raw = RawClient.connect(this.broker.port())) {
            raw.send(MqttBytes.connect(4, "$inproc/refused", true, 60));
            assertThat(raw.read().connackCode()).isEqualTo(0x02);
            raw.awaitClose();
        }
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> this.listener.eventsFor("connected:").isEmpty()
                        && this.listener.eventsFor("disconnected:").isEmpty());
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.4-3]: a takeover reports the old connection disconnected with 0x8E")
    void takeover() throws Exception {
        String clientId = ClientIds.unique("taken");
        try (RawClient first = RawClient.connect(this.broker.port());
                RawClient second = RawClient.connect(this.broker.port())) {
            first.send(MqttBytes.connect(5, clientId, true, 60));
            assertThat(first.read().connackCode()).isZero();
            second.send(MqttBytes.connect(5, clientId, true, 60));
            assertThat(second.read().connackCode()).isZero();
            assertThat(first.awaitClose()).extracting(RawClient.Packet::disconnectReason).containsExactly(0x8E);
        }
        awaitEvent("disconnected:" + clientId + ":" + ReasonCode.SESSION_TAKEN_OVER.name());
        assertThat(this.listener.eventsFor("connected:" + clientId)).hasSize(2);
    }

    @Test
    @DisplayName("drops for an offline persistent session are reported: QoS 0 as OFFLINE, beyond the queue as "
            + "QUEUE_FULL")
    void droppedMessages() throws Exception {
        String clientId = ClientIds.unique("away");
        Paho3Client client = Paho3Client.create(this.broker.port(), clientId);
        client.connect(false);
        client.subscribe("drop/#", 1);
        client.disconnect();
        client.close();
        awaitEvent("disconnected:" + clientId + ":NORMAL_DISCONNECTION");
        this.broker.broker().publish(ApplicationMessage.builder("drop/q0").payload("x").build());
        for (int i = 0; i < 3; i++) {
            this.broker.broker().publish(ApplicationMessage.builder("drop/q1").payload("x" + i)
                    .qos(QoS.AT_LEAST_ONCE).build());
        }
        await().atMost(WAIT).until(() -> this.listener.eventsFor("dropped:").size() == 2);
        assertThat(this.listener.eventsFor("dropped:")).containsExactlyInAnyOrder(
                "dropped:" + clientId + ":drop/q0:OFFLINE", "dropped:" + clientId + ":drop/q1:QUEUE_FULL");
        assertThat(this.listener.events).contains("published:null:drop/q0:0");
    }

    @Test
    @DisplayName("a listener that throws disturbs neither the broker nor the other listeners")
    void failingListenerIsIsolated() throws Exception {
        String clientId = ClientIds.unique("robust");
        Paho3Client client = Paho3Client.connected(this.broker.port(), clientId);
        try {
            client.subscribe("robust", 1);
            client.publish("robust", "x", 1);
            awaitEvent("delivered:" + clientId + ":robust:1");
            assertThat(this.listener.events).contains("connected:" + clientId + ":MQTT_3_1_1:false",
                    "published:" + clientId + ":robust:1");
        }
        finally {
            client.disconnect();
            client.close();
        }
    }

}
