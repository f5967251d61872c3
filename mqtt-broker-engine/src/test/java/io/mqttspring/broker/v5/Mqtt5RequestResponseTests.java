package io.mqttspring.broker.v5;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request/response (MQTT 5.0 section 4.10): Response Topic and Correlation Data travel unchanged from requester to
 * responder and back, between network clients of both libraries; Response Information in CONNACK only when asked
 * for and configured.
 */
class Mqtt5RequestResponseTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    /** Correlation data of request {@code i}: binary, with bytes that are not text. */
    private static byte[] correlation(int i) {
        return new byte[] { 0x00, (byte) 0xFF, (byte) i, (byte) 0x80, 0x7F };
    }

    private static String key(byte[] correlation) {
        return HexFormat.of().formatHex(correlation);
    }

    private static MqttMessage pahoMessage(String payload, String responseTopic, byte[] correlation) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        MqttProperties properties = new MqttProperties();
        if (responseTopic != null) {
            properties.setResponseTopic(responseTopic);
        }
        properties.setCorrelationData(correlation);
        message.setProperties(properties);
        return message;
    }

    @Test
    @DisplayName("[MQTT-3.3.2-15] [MQTT-3.3.2-16] a HiveMQ requester and a Paho v5 responder: Response Topic and "
            + "Correlation Data reach the responder unchanged, the answers to the Response Topic carry the same "
            + "Correlation Data back, whatever order they come in")
    void hivemqRequestsPahoResponds() {
        Paho5Client responder = this.clients.paho5Connected("responder-paho");
        responder.subscribe("service/requests", 1);
        HiveMqClient requester = this.clients.hivemqConnected("requester-hive");
        String responseTopic = "replies/" + requester.clientId();
        requester.subscribe(responseTopic, MqttQos.AT_LEAST_ONCE);

        for (int i = 0; i < 3; i++) {
            requester.client().publishWith().topic("service/requests").payload(MqttBytes.utf8("question " + i))
                    .qos(MqttQos.AT_LEAST_ONCE).responseTopic(responseTopic).correlationData(correlation(i)).send();
        }
        List<Paho5Client.Received> requests = new ArrayList<>(responder.messages().next(3));
        for (int i = 0; i < 3; i++) {
            MqttProperties properties = requests.get(i).properties();
            assertThat(requests.get(i).payload()).isEqualTo("question " + i);
            assertThat(properties.getResponseTopic()).isEqualTo(responseTopic);
            assertThat(properties.getCorrelationData()).containsExactly(correlation(i));
        }
        Collections.reverse(requests);
        for (Paho5Client.Received request : requests) {
            MqttProperties properties = request.properties();
            responder.publish(properties.getResponseTopic(), pahoMessage("answer to " + request.payload(), null,
                    properties.getCorrelationData()));
        }

        Map<String, String> answers = new HashMap<>();
        for (Mqtt5Publish reply : requester.messages().next(3)) {
            assertThat(reply.getTopic().toString()).isEqualTo(responseTopic);
            assertThat(reply.getCorrelationData()).isPresent();
            byte[] data = new byte[reply.getCorrelationData().get().remaining()];
            reply.getCorrelationData().get().duplicate().get(data);
            answers.put(key(data), new String(reply.getPayloadAsBytes(), StandardCharsets.UTF_8));
        }
        assertThat(answers).containsOnly(Map.entry(key(correlation(0)), "answer to question 0"),
                Map.entry(key(correlation(1)), "answer to question 1"),
                Map.entry(key(correlation(2)), "answer to question 2"));
    }

    @Test
    @DisplayName("[MQTT-3.3.2-15] [MQTT-3.3.2-16] a Paho v5 requester and a HiveMQ responder: both properties reach "
            + "the responder unchanged and the Correlation Data comes back with the answer")
    void pahoRequestsHivemqResponds() {
        HiveMqClient responder = this.clients.subscriber("responder-hive", "service/lookup", MqttQos.AT_LEAST_ONCE);
        Paho5Client requester = this.clients.paho5Connected("requester-paho");
        String responseTopic = "replies/paho/" + ClientIds.unique("r");
        requester.subscribe(responseTopic, 1);
        byte[] correlation = correlation(42);
        requester.publish("service/lookup", pahoMessage("who?", responseTopic, correlation));

        Mqtt5Publish request = responder.messages().next();
        assertThat(request.getResponseTopic()).hasValueSatisfying(
                (topic) -> assertThat(topic.toString()).isEqualTo(responseTopic));
        assertThat(request.getCorrelationData()).isPresent();
        byte[] received = new byte[request.getCorrelationData().get().remaining()];
        request.getCorrelationData().get().duplicate().get(received);
        assertThat(received).containsExactly(correlation);
        responder.client().publishWith().topic(request.getResponseTopic().get()).payload(MqttBytes.utf8("me"))
                .qos(MqttQos.AT_LEAST_ONCE).correlationData(received).send();

        Paho5Client.Received answer = requester.messages().next();
        assertThat(answer.topic()).isEqualTo(responseTopic);
        assertThat(answer.payload()).isEqualTo("me");
        assertThat(answer.properties().getCorrelationData()).containsExactly(correlation);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-13] [MQTT-1.5.4-1] a Response Topic that is not well-formed UTF-8 makes the PUBLISH "
            + "malformed: DISCONNECT 0x81, nothing routed")
    void illFormedResponseTopicIsMalformed() {
        HiveMqClient responder = this.clients.subscriber("rt-utf8-sub", "service/#", MqttQos.AT_LEAST_ONCE);
        RawClient requester = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("rt-utf8")));
        requester.send(MqttBytes.packet(0x32)                    // PUBLISH, QoS 1
                .string("service/t")                             // topic name
                .u16(1)                                          // packet identifier
                .varint(6)                                       // property length
                .u8(0x08).binary(new byte[] { 'a', (byte) 0xC0, (byte) 0xAF }) // Response Topic: overlong '/'
                .raw("request".getBytes(StandardCharsets.UTF_8)) // payload
                .build());
        List<RawClient.Packet> packets = requester.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x81);
        responder.messages().staysEmptyFor(Duration.ofMillis(300));
    }

    @Test
    @DisplayName("[MQTT-3.3.2-14] [MQTT-4.13.1-1] a Response Topic with a wildcard is a protocol violation: the "
            + "publisher is disconnected (0x81 or 0x82) and no subscriber gets a PUBLISH carrying that Response Topic")
    void responseTopicWithWildcardIsRefused() {
        HiveMqClient responder = this.clients.subscriber("rt-wild-sub", "service/#", MqttQos.AT_LEAST_ONCE);
        RawClient requester = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("rt-wild")));
        requester.send(Mqtt5Packets.publish("service/t", 1, false, 1, Mqtt5Properties.builder()
                .string(Mqtt5Properties.RESPONSE_TOPIC, "replies/#").build(), "request"));
        List<RawClient.Packet> packets = requester.awaitClose(Duration.ofSeconds(1));
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isIn(0x81, 0x82);
        responder.messages().staysEmptyFor(Duration.ofMillis(300));
    }

    @Test
    @DisplayName("[MQTT-3.3.2-14] [MQTT-4.13.1-1] a will whose Response Topic has a wildcard is refused with "
            + "CONNACK 0x82")
    void willResponseTopicWithWildcardIsRefused() {
        RawClient client = this.clients.raw();
        client.send(Mqtt5Packets.connect(ClientIds.unique("rt-wild-will"), true, 30, Mqtt5Properties.NONE,
                new Mqtt5Packets.Will("wills/t", "gone", 0, false, Mqtt5Properties.builder()
                        .string(Mqtt5Properties.RESPONSE_TOPIC, "replies/+/x").build())));
        List<RawClient.Packet> packets = client.awaitClose(Duration.ofSeconds(2));
        assertThat(packets).singleElement().satisfies((packet) -> assertThat(Mqtt5Packets.connack(packet)
                .reasonCode()).isEqualTo(0x82));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-28] without configured Response Information, HiveMQ and Paho v5 asking for it get none")
    void noResponseInformationUnlessConfigured() {
        HiveMqClient hive = this.clients.hivemq("info-none-hive");
        Mqtt5ConnAck connack = hive.client().connectWith().restrictions().requestResponseInformation(true)
                .applyRestrictions().send();
        assertThat(connack.getResponseInformation()).isEmpty();
        Paho5Client paho = this.clients.paho5("info-none-paho");
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setRequestResponseInfo(true);
        assertThat(paho.connect(options).getResponseProperties().getResponseInfo()).isNull();
    }

    @Nested
    @DisplayName("with responseInformation(\"responses/\")")
    class ResponseInformation {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.responseInformation("responses/"));

        @RegisterExtension
        final TestClients clients = new TestClients(this.broker::port);

        @Test
        @DisplayName("[MQTT-3.1.2-28] HiveMQ and Paho v5 get Response Information only when they ask; HiveMQ "
                + "builds its Response Topic from it and gets the answer there")
        void responseInformationWhenRequested() {
            HiveMqClient asking = this.clients.hivemq("info-hive");
            Mqtt5ConnAck connack = asking.client().connectWith().restrictions().requestResponseInformation(true)
                    .applyRestrictions().send();
            assertThat(connack.getResponseInformation()).hasValueSatisfying(
                    (information) -> assertThat(information.toString()).isEqualTo("responses/"));
            HiveMqClient notAsking = this.clients.hivemq("info-quiet-hive");
            assertThat(notAsking.client().connect().getResponseInformation()).isEmpty();

            Paho5Client pahoAsking = this.clients.paho5("info-paho");
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setRequestResponseInfo(true);
            IMqttToken token = pahoAsking.connect(options);
            assertThat(token.getResponseProperties().getResponseInfo()).isEqualTo("responses/");
            Paho5Client pahoNotAsking = this.clients.paho5("info-quiet-paho");
            assertThat(pahoNotAsking.connect(new MqttConnectionOptions()).getResponseProperties()
                    .getResponseInfo()).isNull();

            String responseTopic = connack.getResponseInformation().get() + asking.clientId();
            asking.subscribe(responseTopic, MqttQos.AT_LEAST_ONCE);
            pahoAsking.subscribe("service/time", 1);
            asking.client().publishWith().topic("service/time").payload(MqttBytes.utf8("now?"))
                    .qos(MqttQos.AT_LEAST_ONCE).responseTopic(responseTopic).correlationData(correlation(7)).send();
            Paho5Client.Received request = pahoAsking.messages().next();
            pahoAsking.publish(request.properties().getResponseTopic(), pahoMessage("noon", null,
                    request.properties().getCorrelationData()));
            Mqtt5Publish answer = asking.messages().next();
            assertThat(answer.getTopic().toString()).isEqualTo("responses/" + asking.clientId());
            assertThat(new String(answer.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("noon");
        }

    }

}
