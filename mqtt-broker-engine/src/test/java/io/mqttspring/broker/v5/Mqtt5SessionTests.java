package io.mqttspring.broker.v5;

import java.time.Duration;
import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.metrics.DropReason;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Connack;
import io.mqttspring.broker.support.Mqtt5Packets.Disconnect;
import io.mqttspring.broker.support.Mqtt5Packets.Publish;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.Sessions;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.mqttspring.broker.support.Mqtt5Properties.SESSION_EXPIRY_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT 5 sessions: takeover, Clean Start, Session Expiry Interval (at CONNECT and DISCONNECT), and what a session
 * keeps while its client is away.
 */
class Mqtt5SessionTests {

    @RegisterExtension
    final BrokerExtension broker = BrokerExtension.onManualClock();

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private static byte[] persistentConnect(String clientId, boolean cleanStart, long expiry) {
        return Mqtt5Packets.connect(clientId, cleanStart, 60,
                Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, expiry).build());
    }

    private boolean sessionExists(String clientId) {
        return this.broker.broker().sessions().stream().map(MqttBroker.SessionInfo::clientId)
                .anyMatch(clientId::equals);
    }

    @Test
    @DisplayName("[MQTT-3.1.4-3] [MQTT-3.14.2-2] [MQTT-3.14.4-2] a second connection with the same client identifier "
            + "sends the first DISCONNECT 0x8E, without Session Expiry Interval, and closes it")
    void takeoverDisconnectsOldConnectionWithSessionTakenOver() {
        String clientId = ClientIds.unique("takeover");
        RawClient old = this.clients.raw(Mqtt5Packets.connect(clientId));
        HiveMqClient newer = this.clients.hivemqWithId(clientId);
        newer.client().connect();
        List<RawClient.Packet> packets = old.awaitClose();
        assertThat(packets).hasSize(1);
        Disconnect disconnect = Mqtt5Packets.disconnect(packets.get(0));
        assertThat(disconnect.reasonCode()).isEqualTo(0x8E);
        assertThat(disconnect.properties().has(SESSION_EXPIRY_INTERVAL)).isFalse();
        assertThat(newer.client().getState().isConnected()).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.2.2-3] [MQTT-3.1.2-6] a Clean Start 0 connection taking over one whose Session Expiry "
            + "Interval is 0 gets Session Present 0 and none of its subscriptions: that session ended with it")
    void takeoverOfSessionWithoutExpiryStartsNewSession() {
        String clientId = ClientIds.unique("short-taken");
        RawClient old = this.clients.raw(Mqtt5Packets.connect(clientId));
        old.send(Mqtt5Packets.subscribe(1, "short-taken/t", 1));
        old.readType(Packet.SUBACK);
        RawClient newer = this.clients.raw();
        newer.send(persistentConnect(clientId, false, 60));
        assertThat(Mqtt5Packets.connack(newer.read()).sessionPresent()).isFalse();
        assertThat(Mqtt5Packets.disconnect(old.awaitClose().get(0)).reasonCode()).isEqualTo(0x8E);
        this.clients.hivemqConnected("short-taken-pub").publish("short-taken/t", "for the old session only",
                MqttQos.AT_LEAST_ONCE);
        assertThat(newer.staysSilent(Duration.ofMillis(300))).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.1.4-3] HiveMQ sees DISCONNECT 0x8E when Paho v5 takes its session over")
    void hivemqSeesSessionTakenOver() {
        String clientId = ClientIds.unique("takeover-hive");
        HiveMqClient old = this.clients.hivemqWithId(clientId);
        old.client().connect();
        Paho5Client newer = this.clients.paho5WithId(clientId);
        newer.connect(new MqttConnectionOptions());
        Throwable cause = old.disconnects().next();
        assertThat(cause).isInstanceOfSatisfying(Mqtt5DisconnectException.class, (ex) -> assertThat(
                ex.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER));
        assertThat(newer.client().isConnected()).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-4] [MQTT-3.1.4-4] [MQTT-3.2.2-2] Clean Start 1 discards the stored session: Session "
            + "Present 0 and old subscriptions gone")
    void cleanStartDiscardsStoredSession() {
        String clientId = ClientIds.unique("clean");
        HiveMqClient first = this.clients.hivemqWithId(clientId);
        first.client().connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        first.subscribe("clean/topic", MqttQos.AT_LEAST_ONCE);
        first.client().disconnect();

        HiveMqClient second = this.clients.hivemqWithId(clientId);
        Mqtt5ConnAck connack = second.client().connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        assertThat(connack.isSessionPresent()).isFalse();
        this.clients.hivemqConnected("clean-pub").publish("clean/topic", "after clean start", MqttQos.AT_LEAST_ONCE);
        second.messages().staysEmptyFor(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-5] [MQTT-3.1.2-23] [MQTT-3.1.3-2] [MQTT-3.2.2-3] Clean Start 0 resumes the stored "
            + "session: Session Present 1 and subscriptions still in place")
    void cleanStartZeroResumesStoredSession() {
        String clientId = ClientIds.unique("resume");
        HiveMqClient first = this.clients.hivemqWithId(clientId);
        assertThat(first.client().connectWith().cleanStart(false).sessionExpiryInterval(60).send()
                .isSessionPresent()).as("no session yet").isFalse();
        first.subscribe("resume/topic", MqttQos.AT_LEAST_ONCE);
        first.client().disconnect();

        HiveMqClient second = this.clients.hivemqWithId(clientId);
        Mqtt5ConnAck connack = second.client().connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        assertThat(connack.isSessionPresent()).isTrue();
        this.clients.hivemqConnected("resume-pub").publish("resume/topic", "still subscribed", MqttQos.AT_LEAST_ONCE);
        assertThat(second.nextPayload()).isEqualTo("still subscribed");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-6] [MQTT-3.2.2-3] Clean Start 0 without a stored session creates one: Session Present 0")
    void cleanStartZeroWithoutSessionCreatesOne() {
        RawClient client = this.clients.raw();
        String clientId = ClientIds.unique("fresh");
        client.send(persistentConnect(clientId, false, 60));
        Connack connack = Mqtt5Packets.connack(client.read());
        assertThat(connack.reasonCode()).isZero();
        assertThat(connack.sessionPresent()).isFalse();
        assertThat(sessionExists(clientId)).isTrue();
    }

    @Test
    @DisplayName("[MQTT-4.1.0-2] MQTT 5.0 section 3.1.2.11.2: without Session Expiry Interval the session ends when "
            + "the connection closes")
    void sessionWithoutExpiryEndsAtDisconnect() {
        String clientId = ClientIds.unique("noexpiry");
        HiveMqClient first = this.clients.hivemqWithId(clientId);
        first.client().connectWith().cleanStart(false).send();
        first.subscribe("noexpiry/topic", MqttQos.AT_LEAST_ONCE);
        first.client().disconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> !sessionExists(clientId));

        HiveMqClient publisher = this.clients.hivemqConnected("noexpiry-pub");
        publisher.publish("noexpiry/topic", "nobody keeps this", MqttQos.AT_LEAST_ONCE);
        HiveMqClient second = this.clients.hivemqWithId(clientId);
        assertThat(second.client().connectWith().cleanStart(false).send().isSessionPresent()).isFalse();
        second.messages().staysEmptyFor(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] [MQTT-4.5.0-1] [MQTT-4.6.0-5] a session with expiry > 0 keeps its subscriptions and "
            + "queues QoS 1 and 2 messages in order while offline; QoS 0 is not queued")
    void persistentSessionQueuesMessagesWhileOffline() {
        String clientId = ClientIds.unique("offline");
        HiveMqClient subscriber = this.clients.hivemqWithId(clientId);
        subscriber.client().connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        subscriber.subscribe("offline/#", MqttQos.EXACTLY_ONCE);
        subscriber.client().disconnect();
        // the client returns once DISCONNECT is sent; the broker may read it after the first publications
        await().atMost(Duration.ofSeconds(5)).until(() -> this.broker.broker().sessions().stream()
            .noneMatch((session) -> session.clientId().equals(clientId) && session.connected()));

        long offlineDropsBefore = this.broker.broker().statistics().messagesDropped(DropReason.OFFLINE);
        HiveMqClient publisher = this.clients.hivemqConnected("offline-pub");
        publisher.publish("offline/a", "one", MqttQos.AT_LEAST_ONCE);
        publisher.publish("offline/b", "qos0", MqttQos.AT_MOST_ONCE);
        publisher.publish("offline/a", "two", MqttQos.EXACTLY_ONCE);
        publisher.publish("offline/a", "three", MqttQos.AT_LEAST_ONCE);
        await().atMost(Duration.ofSeconds(5)).until(() -> this.broker.broker().statistics()
                .messagesDropped(DropReason.OFFLINE) > offlineDropsBefore);

        HiveMqClient resumed = this.clients.hivemqWithId(clientId);
        assertThat(resumed.client().connectWith().cleanStart(false).sessionExpiryInterval(60).send()
                .isSessionPresent()).isTrue();
        List<Mqtt5Publish> received = resumed.messages().next(3);
        assertThat(received).extracting((publish) -> new String(publish.getPayloadAsBytes()))
                .containsExactly("one", "two", "three");
        assertThat(received).extracting(Mqtt5Publish::getQos).containsExactly(MqttQos.AT_LEAST_ONCE,
                MqttQos.EXACTLY_ONCE, MqttQos.AT_LEAST_ONCE);
        resumed.messages().staysEmptyFor(Duration.ofMillis(300));
    }

    @Test
    @DisplayName("[MQTT-4.1.0-2] a session whose Session Expiry Interval passed is discarded: Session Present 0")
    void sessionIsDiscardedAfterExpiry() {
        String clientId = ClientIds.unique("expires");
        RawClient first = this.clients.raw(persistentConnect(clientId, true, 1));
        first.send(Mqtt5Packets.disconnect(0x00, Mqtt5Properties.NONE));
        assertThat(first.awaitClose()).isEmpty();
        assertThat(sessionExists(clientId)).as("kept right after the disconnect").isTrue();
        Sessions.awaitOffline(this.broker.broker(), clientId);
        this.broker.clock().advance(Duration.ofMillis(999));
        assertThat(sessionExists(clientId)).as("kept within its expiry interval").isTrue();
        this.broker.clock().advance(Duration.ofMillis(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> !sessionExists(clientId));

        RawClient second = this.clients.raw();
        second.send(persistentConnect(clientId, false, 60));
        assertThat(Mqtt5Packets.connack(second.read()).sessionPresent()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.14.2.2.2: DISCONNECT with Session Expiry Interval 0 ends a session that was "
            + "to be kept")
    void disconnectCanShortenExpiryToZero() {
        String clientId = ClientIds.unique("shorten");
        HiveMqClient first = this.clients.hivemqWithId(clientId);
        first.client().connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        first.subscribe("shorten/topic", MqttQos.AT_LEAST_ONCE);
        first.client().disconnectWith().sessionExpiryInterval(0).send();
        await().atMost(Duration.ofSeconds(5)).until(() -> !sessionExists(clientId));

        HiveMqClient second = this.clients.hivemqWithId(clientId);
        assertThat(second.client().connectWith().cleanStart(false).sessionExpiryInterval(60).send()
                .isSessionPresent()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.14.2.2.2: DISCONNECT may lengthen a non-zero Session Expiry Interval")
    void disconnectCanLengthenExpiry() {
        String clientId = ClientIds.unique("lengthen");
        RawClient client = this.clients.raw(persistentConnect(clientId, true, 1));
        client.send(Mqtt5Packets.disconnect(0x00,
                Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 60).build()));
        assertThat(client.awaitClose()).isEmpty();
        Sessions.awaitOffline(this.broker.broker(), clientId);
        this.broker.clock().advance(Duration.ofMillis(1500));
        assertThat(sessionExists(clientId)).isTrue();

        RawClient again = this.clients.raw();
        again.send(persistentConnect(clientId, false, 60));
        assertThat(Mqtt5Packets.connack(again.read()).sessionPresent()).isTrue();
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.14.2.2.2 [MQTT-3.14.2-2]: DISCONNECT setting a Session Expiry Interval when "
            + "CONNECT had 0 is a protocol error: DISCONNECT 0x82 and the session is not kept")
    void disconnectCannotExtendExpiryFromZero() {
        String clientId = ClientIds.unique("extend");
        RawClient client = this.clients.raw(Mqtt5Packets.connect(clientId));
        client.send(Mqtt5Packets.disconnect(0x00,
                Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 30).build()));
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        Disconnect disconnect = Mqtt5Packets.disconnect(packets.get(0));
        assertThat(disconnect.reasonCode()).isEqualTo(0x82);
        assertThat(disconnect.properties().has(SESSION_EXPIRY_INTERVAL)).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> !sessionExists(clientId));
    }

    @Test
    @DisplayName("[MQTT-4.4.0-1] [MQTT-3.3.1-1] [MQTT-4.3.2-2] [MQTT-4.3.2-3] an unacknowledged QoS 1 message is "
            + "resent with DUP 1 and the same packet identifier when the session resumes")
    void unacknowledgedQos1IsResentWithDuplicateFlag() {
        String clientId = ClientIds.unique("resend1");
        RawClient first = this.clients.raw(persistentConnect(clientId, true, 60));
        first.send(Mqtt5Packets.subscribe(1, "resend1/t", 1));
        first.readType(Packet.SUBACK);
        this.clients.hivemqConnected("resend1-pub").publish("resend1/t", "unacked", MqttQos.AT_LEAST_ONCE);
        Publish original = Mqtt5Packets.publish(first.read());
        assertThat(original.duplicate()).isFalse();
        assertThat(original.qos()).isEqualTo(1);
        assertThat(original.packetId()).isNotZero();
        first.close();

        RawClient second = this.clients.raw();
        second.send(persistentConnect(clientId, false, 60));
        assertThat(Mqtt5Packets.connack(second.read()).sessionPresent()).isTrue();
        Publish resent = Mqtt5Packets.publish(second.read());
        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.packetId()).isEqualTo(original.packetId());
        assertThat(resent.payloadText()).isEqualTo("unacked");
        second.send(MqttBytes.puback(resent.packetId()));
        assertThat(second.staysSilent(Duration.ofMillis(300))).isTrue();
    }

    @Test
    @DisplayName("[MQTT-4.4.0-2] a QoS 1 message answered with PUBACK 0x80 counts as acknowledged: it is not resent "
            + "when the session resumes")
    void failedPubackCountsAsAcknowledged() {
        String clientId = ClientIds.unique("nack");
        RawClient first = this.clients.raw(persistentConnect(clientId, true, 60));
        first.send(Mqtt5Packets.subscribe(1, "nack/t", 1));
        first.readType(Packet.SUBACK);
        this.clients.hivemqConnected("nack-pub").publish("nack/t", "refused by the client", MqttQos.AT_LEAST_ONCE);
        Publish publish = Mqtt5Packets.publish(first.read());
        first.send(MqttBytes.packet(0x40)                           // PUBACK
                .u16(publish.packetId())                            // packet identifier
                .u8(0x80)                                           // reason code: unspecified error
                .varint(0)                                          // no properties
                .build());
        first.send(Mqtt5Packets.disconnect(0x00, Mqtt5Properties.NONE));
        assertThat(first.awaitClose()).isEmpty();

        RawClient second = this.clients.raw();
        second.send(persistentConnect(clientId, false, 60));
        assertThat(Mqtt5Packets.connack(second.read()).sessionPresent()).isTrue();
        assertThat(second.staysSilent(Duration.ofMillis(500))).as("nothing resent").isTrue();
    }

    @Test
    @DisplayName("[MQTT-4.1.0-1] a session is kept while its connection is open, even past its Session Expiry "
            + "Interval")
    void sessionLivesWhileConnected() {
        String clientId = ClientIds.unique("alive");
        HiveMqClient client = this.clients.hivemqWithId(clientId);
        client.client().connectWith().sessionExpiryInterval(1).send();
        client.subscribe("alive/t", MqttQos.AT_LEAST_ONCE);
        this.broker.clock().advance(Duration.ofMillis(1500));
        assertThat(sessionExists(clientId)).isTrue();
        this.clients.hivemqConnected("alive-pub").publish("alive/t", "still subscribed", MqttQos.AT_LEAST_ONCE);
        assertThat(client.nextPayload()).isEqualTo("still subscribed");
    }

    @Test
    @DisplayName("[MQTT-4.4.0-1] [MQTT-4.3.3-2] [MQTT-4.3.3-4] [MQTT-4.3.3-5] [MQTT-4.3.3-6] [MQTT-3.6.2-1] after "
            + "PUBREC, a resumed session resends PUBREL (reason 0x00) with the same packet identifier, never the "
            + "PUBLISH")
    void releasedQos2IsResentAsPubrel() {
        String clientId = ClientIds.unique("resend2");
        RawClient first = this.clients.raw(persistentConnect(clientId, true, 60));
        first.send(Mqtt5Packets.subscribe(1, "resend2/t", 2));
        first.readType(Packet.SUBACK);
        this.clients.hivemqConnected("resend2-pub").publish("resend2/t", "exactly once", MqttQos.EXACTLY_ONCE);
        Publish publish = Mqtt5Packets.publish(first.read());
        assertThat(publish.qos()).isEqualTo(2);
        assertThat(publish.duplicate()).isFalse();
        first.send(MqttBytes.pubrec(publish.packetId()));
        assertThat(Mqtt5Packets.ack(first.readType(Packet.PUBREL)).packetId()).isEqualTo(publish.packetId());
        first.close();

        RawClient second = this.clients.raw();
        second.send(persistentConnect(clientId, false, 60));
        assertThat(Mqtt5Packets.connack(second.read()).sessionPresent()).isTrue();
        RawClient.Packet resent = second.read();
        assertThat(resent.type()).isEqualTo(Packet.PUBREL);
        assertThat(resent.flags()).isEqualTo(0x02);
        assertThat(Mqtt5Packets.ack(resent).packetId()).isEqualTo(publish.packetId());
        assertThat(Mqtt5Packets.ack(resent).reasonCode()).isZero();
        second.send(MqttBytes.pubcomp(publish.packetId()));
        assertThat(second.staysSilent(Duration.ofMillis(300))).isTrue();
    }

}
