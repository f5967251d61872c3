package io.mqttspring.broker.v311;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.QueueOverflowPolicy;
import io.mqttspring.broker.metrics.DropReason;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Mqtt311Packets;
import io.mqttspring.broker.support.Mqtt311Packets.Publish;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.Sessions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT 3.1.1 sessions: Clean Session, Session Present, session takeover, offline queueing and redelivery on
 * reconnect.
 */
class Mqtt311SessionTests {

    private static final int MAX_QUEUED = 3;

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.maxQueuedMessages(MAX_QUEUED));

    // ---- takeover -----------------------------------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-3.1.4-2] a second connection with the same client id closes the first")
    void sameClientIdTakesOverConnection() {
        String clientId = ClientIds.unique("takeover");
        try (RawClient first = Mqtt311Packets.connected(this.broker.port(), clientId, true, 60);
                Paho3Client second = Paho3Client.create(this.broker.port(), clientId)) {
            second.connect(true);
            assertThat(first.awaitClose()).isEmpty();
            second.subscribe("takeover/topic", 1).publish("takeover/topic", "still here", 1);
            assertThat(second.next().payload()).isEqualTo("still here");
            assertThat(second.isConnected()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.4-2] [MQTT-3.1.4-3] [MQTT-3.2.2-2] takeover with Clean Session 0 resumes the session: session present 1, subscriptions kept")
    void takeoverWithCleanSessionZeroResumesSession() {
        String clientId = ClientIds.unique("resume");
        try (RawClient first = Mqtt311Packets.connected(this.broker.port(), clientId, false, 60);
                Paho3Client second = Paho3Client.create(this.broker.port(), clientId);
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(first, 1, "resume/topic", 1);
            assertThat(second.connect(false)).as("session present").isTrue();
            assertThat(first.awaitClose()).isEmpty();
            Mqtt311Packets.publishAcked(publisher, "resume/topic", 1, 1, "for the new connection");
            assertThat(second.next().payload()).isEqualTo("for the new connection");
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.4-2] [MQTT-3.1.2-6] [MQTT-3.2.2-1] takeover with Clean Session 1 discards the session: session present 0, subscriptions gone")
    void takeoverWithCleanSessionOneDiscardsSession() {
        String clientId = ClientIds.unique("discard");
        try (RawClient first = Mqtt311Packets.connected(this.broker.port(), clientId, false, 60);
                Paho3Client second = Paho3Client.create(this.broker.port(), clientId);
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(first, 1, "discard/topic", 1);
            assertThat(second.connect(true)).as("session present").isFalse();
            assertThat(first.awaitClose()).isEmpty();
            Mqtt311Packets.publishAcked(publisher, "discard/topic", 1, 1, "nobody listens");
            second.receivesNothingFor(Duration.ofMillis(500));
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-6] [MQTT-3.2.2-3] a Clean Session 0 client taking over a Clean Session 1 connection gets "
            + "session present 0 and none of its subscriptions: that session ended with its connection")
    void takeoverOfCleanSessionStartsNewSession() {
        String clientId = ClientIds.unique("clean-taken");
        try (RawClient first = Mqtt311Packets.connected(this.broker.port(), clientId, true, 60);
                Paho3Client second = Paho3Client.create(this.broker.port(), clientId);
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(first, 1, "clean-taken/topic", 1);
            assertThat(second.connect(false)).as("session present").isFalse();
            assertThat(first.awaitClose()).isEmpty();
            Mqtt311Packets.publishAcked(publisher, "clean-taken/topic", 1, 1, "for the old session only");
            second.receivesNothingFor(Duration.ofMillis(500));
        }
    }

    // ---- Clean Session and Session Present ------------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-3.2.2-3] Clean Session 0 without a stored session gets session present 0")
    void cleanSessionZeroWithoutStoredSessionHasNoSessionPresent() {
        try (Paho3Client client = Paho3Client.create(this.broker.port(), ClientIds.unique("fresh"))) {
            assertThat(client.connect(false)).isFalse();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-6] [MQTT-3.2.2-3] [MQTT-4.1.0-2] a Clean Session 1 session lasts as long as its connection, then nothing of it is resumed")
    void cleanSessionStateEndsWithConnection() {
        String clientId = ClientIds.unique("clean");
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            try (Paho3Client client = Paho3Client.create(this.broker.port(), clientId)) {
                client.connect(true);
                client.subscribe("clean/topic", 1);
                Mqtt311Packets.publishAcked(publisher, "clean/topic", 1, 1, "while connected");
                assertThat(client.next().payload()).isEqualTo("while connected");
                assertThat(this.broker.broker().sessions()).extracting(MqttBroker.SessionInfo::clientId)
                        .contains(clientId);
                client.disconnect();
            }
            Sessions.awaitGone(this.broker.broker(), clientId);
            Mqtt311Packets.publishAcked(publisher, "clean/topic", 1, 2, "after the session ended");
            try (Paho3Client client = Paho3Client.create(this.broker.port(), clientId)) {
                assertThat(client.connect(false)).as("session present").isFalse();
                client.receivesNothingFor(Duration.ofMillis(500));
                Mqtt311Packets.publishAcked(publisher, "clean/topic", 1, 3, "no subscription either");
                client.receivesNothingFor(Duration.ofMillis(300));
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-6] Clean Session 1 discards a stored persistent session and its queued messages")
    void cleanSessionDiscardsStoredSession() {
        String clientId = ClientIds.unique("wipe");
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            try (Paho3Client client = Paho3Client.create(this.broker.port(), clientId)) {
                client.connect(false);
                client.subscribe("wipe/topic", 1);
                client.disconnect();
            }
            Sessions.awaitOffline(this.broker.broker(), clientId);
            Mqtt311Packets.publishAcked(publisher, "wipe/topic", 1, 1, "queued, then discarded");
            try (Paho3Client client = Paho3Client.create(this.broker.port(), clientId)) {
                assertThat(client.connect(true)).as("session present").isFalse();
                client.receivesNothingFor(Duration.ofMillis(500));
                client.disconnect();
            }
            Sessions.awaitGone(this.broker.broker(), clientId);
            try (Paho3Client client = Paho3Client.create(this.broker.port(), clientId)) {
                assertThat(client.connect(false)).as("session present after the clean session").isFalse();
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-4] [MQTT-3.1.2-5] [MQTT-3.2.2-2] [MQTT-3.1.3-2] [MQTT-4.1.0-1] a persistent session keeps subscriptions and QoS 1/2 messages while offline")
    void persistentSessionKeepsSubscriptionsAndQueuesMessages() {
        String clientId = ClientIds.unique("persistent");
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            try (Paho3Client client = Paho3Client.create(this.broker.port(), clientId)) {
                client.connect(false);
                client.subscribe("persistent/one", 1).subscribe("persistent/two", 2);
                client.disconnect();
            }
            Sessions.awaitOffline(this.broker.broker(), clientId);
            Mqtt311Packets.publishAcked(publisher, "persistent/one", 1, 1, "qos1");
            Mqtt311Packets.publishAcked(publisher, "persistent/two", 2, 2, "qos2");
            try (Paho3Client client = Paho3Client.create(this.broker.port(), clientId)) {
                assertThat(client.connect(false)).as("session present").isTrue();
                List<Paho3Client.Received> received = client.next(2);
                assertThat(received).extracting(Paho3Client.Received::topic, Paho3Client.Received::payload,
                        Paho3Client.Received::qos)
                        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("persistent/one", "qos1", 1),
                                org.assertj.core.groups.Tuple.tuple("persistent/two", "qos2", 2));
                Mqtt311Packets.publishAcked(publisher, "persistent/one", 1, 1, "live");
                assertThat(client.next().payload()).as("subscription still active").isEqualTo("live");
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-5] (section 3.1.2.4) QoS 0 messages are not queued for an offline client and are counted as dropped")
    void qos0IsNotQueuedWhileOffline() {
        String clientId = ClientIds.unique("offline0");
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            try (Paho3Client client = Paho3Client.create(this.broker.port(), clientId)) {
                client.connect(false);
                client.subscribe("offline/topic", 2);
                client.disconnect();
            }
            Sessions.awaitOffline(this.broker.broker(), clientId);
            Mqtt311Packets.publishAcked(publisher, "offline/topic", 0, 0, "qos0");
            Mqtt311Packets.publishAcked(publisher, "offline/topic", 1, 1, "qos1");
            await().atMost(Duration.ofSeconds(5)).until(
                    () -> this.broker.broker().statistics().messagesDropped(DropReason.OFFLINE) == 1);
            try (Paho3Client client = Paho3Client.create(this.broker.port(), clientId)) {
                assertThat(client.connect(false)).isTrue();
                assertThat(client.next().payload()).isEqualTo("qos1");
                client.receivesNothingFor(Duration.ofMillis(500));
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-5] the offline queue is bounded: DROP_NEWEST keeps the oldest messages and counts the drops")
    void fullQueueDropsNewestMessages() {
        List<String> received = publishFiveWhileOffline(this.broker.broker());
        assertThat(received).containsExactly("m1", "m2", "m3");
        assertThat(this.broker.broker().statistics().messagesDropped(DropReason.QUEUE_FULL)).isEqualTo(2);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-5] the offline queue is bounded: DROP_OLDEST keeps the newest messages and counts the drops")
    void fullQueueDropsOldestMessages() {
        MqttBroker dropOldest = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> config
                .maxQueuedMessages(MAX_QUEUED).queueOverflowPolicy(QueueOverflowPolicy.DROP_OLDEST))).build();
        dropOldest.start();
        try (dropOldest) {
            List<String> received = publishFiveWhileOffline(dropOldest);
            assertThat(received).containsExactly("m3", "m4", "m5");
            assertThat(dropOldest.statistics().messagesDropped(DropReason.QUEUE_FULL)).isEqualTo(2);
        }
    }

    private static List<String> publishFiveWhileOffline(MqttBroker target) {
        String clientId = ClientIds.unique("bounded");
        try (RawClient publisher = Mqtt311Packets.connected(target.port(), ClientIds.unique("pub"))) {
            try (Paho3Client client = Paho3Client.create(target.port(), clientId)) {
                client.connect(false);
                client.subscribe("bounded/topic", 1);
                client.disconnect();
            }
            Sessions.awaitOffline(target, clientId);
            for (int i = 1; i <= 5; i++) {
                Mqtt311Packets.publishAcked(publisher, "bounded/topic", 1, 1, "m" + i);
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> target.statistics().messagesDropped(DropReason.QUEUE_FULL) == 2);
            try (Paho3Client client = Paho3Client.create(target.port(), clientId)) {
                assertThat(client.connect(false)).isTrue();
                List<String> received = client.nextPayloads(MAX_QUEUED);
                client.receivesNothingFor(Duration.ofMillis(500));
                return received;
            }
        }
    }

    // ---- redelivery on reconnect ----------------------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-4.4.0-1] [MQTT-3.3.1-1] [MQTT-2.3.1-4] unacknowledged QoS 1 messages are resent on reconnect with DUP 1, original packet ids, in order")
    void unacknowledgedQos1MessagesAreResentInOrder() {
        String clientId = ClientIds.unique("unacked");
        List<Publish> first = new ArrayList<>();
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), clientId, false, 0)) {
                Mqtt311Packets.subscribe(subscriber, 1, "unacked/topic", 1);
                for (int i = 1; i <= 3; i++) {
                    Mqtt311Packets.publishAcked(publisher, "unacked/topic", 1, 1, "m" + i);
                }
                for (int i = 0; i < 3; i++) {
                    first.add(Mqtt311Packets.readPublish(subscriber));
                }
                // the subscriber goes away without acknowledging anything
            }
            assertThat(first).extracting(Publish::payload).containsExactly("m1", "m2", "m3");
            assertThat(first).noneMatch(Publish::dup);
            assertThat(first).extracting(Publish::packetId).doesNotContain(0).doesNotHaveDuplicates();
            Sessions.awaitOffline(this.broker.broker(), clientId);

            try (RawClient subscriber = RawClient.connect(this.broker.port())) {
                subscriber.send(MqttBytes.connect(4, clientId, false, 0));
                Packet connack = subscriber.read();
                assertThat(connack.connackCode()).isZero();
                assertThat(connack.sessionPresent()).isTrue();
                List<Publish> resent = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    resent.add(Mqtt311Packets.readPublish(subscriber));
                }
                assertThat(resent).extracting(Publish::payload).containsExactly("m1", "m2", "m3");
                assertThat(resent).extracting(Publish::packetId)
                        .containsExactlyElementsOf(first.stream().map(Publish::packetId).toList());
                assertThat(resent).allMatch(Publish::dup).allMatch((publish) -> publish.qos() == 1);
                for (Publish publish : resent) {
                    subscriber.send(MqttBytes.puback(publish.packetId()));
                }
                assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> this.broker.broker().statistics().inflightMessages() == 0);
            }
        }
    }

    @Test
    @DisplayName("[MQTT-4.4.0-1] [MQTT-4.3.3-1] on reconnect a released QoS 2 message gets its PUBREL again, never its PUBLISH; an unreceived one its PUBLISH with DUP 1")
    void unacknowledgedQos2FlowsResumeOnReconnect() {
        String clientId = ClientIds.unique("unacked2");
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Publish released;
            Publish unreceived;
            try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), clientId, false, 0)) {
                Mqtt311Packets.subscribe(subscriber, 1, "unacked2/topic", 2);
                Mqtt311Packets.publishAcked(publisher, "unacked2/topic", 2, 1, "q1");
                Mqtt311Packets.publishAcked(publisher, "unacked2/topic", 2, 2, "q2");
                released = Mqtt311Packets.readPublish(subscriber);
                unreceived = Mqtt311Packets.readPublish(subscriber);
                assertThat(List.of(released.payload(), unreceived.payload())).containsExactly("q1", "q2");
                subscriber.send(MqttBytes.pubrec(released.packetId()));
                Packet pubrel = subscriber.read();
                assertThat(pubrel.type()).isEqualTo(Packet.PUBREL);
                assertThat(pubrel.flags()).isEqualTo(0x02);
                assertThat(pubrel.u16(0)).isEqualTo(released.packetId());
                // gone before PUBCOMP for q1 and before PUBREC for q2
            }
            Sessions.awaitOffline(this.broker.broker(), clientId);

            try (RawClient subscriber = RawClient.connect(this.broker.port())) {
                subscriber.send(MqttBytes.connect(4, clientId, false, 0));
                assertThat(subscriber.read().sessionPresent()).isTrue();
                Packet pubrel = subscriber.read();
                assertThat(pubrel.type()).as("first resend: " + pubrel).isEqualTo(Packet.PUBREL);
                assertThat(pubrel.u16(0)).isEqualTo(released.packetId());
                Publish resent = Mqtt311Packets.readPublish(subscriber);
                assertThat(resent.payload()).isEqualTo("q2");
                assertThat(resent.packetId()).isEqualTo(unreceived.packetId());
                assertThat(resent.dup()).isTrue();
                assertThat(resent.qos()).isEqualTo(2);

                subscriber.send(MqttBytes.pubcomp(released.packetId()), MqttBytes.pubrec(resent.packetId()));
                Packet secondPubrel = subscriber.read();
                assertThat(secondPubrel.type()).isEqualTo(Packet.PUBREL);
                assertThat(secondPubrel.u16(0)).isEqualTo(resent.packetId());
                subscriber.send(MqttBytes.pubcomp(resent.packetId()));
                assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> this.broker.broker().statistics().inflightMessages() == 0);
            }
        }
    }


    @Test
    @DisplayName("[MQTT-3.1.4-2] [MQTT-4.4.0-1] [MQTT-3.3.1-1] on takeover with Clean Session 0 the new connection gets the old one's unacknowledged messages with DUP 1")
    void takeoverResendsUnacknowledgedMessages() {
        String clientId = ClientIds.unique("handover");
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"));
                RawClient first = Mqtt311Packets.connected(this.broker.port(), clientId, false, 0)) {
            Mqtt311Packets.subscribe(first, 1, "handover/topic", 1);
            Mqtt311Packets.publishAcked(publisher, "handover/topic", 1, 1, "m1");
            Mqtt311Packets.publishAcked(publisher, "handover/topic", 1, 2, "m2");
            Publish m1 = Mqtt311Packets.readPublish(first);
            Publish m2 = Mqtt311Packets.readPublish(first);
            try (RawClient second = RawClient.connect(this.broker.port())) {
                // the first connection is still open and has acknowledged nothing
                second.send(MqttBytes.connect(4, clientId, false, 0));
                assertThat(second.read().sessionPresent()).isTrue();
                assertThat(first.awaitClose()).isEmpty();
                Publish resent1 = Mqtt311Packets.readPublish(second);
                Publish resent2 = Mqtt311Packets.readPublish(second);
                assertThat(List.of(resent1, resent2)).extracting(Publish::payload, Publish::packetId,
                        Publish::dup)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("m1", m1.packetId(), true),
                                org.assertj.core.groups.Tuple.tuple("m2", m2.packetId(), true));
                second.send(MqttBytes.puback(resent1.packetId()), MqttBytes.puback(resent2.packetId()));
                Mqtt311Packets.publishAcked(publisher, "handover/topic", 1, 3, "m3");
                Publish m3 = Mqtt311Packets.readPublish(second);
                assertThat(m3.payload()).isEqualTo("m3");
                assertThat(m3.dup()).isFalse();
            }
        }
    }

    @Test
    @DisplayName("[MQTT-4.4.0-1] [MQTT-4.6.0-6] on reconnect resent in-flight messages come first, then queued ones in order, within the in-flight window")
    void resentMessagesPrecedeQueuedOnesOnReconnect() {
        MqttBroker windowOfTwo = MqttBroker.builder()
                .config(BrokerExtension.testConfig((config) -> config.maxInflightMessages(2))).build();
        windowOfTwo.start();
        String clientId = ClientIds.unique("window");
        try (windowOfTwo; RawClient publisher = Mqtt311Packets.connected(windowOfTwo.port(), ClientIds.unique("pub"))) {
            try (RawClient subscriber = Mqtt311Packets.connected(windowOfTwo.port(), clientId, false, 0)) {
                Mqtt311Packets.subscribe(subscriber, 1, "window/topic", 1);
                for (int i = 1; i <= 4; i++) {
                    Mqtt311Packets.publishAcked(publisher, "window/topic", 1, i, "m" + i);
                }
                assertThat(Mqtt311Packets.readPublish(subscriber).payload()).isEqualTo("m1");
                assertThat(Mqtt311Packets.readPublish(subscriber).payload()).isEqualTo("m2");
                // m3 and m4 wait for room in the window; the subscriber leaves without acknowledging
            }
            Sessions.awaitOffline(windowOfTwo, clientId);
            Mqtt311Packets.publishAcked(publisher, "window/topic", 1, 5, "m5");

            try (RawClient subscriber = RawClient.connect(windowOfTwo.port())) {
                subscriber.send(MqttBytes.connect(4, clientId, false, 0));
                assertThat(subscriber.read().sessionPresent()).isTrue();
                List<Publish> received = new ArrayList<>();
                received.add(Mqtt311Packets.readPublish(subscriber));
                received.add(Mqtt311Packets.readPublish(subscriber));
                assertThat(subscriber.staysSilent(Duration.ofMillis(300))).as("window of 2 full").isTrue();
                for (int i = 0; i < 3; i++) {
                    subscriber.send(MqttBytes.puback(received.get(i).packetId()));
                    received.add(Mqtt311Packets.readPublish(subscriber));
                }
                assertThat(received).extracting(Publish::payload).containsExactly("m1", "m2", "m3", "m4", "m5");
                assertThat(received).extracting(Publish::dup).containsExactly(true, true, false, false, false);
            }
        }
    }

    @Test
    @DisplayName("[MQTT-4.3.3-2] [MQTT-3.1.2-4] a QoS 2 PUBLISH resent after reconnecting with Clean Session 0 is not delivered again")
    void inboundQos2StateSurvivesReconnect() {
        String clientId = ClientIds.unique("qos2pub");
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "resume2/topic", 2);
            try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), clientId, false, 0)) {
                publisher.send(Mqtt311Packets.publish("resume2/topic", 2, 10, "exactly once"));
                assertThat(publisher.read().type()).isEqualTo(Packet.PUBREC);
                // connection lost before PUBREL
            }
            Sessions.awaitOffline(this.broker.broker(), clientId);
            try (RawClient publisher = RawClient.connect(this.broker.port())) {
                publisher.send(MqttBytes.connect(4, clientId, false, 0));
                assertThat(publisher.read().sessionPresent()).isTrue();
                publisher.send(Mqtt311Packets.publish("resume2/topic", 2, 10, "exactly once", true, false));
                Packet pubrec = publisher.read();
                assertThat(pubrec.type()).isEqualTo(Packet.PUBREC);
                assertThat(pubrec.u16(0)).isEqualTo(10);
                publisher.send(MqttBytes.pubrel(10));
                Packet pubcomp = publisher.read();
                assertThat(pubcomp.type()).isEqualTo(Packet.PUBCOMP);
                assertThat(pubcomp.u16(0)).isEqualTo(10);
            }
            Publish delivered = Mqtt311Packets.readPublish(subscriber);
            assertThat(delivered.payload()).isEqualTo("exactly once");
            subscriber.send(MqttBytes.pubrec(delivered.packetId()));
            assertThat(subscriber.read().type()).isEqualTo(Packet.PUBREL);
            subscriber.send(MqttBytes.pubcomp(delivered.packetId()));
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).as("delivered once").isTrue();
        }
    }

}
