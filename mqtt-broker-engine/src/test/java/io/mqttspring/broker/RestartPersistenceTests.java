package io.mqttspring.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.TestClients.Received;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.persistence.SessionSnapshot;
import io.mqttspring.broker.persistence.SessionStore;
import io.mqttspring.broker.persistence.memory.InMemoryRetainedMessageStore;
import io.mqttspring.broker.persistence.memory.InMemorySessionStore;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptionsBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Persistent sessions and retained messages survive a broker restart when the new broker is given the same stores.
 */
class RestartPersistenceTests {

    private final InMemorySessionStore sessionStore = new InMemorySessionStore();

    private final InMemoryRetainedMessageStore retainedStore = new InMemoryRetainedMessageStore();

    private final TestClients clients = new TestClients();

    private MqttBroker current;

    @AfterEach
    void stop() {
        this.clients.close();
        if (this.current != null) {
            this.current.stop();
        }
    }

    private MqttBroker startBroker() {
        MqttBroker broker = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> {
        })).sessionStore(this.sessionStore).retainedMessageStore(this.retainedStore).build();
        broker.start();
        this.current = broker;
        return broker;
    }

    private static String uri(MqttBroker broker) {
        return "tcp://127.0.0.1:" + broker.port();
    }

    private static MqttConnectOptions persistent() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        return options;
    }

    private static ApplicationMessage message(String topic, String payload, QoS qos, boolean retain) {
        return ApplicationMessage.builder(topic).payload(payload).qos(qos).retain(retain).build();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-4] [MQTT-3.1.2-5] [MQTT-3.2.2-2] [MQTT-4.6.0-6]: a clean-session-0 client "
            + "finds its session, subscriptions and queued messages on a restarted broker")
    void mqtt311SessionSurvivesRestart() throws Exception {
        String clientId = ClientIds.unique("survivor");
        MqttBroker first = startBroker();
        MqttClient client = this.clients.pahoV3(uri(first), clientId, persistent());
        client.subscribe(new String[] { "persist/#", "other/+" }, new int[] { 1, 2 });
        client.disconnect();
        client.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.statistics().connections() == 0);

        first.publish(message("persist/a", "m1", QoS.AT_LEAST_ONCE, false));
        first.publish(message("persist/a", "lost", QoS.AT_MOST_ONCE, false));
        first.publish(message("other/b", "m2", QoS.EXACTLY_ONCE, false));
        first.publish(message("persist/c", "m3", QoS.EXACTLY_ONCE, false));
        first.publish(message("state/lamp", "on", QoS.AT_LEAST_ONCE, true));
        first.stop();

        List<SessionSnapshot> stored = List.copyOf(this.sessionStore.loadAll());
        assertThat(stored).singleElement().satisfies((snapshot) -> {
            assertThat(snapshot.clientId()).isEqualTo(clientId);
            assertThat(snapshot.subscriptions()).extracting(SessionSnapshot.StoredSubscription::topicFilter)
                    .containsExactlyInAnyOrder("persist/#", "other/+");
            assertThat(snapshot.pendingMessages()).extracting((p) -> p.message().payloadAsString())
                    .containsExactly("m1", "m2", "m3");
        });

        MqttBroker second = startBroker();
        assertThat(second.sessions()).singleElement().satisfies((session) -> {
            assertThat(session.clientId()).isEqualTo(clientId);
            assertThat(session.connected()).isFalse();
            assertThat(session.subscriptions()).containsOnlyKeys("persist/#", "other/+");
        });
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        MqttClient resumed = new MqttClient(uri(second), clientId,
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        this.clients.register(resumed::close);
        resumed.setCallback(new Collecting(received));
        IMqttToken token = resumed.connectWithResult(persistent());
        assertThat(token.getSessionPresent()).as("session present").isTrue();
        List<Received> queued = poll(received, 3);
        // persist/c was published at QoS 2 but matches persist/# granted at QoS 1
        assertThat(queued).containsExactlyInAnyOrder(new Received("persist/a", "m1", 1, false, false),
                new Received("other/b", "m2", 2, false, false), new Received("persist/c", "m3", 1, false, false));
        // [MQTT-4.6.0-6] messages of one QoS keep their order (Paho hands QoS 2 over only after PUBREL)
        assertThat(queued).filteredOn((r) -> r.qos() == 1).extracting(Received::payload).containsExactly("m1", "m3");

        // the subscriptions are still in place: no SUBSCRIBE needed
        second.publish(message("persist/after", "m4", QoS.AT_LEAST_ONCE, false));
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(new Received("persist/after", "m4", 1, false, false));
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("the QoS 0 message was not queued").isNull();
        resumed.disconnect();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-4]: on stop the store gets the newest snapshot last, then one flush")
    void stopWritesNewestSnapshotThenFlushes() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        SessionStore recording = new SessionStore() {

            @Override
            public void save(SessionSnapshot snapshot) {
                events.add("save " + snapshot.pendingMessages().size());
                RestartPersistenceTests.this.sessionStore.save(snapshot);
            }

            @Override
            public void remove(String clientId) {
                events.add("remove");
            }

            @Override
            public Collection<SessionSnapshot> loadAll() {
                return List.of();
            }

            @Override
            public void flush() {
                events.add("flush");
            }

        };
        MqttBroker broker = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> {
        })).sessionStore(recording).build();
        broker.start();
        this.current = broker;
        MqttClient client = this.clients.pahoV3(uri(broker), ClientIds.unique("flushed"), persistent());
        client.subscribe("flush/#", 1);
        client.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("save 0"));
        broker.publish(message("flush/a", "m1", QoS.AT_LEAST_ONCE, false));
        broker.stop();
        this.current = null;
        assertThat(events).containsExactly("save 0", "save 1", "flush");
        assertThat(this.sessionStore.loadAll()).singleElement()
                .satisfies((snapshot) -> assertThat(snapshot.pendingMessages()).hasSize(1));
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.3.1-6]: retained messages survive a restart and reach new subscribers")
    void retainedMessagesSurviveRestart() throws Exception {
        MqttBroker first = startBroker();
        first.publish(message("state/lamp", "on", QoS.AT_LEAST_ONCE, true));
        first.publish(message("state/door", "open", QoS.AT_MOST_ONCE, true));
        first.publish(message("state/door", "closed", QoS.AT_MOST_ONCE, true));
        first.stop();
        MqttBroker second = startBroker();
        assertThat(second.statistics().retainedMessages()).isEqualTo(2);
        MqttClient subscriber = this.clients.pahoV3(uri(second), "after-restart");
        BlockingQueue<Received> received = TestClients.subscribe(subscriber, "state/+", 1);
        assertThat(poll(received, 2)).containsExactlyInAnyOrder(new Received("state/lamp", "on", 1, true, false),
                new Received("state/door", "closed", 0, true, false));
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.2-5] [MQTT-3.2.2-3] [MQTT-3.1.2-23]: a session with an expiry interval survives a "
            + "restart")
    void mqtt5SessionSurvivesRestart() throws Exception {
        String clientId = ClientIds.unique("survivor5");
        MqttConnectionOptions options = new MqttConnectionOptionsBuilder().cleanStart(false)
                .sessionExpiryInterval(300L).build();
        MqttBroker first = startBroker();
        org.eclipse.paho.mqttv5.client.MqttClient client = this.clients.pahoV5(uri(first), clientId, options);
        client.subscribe("v5/#", 1).waitForCompletion(5000);
        client.disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.statistics().connections() == 0);
        first.publish(message("v5/a", "queued", QoS.AT_LEAST_ONCE, false));
        first.stop();

        MqttBroker second = startBroker();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        org.eclipse.paho.mqttv5.client.MqttClient resumed = new org.eclipse.paho.mqttv5.client.MqttClient(
                uri(second), clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        this.clients.register(resumed::close);
        resumed.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {

            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode,
                    org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {
            }

        });
        org.eclipse.paho.mqttv5.client.IMqttToken token = resumed.connectWithResult(options);
        assertThat(token.getSessionPresent()).as("session present").isTrue();
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("v5/a=queued");
        resumed.disconnect();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-6]: a clean session is not kept across a restart")
    void cleanSessionIsNotKept() throws Exception {
        MqttBroker first = startBroker();
        MqttClient client = this.clients.pahoV3(uri(first), "ephemeral");
        client.subscribe("gone/#", 1);
        first.stop();
        assertThat(this.sessionStore.loadAll()).isEmpty();
        MqttBroker second = startBroker();
        assertThat(second.sessions()).isEmpty();
        assertThat(second.statistics().subscriptions()).isZero();
    }

    private static List<Received> poll(BlockingQueue<Received> queue, int count) throws InterruptedException {
        List<Received> messages = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            Received next = queue.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("message %d of %d; got %s", i + 1, count, messages).isNotNull();
            messages.add(next);
        }
        return messages;
    }

    private record Collecting(BlockingQueue<Received> received) implements MqttCallback {

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            this.received.add(Received.of(topic, message));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

    }

}
