package io.mqttspring.broker.interop;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.MqttBytes;
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
        Mqtt5BlockingClient ws = MqttClient.builder().useMqttVersion5().identifier(ClientIds.unique("ws"))
            .serverHost("127.0.0.1").serverPort(this.broker.broker().webSocketPort())
            .webSocketConfig().serverPath("mqtt").applyWebSocketConfig()
            .buildBlocking();
        Mqtt3BlockingClient tcp = MqttClient.builder().useMqttVersion3().identifier(ClientIds.unique("tcp"))
            .serverHost("127.0.0.1").serverPort(this.broker.port()).buildBlocking();
        ws.connect();
        tcp.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes wsInbox = ws.publishes(MqttGlobalPublishFilter.ALL);
                Mqtt3BlockingClient.Mqtt3Publishes tcpInbox = tcp.publishes(MqttGlobalPublishFilter.ALL)) {
            ws.subscribeWith().topicFilter("ws/in").qos(MqttQos.EXACTLY_ONCE).send();
            tcp.subscribeWith().topicFilter("ws/out").qos(MqttQos.AT_LEAST_ONCE).send();
            tcp.publishWith().topic("ws/in").payload("to browser".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.EXACTLY_ONCE).send();
            byte[] large = new byte[200_000];
            ws.publishWith().topic("ws/out").payload(large).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish received = wsInbox.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(received.getPayloadAsBytes()).asString(StandardCharsets.UTF_8).isEqualTo("to browser");
            assertThat(tcpInbox.receive(5, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes()).hasSize(200_000);
        }
        ws.disconnect();
        tcp.disconnect();
    }

    @Test
    @DisplayName("[MQTT-6.0.0-2] a packet split over frames and several packets in one frame are both read")
    void framesAndPacketsNeedNotAlign() throws Exception {
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        HttpClient http = HttpClient.newHttpClient();
        WebSocket socket = http.newWebSocketBuilder().subprotocols("mqtt")
            .buildAsync(URI.create("ws://127.0.0.1:" + this.broker.broker().webSocketPort() + "/mqtt"),
                    new CollectingListener(received))
            .get(5, TimeUnit.SECONDS);
        assertThat(socket.getSubprotocol()).isEqualTo("mqtt");
        byte[] connect = MqttBytes.connect(4, ClientIds.unique("raw-ws"), true, 30);
        // CONNECT split in two frames: the second is a continuation frame
        socket.sendBinary(ByteBuffer.wrap(Arrays.copyOfRange(connect, 0, 5)), false).get(5, TimeUnit.SECONDS);
        socket.sendBinary(ByteBuffer.wrap(Arrays.copyOfRange(connect, 5, connect.length)), true)
            .get(5, TimeUnit.SECONDS);
        assertThat(received.poll(5, TimeUnit.SECONDS)).startsWith(0x20, 0x02, 0x00, 0x00);
        // SUBSCRIBE and a PUBLISH to the same topic in one frame
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(MqttBytes.subscribe(4, 1, "ws/loop", 0));
        both.writeBytes(MqttBytes.publish(4, "ws/loop", 0, 0, "echo"));
        socket.sendBinary(ByteBuffer.wrap(both.toByteArray()), true).get(5, TimeUnit.SECONDS);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        while (stream.size() < 5 + 15) {
            byte[] chunk = received.poll(5, TimeUnit.SECONDS);
            assertThat(chunk).as("SUBACK and PUBLISH").isNotNull();
            stream.writeBytes(chunk);
        }
        byte[] answer = stream.toByteArray();
        // SUBACK: packet id 1, granted QoS 0
        assertThat(Arrays.copyOfRange(answer, 0, 5)).containsExactly(0x90, 0x03, 0x00, 0x01, 0x00);
        // PUBLISH QoS 0: topic "ws/loop", payload "echo"
        assertThat(answer[5] & 0xFF).isEqualTo(0x30);
        assertThat(new String(answer, answer.length - 4, 4, StandardCharsets.UTF_8)).isEqualTo("echo");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    private static final class CollectingListener implements WebSocket.Listener {

        private final BlockingQueue<byte[]> received;

        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        CollectingListener(BlockingQueue<byte[]> received) {
            this.received = received;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            this.partial.writeBytes(bytes);
            if (last) {
                this.received.add(this.partial.toByteArray());
                this.partial.reset();
            }
            webSocket.request(1);
            return null;
        }

    }

}
