package io.mqttspring.broker.v5;

import java.time.Duration;
import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Will;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.Sessions;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.mqttspring.broker.support.Mqtt5Properties.SESSION_EXPIRY_INTERVAL;
import static io.mqttspring.broker.support.Mqtt5Properties.SUBSCRIPTION_IDENTIFIER;
import static io.mqttspring.broker.support.Mqtt5Properties.WILL_DELAY_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/**
 * MQTT 5 will messages: when they are published (keep-alive timeout, network loss, protocol error, takeover,
 * DISCONNECT 0x04) and when not (DISCONNECT 0x00), the Will Delay Interval, and the will's properties.
 */
class Mqtt5WillTests {

    @RegisterExtension
    final BrokerExtension broker = BrokerExtension.onManualClock();

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private HiveMqClient willSubscriber() {
        return this.clients.subscriber("will-sub", "will/#", MqttQos.AT_LEAST_ONCE);
    }

    private RawClient rawWithWill(String topic, String payload, long sessionExpiry, Long willDelay) {
        return rawWithWill(ClientIds.unique("willing"), topic, payload, sessionExpiry, willDelay);
    }

    private RawClient rawWithWill(String clientId, String topic, String payload, long sessionExpiry, Long willDelay) {
        Mqtt5Properties.Builder willProperties = Mqtt5Properties.builder();
        if (willDelay != null) {
            willProperties.integer(WILL_DELAY_INTERVAL, willDelay);
        }
        return rawWithWill(clientId, true, 60, sessionExpiry, new Will(topic, payload, 1, false,
                willProperties.build()));
    }

