package io.mqttspring.broker.v5;

import java.time.Duration;
import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Disconnect;
import io.mqttspring.broker.support.Mqtt5Packets.Publish;
import io.mqttspring.broker.support.Mqtt5Packets.Will;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.Sessions;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.mqttspring.broker.support.Mqtt5Properties.REASON_STRING;
import static io.mqttspring.broker.support.Mqtt5Properties.SESSION_EXPIRY_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code MqttBroker.disconnect(clientId)}: an operator closes a client's connection. MQTT 5 clients get DISCONNECT
 * 0x98 (Administrative action, MQTT 5.0 section 3.14.2.1), MQTT 3.1.1 clients a plain close; the will is published
 * as for any close the client did not ask for, and a persistent session stays.
 */
class Mqtt5AdministrativeDisconnectTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private HiveMqClient willSubscriber() {
        return this.clients.subscriber("admin-will-sub", "admin/will/#", MqttQos.AT_LEAST_ONCE);
    }

    @Test
    @DisplayName("[MQTT-3.14.2-2] [MQTT-3.14.4-1] [MQTT-3.14.4-2] [MQTT-3.1.2-8] MQTT 5.0 section 3.14.2.1: a raw "
            + "MQTT 5 client gets DISCONNECT 0x98 with a Reason String and no Session Expiry Interval, nothing after "
            + "it, the connection is closed and its will published")
    void rawClientGetsAdministrativeAction() {
        HiveMqClient subscriber = willSubscriber();
        String clientId = ClientIds.unique("admin-raw");
        RawClient client = this.clients.raw(Mqtt5Packets.connect(clientId, true, 60, Mqtt5Properties.NONE,
                new Will("admin/will/raw", "raw gone")));

        assertThat(this.broker.broker().disconnect(clientId)).isTrue();
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        Disconnect disconnect = Mqtt5Packets.disconnect(packets.get(0));
        assertThat(disconnect.reasonCode()).isEqualTo(0x98);
        assertThat(disconnect.properties().string(REASON_STRING)).isNotBlank();
        assertThat(disconnect.properties().has(SESSION_EXPIRY_INTERVAL)).isFalse();
        assertThat(subscriber.nextPayload()).isEqualTo("raw gone");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] MQTT 5.0 section 3.14.2.1: HiveMQ sees DISCONNECT 0x98 and its will is published")
    void hivemqSeesAdministrativeAction() {
        HiveMqClient subscriber = willSubscriber();
        HiveMqClient client = this.clients.hivemq("admin-hive");
        client.client().connectWith().willPublish().topic("admin/will/hive").payload(MqttBytes.utf8("hive gone"))
                .qos(MqttQos.AT_LEAST_ONCE).applyWillPublish().send();

        assertThat(this.broker.broker().disconnect(client.clientId())).isTrue();
        assertThat(client.disconnects().next()).isInstanceOfSatisfying(Mqtt5DisconnectException.class,
                (ex) -> assertThat(ex.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5DisconnectReasonCode.ADMINISTRATIVE_ACTION));
        assertThat(subscriber.nextPayload()).isEqualTo("hive gone");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] MQTT 5.0 section 3.14.2.1: Paho v5 sees DISCONNECT 0x98 and its will is published")
    void pahoSeesAdministrativeAction() {
        HiveMqClient subscriber = willSubscriber();
        Paho5Client client = this.clients.paho5("admin-paho");
        MqttConnectionOptions options = new MqttConnectionOptions();
        MqttMessage will = new MqttMessage(MqttBytes.utf8("paho gone"));
        will.setQos(1);
        options.setWill("admin/will/paho", will);
        client.connect(options);

        assertThat(this.broker.broker().disconnect(client.client().getClientId())).isTrue();
        MqttDisconnectResponse response = client.disconnects().next();
        assertThat(response.getReturnCode()).isEqualTo(0x98);
        assertThat(subscriber.nextPayload()).isEqualTo("paho gone");
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.client().isConnected());
    }

    @Test
    @DisplayName("MQTT 3.1.1 sections 3.1.2.5 and 3.14: an MQTT 3.1.1 client is closed without any packet (3.1.1 "
            + "has no server DISCONNECT) and its will is published to MQTT 5 subscribers")
    void mqtt311ClientIsJustClosed() {
        HiveMqClient subscriber = willSubscriber();
        String clientId = ClientIds.unique("admin311");
        RawClient client = this.clients.raw();
        client.send(MqttBytes.packet(0x10)                    // CONNECT
                .string("MQTT").u8(4)                         // protocol name, level 4 (3.1.1)
                .u8(0x02 | 0x04 | 0x08)                       // flags: Clean Session, Will Flag, Will QoS 1
                .u16(60)                                      // keep alive
                .string(clientId)                             // client identifier
                .string("admin/will/311")                     // will topic
                .string("3.1.1 gone")                         // will message
                .build());
        assertThat(client.read().connackCode()).isZero();

        assertThat(this.broker.broker().disconnect(clientId)).isTrue();
        assertThat(client.awaitClose()).as("packets before the close").isEmpty();
        assertThat(subscriber.nextPayload()).isEqualTo("3.1.1 gone");
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.14.2.1: an unknown client identifier, or a session whose client is offline, "
            + "gives false and disturbs nobody")
    void unknownOrOfflineClientGivesFalse() {
        HiveMqClient bystander = this.clients.hivemqConnected("admin-bystander");
        assertThat(this.broker.broker().disconnect(ClientIds.unique("nobody"))).isFalse();

        String offlineId = ClientIds.unique("admin-offline");
        RawClient offline = this.clients.raw(Mqtt5Packets.connect(offlineId, true, 60,
                Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 60).build()));
        offline.send(Mqtt5Packets.disconnect(0x00, Mqtt5Properties.NONE));
        assertThat(offline.awaitClose()).isEmpty();
        Sessions.awaitOffline(this.broker.broker(), offlineId);
        assertThat(this.broker.broker().disconnect(offlineId)).isFalse();
        assertThat(bystander.client().getState().isConnected()).isTrue();
        assertThat(bystander.disconnects().isEmpty()).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] [MQTT-3.1.2-5] a persistent session outlives the administrative disconnection: "
            + "it collects messages and the client resumes it with Session Present 1")
    void persistentSessionSurvives() {
        String clientId = ClientIds.unique("admin-persist");
        Mqtt5Properties persistent = Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 60).build();
        RawClient first = this.clients.raw(Mqtt5Packets.connect(clientId, true, 60, persistent));
        first.send(Mqtt5Packets.subscribe(1, "admin/inbox", 1));
        first.readType(Packet.SUBACK);
        assertThat(this.broker.broker().disconnect(clientId)).isTrue();
        assertThat(first.awaitClose()).hasSize(1);

        this.clients.hivemqConnected("admin-pub").publish("admin/inbox", "while away", MqttQos.AT_LEAST_ONCE);
        RawClient second = this.clients.raw();
        second.send(Mqtt5Packets.connect(clientId, false, 60, persistent));
        assertThat(Mqtt5Packets.connack(second.read()).sessionPresent()).isTrue();
        Publish queued = Mqtt5Packets.publish(second.read());
        assertThat(queued.payloadText()).isEqualTo("while away");
        second.send(MqttBytes.puback(queued.packetId()));
    }

}
