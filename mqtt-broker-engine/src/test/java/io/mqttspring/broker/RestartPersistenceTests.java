package io.mqttspring.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.persistence.SessionSnapshot;
import io.mqttspring.broker.persistence.SessionStore;
import io.mqttspring.broker.persistence.memory.InMemoryRetainedMessageStore;
import io.mqttspring.broker.persistence.memory.InMemorySessionStore;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho3Client.Received;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.client.IMqttToken;
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

    private MqttBroker current;

    private final TestClients clients = new TestClients(() -> this.current.port());

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

    private static ApplicationMessage message(String topic, String payload, QoS qos, boolean retain) {
        return ApplicationMessage.builder(topic).payload(payload).qos(qos).retain(retain).build();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-4] [MQTT-3.1.2-5] [MQTT-3.2.2-2] [MQTT-4.6.0-6]: a clean-session-0 client "
            + "finds its session, subscriptions and queued messages on a restarted broker")
    void mqtt311SessionSurvivesRestart() throws Exception {
        String clientId = ClientIds.unique("survivor");
        MqttBroker first = startBroker();
        Paho3Client client = this.clients.register(Paho3Client.create(first.port(), clientId));
        client.connect(false);
        client.client().subscribe(new String[] { "persist/#", "other/+" }, new int[] { 1, 2 });
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
        Paho3Client resumed = this.clients.register(Paho3Client.create(second.port(), clientId));
        assertThat(resumed.connect(false)).as("session present").isTrue();
        List<Received> queued = resumed.next(3);
        // persist/c was published at QoS 2 but matches persist/# granted at QoS 1
        assertThat(queued).containsExactlyInAnyOrder(new Received("persist/a", "m1", 1, false, false),
                new Received("other/b", "m2", 2, false, false), new Received("persist/c", "m3", 1, false, false));
        // [MQTT-4.6.0-6] messages of one QoS keep their order (Paho hands QoS 2 over only after PUBREL)
        assertThat(queued).filteredOn((r) -> r.qos() == 1).extracting(Received::payload).containsExactly("m1", "m3");

        // the subscriptions are still in place: no SUBSCRIBE needed
        second.publish(message("persist/after", "m4", QoS.AT_LEAST_ONCE, false));
        assertThat(resumed.next()).isEqualTo(new Received("persist/after", "m4", 1, false, false));
        // the QoS 0 message was not queued
        resumed.receivesNothingFor(Duration.ofMillis(300));
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
        Paho3Client client = this.clients.paho3("flushed");
        client.connect(false);
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
        Paho3Client subscriber = this.clients.paho3Connected("after-restart").subscribe("state/+", 1);
        assertThat(subscriber.next(2)).containsExactlyInAnyOrder(new Received("state/lamp", "on", 1, true, false),
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
        Paho5Client client = this.clients.register(Paho5Client.create(first.port(), clientId));
        client.connect(options);
        client.subscribe("v5/#", 1);
        Paho5Client.await(client.client().disconnect());
        await().atMost(Duration.ofSeconds(5)).until(() -> first.statistics().connections() == 0);
        first.publish(message("v5/a", "queued", QoS.AT_LEAST_ONCE, false));
        first.stop();

        MqttBroker second = startBroker();
        Paho5Client resumed = this.clients.register(Paho5Client.create(second.port(), clientId));
        IMqttToken token = resumed.connect(options);
        assertThat(token.getSessionPresent()).as("session present").isTrue();
        Paho5Client.Received queued = resumed.messages().next();
        assertThat(queued.topic() + "=" + queued.payload()).isEqualTo("v5/a=queued");
        Paho5Client.await(resumed.client().disconnect());
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-6]: a clean session is not kept across a restart")
    void cleanSessionIsNotKept() throws Exception {
        MqttBroker first = startBroker();
        this.clients.paho3Connected("ephemeral").subscribe("gone/#", 1);
        first.stop();
        assertThat(this.sessionStore.loadAll()).isEmpty();
        MqttBroker second = startBroker();
        assertThat(second.sessions()).isEmpty();
        assertThat(second.statistics().subscriptions()).isZero();
    }

}
