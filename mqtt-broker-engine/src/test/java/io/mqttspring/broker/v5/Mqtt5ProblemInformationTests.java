package io.mqttspring.broker.v5;

import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Ack;
import io.mqttspring.broker.support.Mqtt5Packets.SubAck;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.mqttspring.broker.support.Mqtt5Properties.PAYLOAD_FORMAT_INDICATOR;
import static io.mqttspring.broker.support.Mqtt5Properties.REASON_STRING;
import static io.mqttspring.broker.support.Mqtt5Properties.REQUEST_PROBLEM_INFORMATION;
import static io.mqttspring.broker.support.Mqtt5Properties.TOPIC_ALIAS;
import static io.mqttspring.broker.support.Mqtt5Properties.USER_PROPERTY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Request Problem Information (MQTT 5.0 section 3.1.2.11.7): with 0 the broker leaves Reason Strings and User
 * Properties off everything but PUBLISH, CONNACK and DISCONNECT; with 1, the default, refusals explain themselves.
 * An Authorizer refuses publishing and subscribing under {@code forbidden/}.
 */
class Mqtt5ProblemInformationTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> {
    }, (builder) -> builder.authorizer(new Authorizer() {

        @Override
        public boolean mayPublish(ClientInfo client, String topic, QoS qos, boolean retain) {
            return !topic.startsWith("forbidden/");
        }

        @Override
        public boolean maySubscribe(ClientInfo client, String topicFilter, @Nullable String shareGroup, QoS qos) {
            return !topicFilter.startsWith("forbidden/");
        }

    }));

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private static Mqtt5Properties problemInformation(int value) {
        return Mqtt5Properties.builder().integer(REQUEST_PROBLEM_INFORMATION, value).build();
    }

    private RawClient raw(Mqtt5Properties connectProperties) {
        return this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("problem"), true, 60, connectProperties));
    }

    /**
     * Provoke the refusals: PUBACK 0x87, PUBREC 0x87, PUBACK 0x99 and SUBACK 0x87.
     * @param client the client
     * @return the acknowledgements' properties, in that order
     */
    private static List<Mqtt5Properties> refusals(RawClient client) {
        client.send(Mqtt5Packets.publish("forbidden/one", 1, 1, "qos1"));
        Ack puback = Mqtt5Packets.ack(client.readType(Packet.PUBACK));
        assertThat(puback.reasonCode()).isEqualTo(0x87);
        client.send(Mqtt5Packets.publish("forbidden/two", 2, 2, "qos2"));
        Ack pubrec = Mqtt5Packets.ack(client.readType(Packet.PUBREC));
        assertThat(pubrec.reasonCode()).isEqualTo(0x87);
        client.send(Mqtt5Packets.publish(false, "allowed/t", 1, false, 3,
                Mqtt5Properties.builder().integer(PAYLOAD_FORMAT_INDICATOR, 1).build(), new byte[] { (byte) 0xFF }));
        Ack invalidPayload = Mqtt5Packets.ack(client.readType(Packet.PUBACK));
        assertThat(invalidPayload.reasonCode()).isEqualTo(0x99);
        client.send(Mqtt5Packets.subscribe(4, "forbidden/#", 1));
        SubAck suback = Mqtt5Packets.subAck(client.readType(Packet.SUBACK));
        assertThat(suback.reasonCodes()).containsExactly(0x87);
        return List.of(puback.properties(), pubrec.properties(), invalidPayload.properties(), suback.properties());
    }

    @Test
    @DisplayName("[MQTT-3.1.2-29] with Request Problem Information 0, PUBACK 0x87, PUBREC 0x87, PUBACK 0x99 and "
            + "SUBACK 0x87 carry no Reason String and no User Property")
    void refusalsAreBareWithoutProblemInformation() {
        List<Mqtt5Properties> properties = refusals(raw(problemInformation(0)));
        assertThat(properties).allSatisfy((section) -> assertThat(section.ids()).as("properties %s", section)
                .doesNotContain(REASON_STRING, USER_PROPERTY));
    }

    @ParameterizedTest(name = "Request Problem Information {0} (-1: absent)")
    @ValueSource(ints = { 1, -1 })
    @DisplayName("MQTT 5.0 sections 3.1.2.11.7, 3.4.2.2.2 and 3.5.2.2.2: with Request Problem Information 1, or "
            + "absent (default 1), PUBACK 0x87, PUBREC 0x87 and PUBACK 0x99 carry a Reason String")
    void publishRefusalsCarryReasonStrings(int requestProblemInformation) {
        Mqtt5Properties connectProperties = (requestProblemInformation < 0) ? Mqtt5Properties.NONE
                : problemInformation(requestProblemInformation);
        List<Mqtt5Properties> properties = refusals(raw(connectProperties));
        assertThat(properties.subList(0, 3)).allSatisfy((section) -> assertThat(section.string(REASON_STRING))
                .as("Reason String in %s", section).isNotBlank());
    }

    @Test
    @DisplayName("MQTT 5.0 sections 3.1.2.11.7 and 3.9.2.1.2: with Request Problem Information 1, a SUBACK 0x87 "
            + "carries a Reason String like the PUBACK 0x87 does")
    void subscribeRefusalCarriesAReasonString() {
        List<Mqtt5Properties> properties = refusals(raw(problemInformation(1)));
        assertThat(properties.get(3).string(REASON_STRING)).as("Reason String in SUBACK %s", properties.get(3))
                .isNotBlank();
    }

    @Test
    @DisplayName("[MQTT-3.4.2-2] [MQTT-3.5.2-2] [MQTT-3.1.2-24] a client with Maximum Packet Size 20 that asked for "
            + "problem information gets PUBACK 0x87, PUBREC 0x87 and PUBACK 0x99 without the Reason String that "
            + "would not fit")
    void reasonStringsAreLeftOutWhenTooLargeForTheClient() {
        RawClient client = raw(Mqtt5Properties.builder().integer(REQUEST_PROBLEM_INFORMATION, 1)
                .integer(Mqtt5Properties.MAXIMUM_PACKET_SIZE, 20).build());
        client.send(Mqtt5Packets.publish("forbidden/a/rather/long/topic/name", 1, 1, "qos1"));
        RawClient.Packet puback = client.readType(Packet.PUBACK);
        client.send(Mqtt5Packets.publish("forbidden/a/rather/long/topic/name", 2, 2, "qos2"));
        RawClient.Packet pubrec = client.readType(Packet.PUBREC);
        client.send(Mqtt5Packets.publish(false, "allowed/t", 1, false, 3,
                Mqtt5Properties.builder().integer(PAYLOAD_FORMAT_INDICATOR, 1).build(), new byte[] { (byte) 0xFF }));
        RawClient.Packet invalidPayload = client.readType(Packet.PUBACK);
        assertThat(List.of(puback, pubrec, invalidPayload)).allSatisfy((packet) -> {
            // fixed header: one byte, and one for a remaining length below 128
            assertThat(2 + packet.body().length).as("size of %s", packet).isLessThanOrEqualTo(20);
            assertThat(Mqtt5Packets.ack(packet).reasonCode()).isIn(0x87, 0x99);
        });
    }

    @Test
    @DisplayName("[MQTT-3.9.2-1] [MQTT-3.1.2-24] a client with Maximum Packet Size 8 that asked for problem "
            + "information gets a SUBACK 0x87 that fits: no Reason String that would not")
    void subackFitsTheClientsMaximumPacketSize() {
        RawClient client = raw(Mqtt5Properties.builder().integer(REQUEST_PROBLEM_INFORMATION, 1)
                .integer(Mqtt5Properties.MAXIMUM_PACKET_SIZE, 8).build());
        client.send(Mqtt5Packets.subscribe(1, "forbidden/a/rather/long/topic/filter/#", 1));
        RawClient.Packet suback = client.readType(Packet.SUBACK);
        // fixed header: one byte, and one for a remaining length below 128
        assertThat(2 + suback.body().length).as("size of %s", suback).isLessThanOrEqualTo(8);
        assertThat(Mqtt5Packets.subAck(suback).reasonCodes()).containsExactly(0x87);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-29] Reason Strings stay on DISCONNECT whatever Request Problem Information says: a "
            + "client that asked for none gets DISCONNECT 0x94 and DISCONNECT 0x98 with a Reason String")
    void disconnectCarriesReasonStringsRegardless() {
        RawClient protocolError = raw(problemInformation(0));
        protocolError.send(Mqtt5Packets.publish("allowed/t", 0, false, 0,
                Mqtt5Properties.builder().integer(TOPIC_ALIAS, 0).build(), "alias 0"));
        List<RawClient.Packet> packets = protocolError.awaitClose();
        assertThat(packets).hasSize(1);
        Mqtt5Packets.Disconnect disconnect = Mqtt5Packets.disconnect(packets.get(0));
        assertThat(disconnect.reasonCode()).isEqualTo(0x94);
        assertThat(disconnect.properties().string(REASON_STRING)).isNotBlank();

        String clientId = ClientIds.unique("quiet-admin");
        RawClient administered = this.clients.raw(Mqtt5Packets.connect(clientId, true, 60, problemInformation(0)));
        assertThat(this.broker.broker().disconnect(clientId)).isTrue();
        packets = administered.awaitClose();
        assertThat(packets).hasSize(1);
        disconnect = Mqtt5Packets.disconnect(packets.get(0));
        assertThat(disconnect.reasonCode()).isEqualTo(0x98);
        assertThat(disconnect.properties().string(REASON_STRING)).isNotBlank();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-29] HiveMQ: PUBACK 0x87 and SUBACK 0x87 come without Reason String when it asked for "
            + "no problem information, PUBACK 0x87 with one by default")
    void hivemqSeesReasonStringsOnlyWhenRequested() {
        HiveMqClient quiet = this.clients.hivemq("quiet-hive");
        quiet.client().connectWith().restrictions().requestProblemInformation(false).applyRestrictions().send();
        assertThatExceptionOfType(Mqtt5PubAckException.class)
                .isThrownBy(() -> quiet.publish("forbidden/hive", "no", MqttQos.AT_LEAST_ONCE))
                .satisfies((ex) -> {
                    Mqtt5PubAck puback = ex.getMqttMessage();
                    assertThat(puback.getReasonCode()).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
                    assertThat(puback.getReasonString()).isEmpty();
                    assertThat(puback.getUserProperties().asList()).isEmpty();
                });
        assertThatExceptionOfType(Mqtt5SubAckException.class)
                .isThrownBy(() -> quiet.subscribe("forbidden/#", MqttQos.AT_LEAST_ONCE))
                .satisfies((ex) -> {
                    assertThat(ex.getMqttMessage().getReasonCodes())
                            .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
                    assertThat(ex.getMqttMessage().getReasonString()).isEmpty();
                });

        HiveMqClient talkative = this.clients.hivemqConnected("talkative-hive");
        assertThatExceptionOfType(Mqtt5PubAckException.class)
                .isThrownBy(() -> talkative.publish("forbidden/hive", "no", MqttQos.AT_LEAST_ONCE))
                .satisfies((ex) -> assertThat(ex.getMqttMessage().getReasonString()).isPresent());
    }

    @Test
    @DisplayName("[MQTT-3.1.2-29] Paho v5: PUBACK 0x87 comes without Reason String when it asked for no problem "
            + "information, with one by default")
    void pahoSeesReasonStringsOnlyWhenRequested() {
        Paho5Client quiet = this.clients.paho5("quiet-paho");
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setRequestProblemInfo(false);
        quiet.connect(options);
        Paho5Client talkative = this.clients.paho5Connected("talkative-paho");

        assertThat(refusedPublish(quiet).getReasonString()).isNull();
        assertThat(refusedPublish(talkative).getReasonString()).isNotBlank();
    }

    private static MqttProperties refusedPublish(Paho5Client paho) {
        MqttMessage message = new MqttMessage("no".getBytes());
        message.setQos(1);
        IMqttToken token;
        try {
            token = paho.client().publish("forbidden/paho", message);
        }
        catch (org.eclipse.paho.mqttv5.common.MqttException ex) {
            throw new IllegalStateException(ex);
        }
        // Paho may report the refusal as a failed token or as reason codes; the PUBACK is there either way
        catchThrowable(() -> token.waitForCompletion(5000));
        assertThat(token.getReasonCodes()).containsExactly(0x87);
        return token.getResponseProperties();
    }

}
