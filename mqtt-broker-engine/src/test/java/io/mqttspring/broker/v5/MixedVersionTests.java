package io.mqttspring.broker.v5;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho3Client.Received;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.TestClients;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 and MQTT 5 clients on one broker: they exchange messages on the same topics, and 3.1.1 clients never
 * see MQTT 5 properties.
 */
class MixedVersionTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    /**
     * Open a raw MQTT 3.1.1 connection subscribed to a filter.
     * @param filter the topic filter
     * @param qos the QoS
     * @return the client
     */
    private RawClient raw311(String filter, int qos) {
        RawClient client = this.clients.raw();
        client.send(MqttBytes.connect(4, ClientIds.unique("raw311"), true, 60));
        assertThat(client.read().connackCode()).isZero();
        client.send(MqttBytes.subscribe(4, 1, filter, qos));
        RawClient.Packet suback = client.read();
        assertThat(suback.type()).isEqualTo(Packet.SUBACK);
        // MQTT 3.1.1 SUBACK: packet identifier, then one return code, no properties
        assertThat(suback.body()).containsExactly(0x00, 0x01, qos);
        return client;
    }

    /**
     * Check that a PUBLISH received on an MQTT 3.1.1 connection is exactly topic, packet identifier and payload.
     * @param packet the PUBLISH
     * @param topic the expected topic
     * @param payload the expected payload
     * @return the packet identifier (0 for QoS 0)
     */
    private static int assertPlain311Publish(RawClient.Packet packet, String topic, String payload) {
        assertThat(packet.type()).isEqualTo(Packet.PUBLISH);
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        int idLength = (packet.qos() > 0) ? 2 : 0;
        byte[] body = packet.body();
        assertThat(body).as("no property section in an MQTT 3.1.1 PUBLISH")
                .hasSize(2 + topicBytes.length + idLength + payloadBytes.length);
        assertThat(packet.u16(0)).isEqualTo(topicBytes.length);
        assertThat(new String(body, 2, topicBytes.length, StandardCharsets.UTF_8)).isEqualTo(topic);
        int payloadStart = 2 + topicBytes.length + idLength;
        assertThat(new String(body, payloadStart, body.length - payloadStart, StandardCharsets.UTF_8))
                .isEqualTo(payload);
        return (idLength > 0) ? packet.u16(2 + topicBytes.length) : 0;
    }

    @Test
    @DisplayName("[MQTT-4.5.0-1] Paho 3.1.1 and HiveMQ MQTT 5 clients on the same topics see each other's messages")
    void mqtt311AndMqtt5ClientsExchangeMessages() throws Exception {
        Paho3Client v311 = this.clients.paho3Connected("paho311").subscribe("mixed/#", 1);
        HiveMqClient v5 = this.clients.subscriber("mixed-v5", "mixed/#", MqttQos.AT_LEAST_ONCE);

        v311.publish("mixed/from311", "hello from 3.1.1", 1);
        v5.publish("mixed/from5", "hello from 5", MqttQos.EXACTLY_ONCE);

        List<String> seenBy311 = v311.next(2).stream().map((received) -> received.topic() + "=" + received.payload())
                .toList();
        assertThat(seenBy311).containsExactlyInAnyOrder("mixed/from311=hello from 3.1.1",
                "mixed/from5=hello from 5");
        List<Mqtt5Publish> seenBy5 = v5.messages().next(2);
        assertThat(seenBy5).extracting((publish) -> publish.getTopic() + "="
                + new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("mixed/from311=hello from 3.1.1", "mixed/from5=hello from 5");
    }

    @Test
    @DisplayName("[MQTT-4.5.0-1] MQTT 5.0 section 2.2.2: an MQTT 3.1.1 subscriber gets an MQTT 5 publication "
            + "without any property; Paho 3.1.1 reads the payload intact")
    void mqtt311SubscriberGetsNoProperties() throws Exception {
        RawClient raw = raw311("props311/t", 1);
        Paho3Client paho = this.clients.paho3Connected("paho311").subscribe("props311/t", 1);
        HiveMqClient publisher = this.clients.hivemqConnected("props311-pub");
        publisher.client().publishWith().topic("props311/t").payload(MqttBytes.utf8("plain payload"))
                .qos(MqttQos.AT_LEAST_ONCE).contentType("text/plain").responseTopic("props311/reply")
                .correlationData(new byte[] { 1, 2 }).messageExpiryInterval(300)
                .userProperties().add("k", "v").applyUserProperties().send();

        RawClient.Packet packet = raw.read();
        assertThat(packet.qos()).isEqualTo(1);
        int packetId = assertPlain311Publish(packet, "props311/t", "plain payload");
        raw.send(MqttBytes.packet(0x40).u16(packetId).build());   // PUBACK: packet identifier only
        Received seenByPaho = paho.next();
        assertThat(seenByPaho.topic() + "=" + seenByPaho.payload()).isEqualTo("props311/t=plain payload");
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.3.2.3: an MQTT 5 subscriber gets an MQTT 3.1.1 publication with no message "
            + "properties")
    void mqtt5SubscriberGetsNoPropertiesFromMqtt311Publisher() throws Exception {
        HiveMqClient v5 = this.clients.subscriber("from311-v5", "from311/t", MqttQos.AT_LEAST_ONCE);
        Paho3Client v311 = this.clients.paho3Connected("paho311");
        v311.publish("from311/t", "old school", 1);
        Mqtt5Publish publish = v5.messages().next();
        assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("old school");
        assertThat(publish.getUserProperties().asList()).isEmpty();
        assertThat(publish.getContentType()).isEmpty();
        assertThat(publish.getResponseTopic()).isEmpty();
        assertThat(publish.getCorrelationData()).isEmpty();
        assertThat(publish.getMessageExpiryInterval()).isEmpty();
        assertThat(publish.getPayloadFormatIndicator()).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-3.3.1-5] [MQTT-3.3.1-9] retained messages cross versions: MQTT 5 retained reaches a new "
            + "3.1.1 subscriber without properties, 3.1.1 retained reaches a new MQTT 5 subscriber")
    void retainedMessagesCrossVersions() throws Exception {
        HiveMqClient v5Publisher = this.clients.hivemqConnected("retain-mixed-v5");
        v5Publisher.client().publishWith().topic("retainmix/from5").payload(MqttBytes.utf8("kept by 5"))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).userProperties().add("k", "v").applyUserProperties()
                .send();
        Paho3Client v311 = this.clients.paho3Connected("paho311");
        v311.publish("retainmix/from311", "kept by 3.1.1", 1, true);

        RawClient raw = raw311("retainmix/from5", 0);
        RawClient.Packet packet = raw.read();
        assertThat(packet.retain()).isTrue();
        assertPlain311Publish(packet, "retainmix/from5", "kept by 5");

        HiveMqClient v5Subscriber = this.clients.subscriber("retain-mixed-sub", "retainmix/from311",
                MqttQos.AT_LEAST_ONCE);
        Mqtt5Publish publish = v5Subscriber.messages().next();
        assertThat(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("kept by 3.1.1");
        assertThat(publish.isRetain()).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.1.3-10] an MQTT 5 will with User Properties reaches an MQTT 3.1.1 subscriber as a plain "
            + "PUBLISH")
    void mqtt5WillReachesMqtt311SubscriberWithoutProperties() {
        RawClient raw = raw311("willmix/t", 0);
        HiveMqClient v5 = this.clients.hivemq("willmix-v5");
        v5.client().connectWith().willPublish().topic("willmix/t").payload(MqttBytes.utf8("gone"))
                .userProperties().add("why", "test").applyUserProperties().contentType("text/plain")
                .applyWillPublish().send();
        v5.client().disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        assertPlain311Publish(raw.read(), "willmix/t", "gone");
    }

    @Test
    @DisplayName("[MQTT-3.1.4-3] an MQTT 3.1.1 connection taking over the session of an MQTT 5 one sends it "
            + "DISCONNECT 0x8E")
    void mqtt311ClientTakesOverMqtt5Session() {
        String clientId = ClientIds.unique("crossover");
        RawClient v5 = this.clients.raw(Mqtt5Packets.connect(clientId));
        RawClient v311 = this.clients.raw();
        v311.send(MqttBytes.connect(4, clientId, true, 60));
        assertThat(v311.read().connackCode()).isZero();
        List<RawClient.Packet> packets = v5.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x8E);
        v311.send(MqttBytes.pingreq());
        assertThat(v311.read().type()).isEqualTo(Packet.PINGRESP);
        assertThat(v311.staysSilent(Duration.ofMillis(200))).isTrue();
    }

}
