package io.mqttspring.broker.v5;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Publish;
import io.mqttspring.broker.support.Mqtt5Packets.Will;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.TestClients;
import io.mqttspring.broker.support.WebSocketRawClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.mqttspring.broker.support.Mqtt5Properties.SESSION_EXPIRY_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 5 over WebSocket (MQTT 5.0 section 6) next to TCP: one session store behind both listeners, so a session
 * started on one transport continues on the other; plus the WebSocket framing rules with MQTT 5 packets.
 */
class Mqtt5WebSocketTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.webSocketEnabled(true).webSocketPort(0));

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private int webSocketPort() {
        return this.broker.broker().webSocketPort();
    }

    private WebSocketRawClient rawWebSocket() {
        return this.clients.register(WebSocketRawClient.connect(webSocketPort(), "/mqtt"));
    }

    private Paho5Client pahoOverWebSocket(String clientId) {
        return this.clients.register(Paho5Client.overWebSocket(webSocketPort(), clientId));
    }

    private HiveMqClient hivemqOverWebSocket(String clientId) {
        return this.clients.register(HiveMqClient.overWebSocket(webSocketPort(), clientId));
    }

    private static MqttConnectionOptions persistentOptions(boolean cleanStart) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(cleanStart);
        options.setSessionExpiryInterval(60L);
        return options;
    }

    @Test
    @DisplayName("[MQTT-3.1.2-5] [MQTT-3.1.3-2] [MQTT-4.2-1] a session started by Paho v5 over WebSocket continues "
            + "over TCP with HiveMQ (same client id, Clean Start 0): Session Present 1, the messages queued meanwhile "
            + "delivered in order, the subscription still live")
    void sessionStartedOverWebSocketContinuesOverTcp() throws MqttException {
        String clientId = ClientIds.unique("ws-to-tcp");
        Paho5Client overWebSocket = pahoOverWebSocket(clientId);
        overWebSocket.connect(persistentOptions(true));
        overWebSocket.subscribe("ws/session/#", 1);
        Paho5Client.await(overWebSocket.client().disconnect());

        HiveMqClient publisher = this.clients.hivemqConnected("ws-pub");
        for (int i = 0; i < 3; i++) {
            publisher.publish("ws/session/t", "queued " + i, MqttQos.AT_LEAST_ONCE);
        }
        HiveMqClient overTcp = this.clients.hivemqWithId(clientId);
        Mqtt5ConnAck connack = overTcp.client().connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        assertThat(connack.isSessionPresent()).isTrue();
        assertThat(List.of(overTcp.nextPayload(), overTcp.nextPayload(), overTcp.nextPayload()))
                .containsExactly("queued 0", "queued 1", "queued 2");
        publisher.publish("ws/session/t", "live", MqttQos.AT_LEAST_ONCE);
        assertThat(overTcp.nextPayload()).isEqualTo("live");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-5] [MQTT-3.1.3-2] [MQTT-4.2-1] a session started by Paho v5 over TCP continues over "
            + "WebSocket with HiveMQ: Session Present 1 and the queued messages delivered in order")
    void sessionStartedOverTcpContinuesOverWebSocket() throws MqttException {
        String clientId = ClientIds.unique("tcp-to-ws");
        Paho5Client overTcp = this.clients.paho5WithId(clientId);
        overTcp.connect(persistentOptions(true));
        overTcp.subscribe("tcp/session/#", 1);
        Paho5Client.await(overTcp.client().disconnect());

        HiveMqClient publisher = this.clients.hivemqConnected("tcp-pub");
        for (int i = 0; i < 3; i++) {
            publisher.publish("tcp/session/t", "queued " + i, MqttQos.AT_LEAST_ONCE);
        }
        HiveMqClient overWebSocket = hivemqOverWebSocket(clientId);
        Mqtt5ConnAck connack = overWebSocket.client().connectWith().cleanStart(false).sessionExpiryInterval(60)
                .send();
        assertThat(connack.isSessionPresent()).isTrue();
        assertThat(List.of(overWebSocket.nextPayload(), overWebSocket.nextPayload(), overWebSocket.nextPayload()))
                .containsExactly("queued 0", "queued 1", "queued 2");
    }

    @Test
    @DisplayName("[MQTT-4.4.0-1] [MQTT-3.3.1-1] a QoS 1 message left unacknowledged over WebSocket is resent over "
            + "TCP with DUP 1 and the same packet identifier")
    void unacknowledgedMessageIsResentOnTheOtherTransport() {
        String clientId = ClientIds.unique("ws-resend");
        Mqtt5Properties persistent = Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 60).build();
        WebSocketRawClient overWebSocket = rawWebSocket();
        overWebSocket.send(Mqtt5Packets.connect(clientId, true, 60, persistent));
        assertThat(Mqtt5Packets.connack(overWebSocket.read()).reasonCode()).isZero();
        overWebSocket.send(Mqtt5Packets.subscribe(1, "ws/resend/#", 1));
        assertThat(Mqtt5Packets.subAck(overWebSocket.read()).reasonCodes()).containsExactly(1);
        this.clients.hivemqConnected("ws-resend-pub").publish("ws/resend/t", "unacknowledged", MqttQos.AT_LEAST_ONCE);
        Publish original = Mqtt5Packets.publish(overWebSocket.read());
        assertThat(original.duplicate()).isFalse();
        overWebSocket.close();

        RawClient overTcp = this.clients.raw();
        overTcp.send(Mqtt5Packets.connect(clientId, false, 60, persistent));
        assertThat(Mqtt5Packets.connack(overTcp.read()).sessionPresent()).isTrue();
        Publish resent = Mqtt5Packets.publish(overTcp.read());
        assertThat(resent.payloadText()).isEqualTo("unacknowledged");
        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.packetId()).isEqualTo(original.packetId());
        overTcp.send(MqttBytes.puback(resent.packetId()));
        assertThat(overTcp.staysSilent(Duration.ofMillis(300))).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.1.4-3] a TCP connection with the client id of a WebSocket connection takes the session "
            + "over: the WebSocket client gets DISCONNECT 0x8E and is closed; and the other way round for HiveMQ")
    void takeoverWorksAcrossTransports() {
        String clientId = ClientIds.unique("ws-takeover");
        WebSocketRawClient overWebSocket = rawWebSocket();
        overWebSocket.send(Mqtt5Packets.connect(clientId));
        assertThat(Mqtt5Packets.connack(overWebSocket.read()).reasonCode()).isZero();
        HiveMqClient overTcp = this.clients.hivemqWithId(clientId);
        overTcp.client().connect();
        List<RawClient.Packet> packets = overWebSocket.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x8E);

        HiveMqClient again = hivemqOverWebSocket(clientId);
        again.client().connect();
        assertThat(overTcp.disconnects().next()).isInstanceOfSatisfying(Mqtt5DisconnectException.class,
                (ex) -> assertThat(ex.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER));
        assertThat(again.client().getState().isConnected()).isTrue();
    }

    @Test
    @DisplayName("[MQTT-6.0.0-4] [MQTT-6.0.0-2] the broker selects the mqtt subprotocol; MQTT 5 CONNECT, SUBSCRIBE "
            + "and PUBLISH cut across frames at arbitrary points are read, and the answers come back")
    void mqtt5PacketsNeedNotAlignWithFrames() {
        WebSocketRawClient client = rawWebSocket();
        assertThat(client.subprotocol()).isEqualTo("mqtt");
        byte[] stream = MqttBytes.concat(Mqtt5Packets.connect(ClientIds.unique("ws-frames")),
                Mqtt5Packets.subscribe(1, "ws/frames/t", 1),
                Mqtt5Packets.publish("ws/frames/t", 1, 2, "echo"));
        client.sendFrames(Arrays.copyOfRange(stream, 0, 7), Arrays.copyOfRange(stream, 7, stream.length - 9),
                Arrays.copyOfRange(stream, stream.length - 9, stream.length));

        assertThat(Mqtt5Packets.connack(client.read()).reasonCode()).isZero();
        int seen = 0;
        Publish echo = null;
        while (seen < 3) {
            RawClient.Packet packet = client.read();
            if (packet.type() == Packet.PUBLISH) {
                echo = Mqtt5Packets.publish(packet);
            }
            else {
                assertThat(packet.type()).isIn(Packet.SUBACK, Packet.PUBACK);
            }
            seen++;
        }
        assertThat(echo).isNotNull();
        assertThat(echo.payloadText()).isEqualTo("echo");
        client.send(MqttBytes.puback(echo.packetId()));
    }

    @Test
    @DisplayName("[MQTT-6.0.0-1] [MQTT-3.1.2-8] a text frame from a connected MQTT 5 client closes the connection "
            + "and, the close not being a normal DISCONNECT, publishes its will")
    void textFrameClosesTheConnection() {
        HiveMqClient subscriber = this.clients.subscriber("ws-will-sub", "ws/will/#", MqttQos.AT_LEAST_ONCE);
        WebSocketRawClient client = rawWebSocket();
        client.send(Mqtt5Packets.connect(ClientIds.unique("ws-text"), true, 60, Mqtt5Properties.NONE,
                new Will("ws/will/t", "text frame")));
        assertThat(Mqtt5Packets.connack(client.read()).reasonCode()).isZero();
        client.sendText("not MQTT");
        assertThat(client.awaitClose()).as("MQTT packets before the close").isEmpty();
        assertThat(subscriber.nextPayload()).isEqualTo("text frame");
    }

    @Test
    @DisplayName("[MQTT-4.13.1-1] [MQTT-3.1.0-2] a client the broker disconnects over WebSocket reads its DISCONNECT "
            + "(0x82 for a second CONNECT), then the broker's close frame, 1000 (normal closure): the WebSocket way "
            + "of a TCP half-close")
    void brokerDisconnectEndsWithCloseFrame() {
        WebSocketRawClient client = rawWebSocket();
        String clientId = ClientIds.unique("ws-twice");
        client.send(Mqtt5Packets.connect(clientId));
        assertThat(Mqtt5Packets.connack(client.read()).reasonCode()).isZero();
        client.send(Mqtt5Packets.connect(clientId));
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x82);
        assertThat(client.closeStatus()).isEqualTo(1000);
    }

    @Test
    @DisplayName("[MQTT-4.2-1] Paho v5 over WebSocket gets the same CONNACK capabilities as over TCP and receives "
            + "messages")
    void connackOverWebSocket() throws MqttException {
        Paho5Client paho = pahoOverWebSocket(ClientIds.unique("ws-connack"));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setRequestResponseInfo(true);
        IMqttToken token = paho.connect(options);
        assertThat(token.getResponseProperties().getTopicAliasMaximum()).isEqualTo(10);
        assertThat(token.getResponseProperties().getMaximumPacketSize()).isEqualTo(1024L * 1024);
        assertThat(token.getResponseProperties().getResponseInfo()).isNull();
        paho.subscribe("ws/connack", 1);
        this.clients.hivemqConnected("ws-connack-pub").publish("ws/connack", "over ws", MqttQos.AT_LEAST_ONCE);
        Paho5Client.Received message = paho.messages().next();
        assertThat(message.payload()).isEqualTo("over ws");
    }

}
