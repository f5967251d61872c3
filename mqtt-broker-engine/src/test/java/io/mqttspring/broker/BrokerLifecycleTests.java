package io.mqttspring.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.MqttBrokerException;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho3Client.Received;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Start, graceful stop and restart of one broker.
 */
class BrokerLifecycleTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<String> published = new CopyOnWriteArrayList<>();

    private final MqttBroker broker = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> {
    })).listener(new BrokerListener() {

        @Override
        public void messagePublished(ClientInfo publisher, ApplicationMessage message) {
            BrokerLifecycleTests.this.published.add(message.topic());
        }

    }).build();

    private final TestClients clients = new TestClients(this.broker::port);

    @AfterEach
    void stop() {
        this.clients.close();
        this.broker.stop();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-4.13.2-1]: stop() sends DISCONNECT 0x8B to MQTT 5 clients and closes MQTT 3.1.1 "
            + "connections silently")
    void stopDisconnectsClients() {
        this.broker.start();
        try (RawClient v5 = RawClient.connect(this.broker.port());
                RawClient v311 = RawClient.connect(this.broker.port())) {
            v5.send(MqttBytes.connect(5, ClientIds.unique("raw5"), true, 60));
            assertThat(v5.read().connackCode()).isZero();
            v311.send(MqttBytes.connect(4, ClientIds.unique("raw311"), true, 60));
            assertThat(v311.read().connackCode()).isZero();
            this.broker.stop();
            List<RawClient.Packet> toV5 = v5.awaitClose();
            assertThat(toV5).hasSize(1);
            assertThat(toV5.get(0).type()).isEqualTo(RawClient.Packet.DISCONNECT);
            assertThat(toV5.get(0).disconnectReason()).isEqualTo(0x8B);
            assertThat(v311.awaitClose()).isEmpty();
        }
        assertThat(this.broker.isRunning()).isFalse();
        assertThat(this.broker.isAcceptingConnections()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5 section 3.14.2.1: Paho v5 learns 0x8B (Server shutting down), Paho v3 loses its connection")
    void pahoClientsSeeTheStop() throws Exception {
        this.broker.start();
        Paho5Client v5 = this.clients.paho5("paho5");
        v5.connect(new MqttConnectionOptions());
        Paho3Client v3 = this.clients.paho3Connected("paho3");
        this.broker.stop();
        assertThat(v5.disconnects().next().getReturnCode()).isEqualTo(0x8B);
        v3.awaitConnectionLost();
        await().atMost(WAIT).until(() -> !v5.client().isConnected() && !v3.isConnected());
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-8]: connections closed by a stopping broker publish their wills")
    void willsPublishedOnShutdown() throws Exception {
        this.broker.start();
        this.clients.paho3("testator").connect(true,
                (options) -> options.setWill("wills/v3", "gone".getBytes(StandardCharsets.UTF_8), 1, true));
        MqttConnectionOptions options5 = new MqttConnectionOptions();
        org.eclipse.paho.mqttv5.common.MqttMessage will = new org.eclipse.paho.mqttv5.common.MqttMessage(
                "gone".getBytes(StandardCharsets.UTF_8));
        will.setRetained(true);
        options5.setWill("wills/v5", will);
        this.clients.paho5("testator5").connect(options5);
        this.broker.stop();
        assertThat(this.published).contains("wills/v3", "wills/v5");
    }

    @Test
    @DisplayName("the port is free right after stop(): another broker binds it at once")
    void portIsReleased() {
        this.broker.start();
        int port = this.broker.port();
        try (RawClient client = RawClient.connect(port)) {
            client.send(MqttBytes.connect(5, ClientIds.unique("holder"), true, 60));
            assertThat(client.read().connackCode()).isZero();
            this.broker.stop();
            client.awaitClose();
        }
        try (MqttBroker next = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> config.port(port)))
                .build()) {
            next.start();
            assertThat(next.port()).isEqualTo(port);
            try (RawClient client = RawClient.connect(port)) {
                client.send(MqttBytes.connect(4, ClientIds.unique("next"), true, 60));
                assertThat(client.read().connackCode()).isZero();
            }
        }
    }

    @Test
    @DisplayName("a stopped broker starts again and serves clients")
    void startAfterStop() throws Exception {
        this.broker.start();
        this.broker.publish(ApplicationMessage.builder("kept").payload("retained").retain(true).build());
        this.broker.stop();
        assertThat(this.broker.isRunning()).isFalse();
        assertThatIllegalStateException().isThrownBy(this.broker::port);
        assertThat(this.broker.sessions()).isEmpty();
        this.broker.start();
        assertThat(this.broker.isRunning()).isTrue();
        assertThat(this.broker.isAcceptingConnections()).isTrue();
        Paho3Client subscriber = this.clients.paho3Connected("again").subscribe("#", 1);
        assertThat(subscriber.next()).as("retained message kept by the broker's own store")
                .isEqualTo(new Received("kept", "retained", 0, true, false));
        Paho3Client publisher = this.clients.paho3Connected("again-pub");
        publisher.publish("live", "x", 1);
        assertThat(subscriber.next()).isEqualTo(new Received("live", "x", 1, false, false));
    }

    @Test
    @DisplayName("start() and stop() may be called twice; close() stops")
    void idempotentLifecycle() {
        this.broker.start();
        int port = this.broker.port();
        this.broker.start();
        assertThat(this.broker.port()).isEqualTo(port);
        this.broker.close();
        this.broker.stop();
        assertThat(this.broker.isRunning()).isFalse();
    }

    @Test
    @DisplayName("starting on a port in use fails with an MqttBrokerException and leaves the broker stopped")
    void portInUse() {
        this.broker.start();
        MqttBroker second = MqttBroker.builder()
                .config(BrokerExtension.testConfig((config) -> config.port(this.broker.port()))).build();
        assertThatExceptionOfType(MqttBrokerException.class).isThrownBy(second::start)
                .withMessageContaining(String.valueOf(this.broker.port()));
        assertThat(second.isRunning()).isFalse();
        second.stop();
    }

}