    private RawClient rawWithWill(String clientId, boolean cleanStart, int keepAlive, long sessionExpiry, Will will) {
        Mqtt5Properties properties = Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, sessionExpiry).build();
        return this.clients.raw(Mqtt5Packets.connect(clientId, cleanStart, keepAlive, properties, will));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-7] [MQTT-3.1.2-8] [MQTT-3.1.2-14] [MQTT-3.1.2-22] [MQTT-3.2.2-22] a silent client "
            + "gets DISCONNECT 0x8D after 1.5 x its own keep alive (no Server Keep Alive) and its will is published, "
            + "not retained")
    void keepAliveTimeoutPublishesWill() {
        HiveMqClient subscriber = willSubscriber();
        RawClient client = rawWithWill(ClientIds.unique("silent"), true, 1, 0,
                new Will("will/keepalive", "timed out", 1, false, Mqtt5Properties.NONE));
        // one and a half keep-alive periods, then the next keep-alive sweep
        this.broker.clock().advance(Duration.ofMillis(1750));
        List<RawClient.Packet> packets = client.awaitClose(Duration.ofSeconds(5));
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x8D);
        Mqtt5Publish will = subscriber.messages().next();
        assertThat(new String(will.getPayloadAsBytes())).isEqualTo("timed out");
        assertThat(will.getTopic().toString()).isEqualTo("will/keepalive");
        assertThat(will.isRetain()).isFalse();
        assertThat(this.broker.broker().statistics().retainedMessages()).isZero();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] a connection lost without DISCONNECT publishes the will")
    void networkLossPublishesWill() {
        HiveMqClient subscriber = willSubscriber();
        RawClient client = rawWithWill("will/lost", "connection lost", 0, null);
        client.close();
        assertThat(subscriber.nextPayload()).isEqualTo("connection lost");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-10] [MQTT-3.14.4-3] DISCONNECT 0x00 discards the will")
    void normalDisconnectDiscardsWill() {
        HiveMqClient subscriber = willSubscriber();
        HiveMqClient client = this.clients.hivemq("polite");
        client.client().connectWith().willPublish().topic("will/polite").payload(MqttBytes.utf8("unexpected"))
                .qos(MqttQos.AT_LEAST_ONCE).applyWillPublish().send();
        client.client().disconnect();
        subscriber.messages().staysEmptyFor(Duration.ofMillis(700));
        this.clients.hivemqConnected("control").publish("will/control", "subscriber alive", MqttQos.AT_LEAST_ONCE);
        assertThat(subscriber.nextPayload()).isEqualTo("subscriber alive");
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.14.2.1: DISCONNECT 0x04 (Disconnect with Will Message) publishes the will")
    void disconnectWithWillMessagePublishesWill() {
        HiveMqClient subscriber = willSubscriber();
        HiveMqClient client = this.clients.hivemq("with-will");
        client.client().connectWith().willPublish().topic("will/requested").payload(MqttBytes.utf8("as asked"))
                .qos(MqttQos.AT_LEAST_ONCE).applyWillPublish().send();
        client.client().disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        assertThat(subscriber.nextPayload()).isEqualTo("as asked");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] [MQTT-3.1.2-10] a client DISCONNECT with an error reason code (0x80) does not delete "
            + "the will: only 0x00 does")
    void disconnectWithErrorReasonPublishesWill() {
        HiveMqClient subscriber = willSubscriber();
        RawClient client = rawWithWill("will/error", "client failed", 0, null);
        client.send(Mqtt5Packets.disconnect(0x80, Mqtt5Properties.NONE));
        assertThat(client.awaitClose()).isEmpty();
        assertThat(subscriber.nextPayload()).isEqualTo("client failed");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] [MQTT-4.13.1-1] a connection closed by the broker for a protocol error publishes "
            + "the will")
    void protocolErrorPublishesWill() {
        HiveMqClient subscriber = willSubscriber();
        RawClient client = rawWithWill("will/protocol", "broke the rules", 0, null);
        client.send(Mqtt5Packets.publish("will/x", 0, false, 0,
                Mqtt5Properties.builder().integer(SUBSCRIPTION_IDENTIFIER, 1).build(), "not allowed"));
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x82);
        assertThat(subscriber.nextPayload()).isEqualTo("broke the rules");
    }

    @Test
    @DisplayName("[MQTT-3.1.4-3] [MQTT-3.1.2-8] a session takeover publishes the old connection's will (delay 0)")
    void takeoverPublishesOldWill() {
        HiveMqClient subscriber = willSubscriber();
        String clientId = ClientIds.unique("taken");
        RawClient old = rawWithWill(clientId, true, 60, 0, new Will("will/takeover", "replaced", 1, false,
                Mqtt5Properties.NONE));
        this.clients.hivemqWithId(clientId).client().connect();
        assertThat(Mqtt5Packets.disconnect(old.awaitClose().get(0)).reasonCode()).isEqualTo(0x8E);
        assertThat(subscriber.nextPayload()).isEqualTo("replaced");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] the Will Delay Interval delays the will")
    void willDelayIntervalDelaysWill() {
        HiveMqClient subscriber = willSubscriber();
        String clientId = ClientIds.unique("delayed");
        RawClient client = rawWithWill(clientId, "will/delayed", "late", 30, 1L);
        client.close();
        Sessions.awaitOffline(this.broker.broker(), clientId);
        this.broker.clock().advance(Duration.ofMillis(999));
        subscriber.messages().staysEmptyFor(Duration.ofMillis(200));
        this.broker.clock().advance(Duration.ofMillis(1));
        assertThat(subscriber.nextPayload()).isEqualTo("late");
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] [MQTT-3.1.2-8] reconnecting within the Will Delay Interval cancels the will")
    void reconnectWithinWillDelayCancelsWill() {
        HiveMqClient subscriber = willSubscriber();
        String clientId = ClientIds.unique("comeback");
        Will will = new Will("will/cancelled", "never sent", 1, false,
                Mqtt5Properties.builder().integer(WILL_DELAY_INTERVAL, 1).build());
        RawClient first = rawWithWill(clientId, true, 60, 30, will);
        first.close();
        Sessions.awaitOffline(this.broker.broker(), clientId);
        RawClient second = this.clients.raw(Mqtt5Packets.connect(clientId, false, 60,
                Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 30).build()));
        // past the one-second delay
        this.broker.clock().advance(Duration.ofMillis(1500));
        subscriber.messages().staysEmptyFor(Duration.ofMillis(300));
        second.send(Mqtt5Packets.disconnect(0x00, Mqtt5Properties.NONE));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] the will is published when the session ends, even before the Will Delay Interval")
    void sessionEndPublishesDelayedWill() {
        HiveMqClient subscriber = willSubscriber();
        RawClient client = rawWithWill("will/session-end", "session over", 0, 30L);
        client.close();
        assertThat(subscriber.nextPayload()).isEqualTo("session over");
    }

    @Test
    @DisplayName("[MQTT-3.1.3-10] [MQTT-3.3.2-4] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-20] the will's "
            + "properties reach a Paho v5 subscriber, User Properties in order")
    void willPropertiesAreForwarded() {
        Paho5Client paho = this.clients.paho5Connected("will-paho");
        paho.subscribe("will/props", 1);
        byte[] correlation = { 1, 2, 3 };
        HiveMqClient client = this.clients.hivemq("will-props");
        client.client().connectWith().willPublish().topic("will/props").payload(MqttBytes.utf8("with properties"))
                .qos(MqttQos.AT_LEAST_ONCE).contentType("application/json")
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).responseTopic("will/reply")
                .correlationData(correlation).messageExpiryInterval(120)
                .userProperties().add("b", "1").add("a", "2").add("b", "3").applyUserProperties()
                .applyWillPublish().send();
        client.client().disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();

        Paho5Client.Received will = paho.messages().next();
        MqttProperties properties = will.properties();
        assertThat(will.payload()).isEqualTo("with properties");
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(properties.getPayloadFormat()).isTrue();
        assertThat(properties.getResponseTopic()).isEqualTo("will/reply");
        assertThat(properties.getCorrelationData()).containsExactly(correlation);
        assertThat(properties.getMessageExpiryInterval()).isBetween(1L, 120L);
        assertThat(properties.getUserProperties()).extracting(UserProperty::getKey, UserProperty::getValue)
                .containsExactly(tuple("b", "1"), tuple("a", "2"), tuple("b", "3"));
    }

    @Test
    @DisplayName("[MQTT-4.7.2-1] section 4.7.2: a will on a $-topic is not published, as a PUBLISH to it would be "
            + "refused, and is counted as refused")
    void willOnDollarTopicIsNotPublished() {
        HiveMqClient subscriber = this.clients.subscriber("sys-will-sub", "$SYS/#", MqttQos.AT_LEAST_ONCE);
        RawClient client = rawWithWill("$SYS/broker/clients/connected", "forged", 0, null);
        client.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.broker.broker().statistics().messagesRefused() == 1);
        subscriber.messages().staysEmptyFor(Duration.ofMillis(300));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-15] a will with Will Retain is published as a retained message")
    void retainedWillIsStored() {
        RawClient client = rawWithWill(ClientIds.unique("retained-will"), true, 60, 0,
                new Will("will/retained", "last words", 1, true, Mqtt5Properties.NONE));
        client.close();
        HiveMqClient later = this.clients.hivemqConnected("retained-will-sub");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> this.broker.broker().statistics().retainedMessages() == 1);
        later.subscribe("will/retained", MqttQos.AT_LEAST_ONCE);
        Mqtt5Publish will = later.messages().next();
        assertThat(new String(will.getPayloadAsBytes())).isEqualTo("last words");
        assertThat(will.isRetain()).isTrue();
    }

}
