package io.mqttspring.broker.interop;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.WebSocketRawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT over WebSocket (MQTT section 6) with the HiveMQ client's WebSocket transport, sharing sessions and routing
 * with TCP clients.
 */
class WebSocketTransportTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.webSocketEnabled(true).webSocketPort(0));

    @Test
    @DisplayName("[MQTT-6.0.0-1] [MQTT-6.0.0-3] an MQTT 5 WebSocket client and an MQTT 3.1.1 TCP client exchange messages both ways")
    void webSocketAndTcpClientsExchangeMessages() throws Exception {
        HiveMqClient ws = HiveMqClient.overWebSocket(this.broker.broker().webSocketPort(), ClientIds.unique("ws"));
        Mqtt3BlockingClient tcp = MqttClient.builder().useMqttVersion3().identifier(ClientIds.unique("tcp"))
            .serverHost("127.0.0.1").serverPort(this.broker.port()).buildBlocking();
        ws.client().connect();
        tcp.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes tcpInbox = tcp.publishes(MqttGlobalPublishFilter.ALL)) {
            ws.subscribe("ws/in", MqttQos.EXACTLY_ONCE);
            tcp.subscribeWith().topicFilter("ws/out").qos(MqttQos.AT_LEAST_ONCE).send();
            tcp.publishWith().topic("ws/in").payload("to browser".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.EXACTLY_ONCE).send();
            byte[] large = new byte[200_000];
            ws.client().publishWith().topic("ws/out").payload(large).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish received = ws.messages().next();
            assertThat(received.getPayloadAsBytes()).asString(StandardCharsets.UTF_8).isEqualTo("to browser");
            assertThat(tcpInbox.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()).hasSize(200_000);
        }
        ws.close();
        tcp.disconnect();
    }

    @Test
    @DisplayName("[MQTT-6.0.0-2] a packet split over frames and several packets in one frame are both read")
    void framesAndPacketsNeedNotAlign() {
        try (WebSocketRawClient socket = WebSocketRawClient.connect(this.broker.broker().webSocketPort(), "/mqtt")) {
            assertThat(socket.subprotocol()).isEqualTo("mqtt");
            byte[] connect = MqttBytes.connect(4, ClientIds.unique("raw-ws"), true, 30);
            // CONNECT split in two frames: the second is a continuation frame
            socket.sendFragments(Arrays.copyOfRange(connect, 0, 5), Arrays.copyOfRange(connect, 5, connect.length));
            assertThat(socket.readBytes(4)).startsWith(0x20, 0x02, 0x00, 0x00);
            // SUBSCRIBE and a PUBLISH to the same topic in one frame
            socket.send(MqttBytes.subscribe(4, 1, "ws/loop", 0), MqttBytes.publish(4, "ws/loop", 0, 0, "echo"));
            // SUBACK and PUBLISH, however the broker frames them
            byte[] answer = socket.readBytes(5 + 15);
            // SUBACK: packet id 1, granted QoS 0
            assertThat(Arrays.copyOfRange(answer, 0, 5)).containsExactly(0x90, 0x03, 0x00, 0x01, 0x00);
            // PUBLISH QoS 0: topic "ws/loop", payload "echo"
            assertThat(answer[5] & 0xFF).isEqualTo(0x30);
            assertThat(new String(answer, answer.length - 4, 4, StandardCharsets.UTF_8)).isEqualTo("echo");
        }
    }

}
