package io.mqttspring.broker.v311;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.security.UsernamePasswordAuthenticator;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 section 3.1 and 3.2: what the broker accepts in CONNECT, what it refuses, and how.
 */
class Mqtt311ConnectTests {

    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(700);

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.connectTimeout(CONNECT_TIMEOUT));

    @Test
    @DisplayName("[MQTT-3.1.4-4] [MQTT-3.2.0-1] [MQTT-3.2.2-1] a valid CONNECT is answered first with CONNACK 0, session present 0")
    void validConnectIsAcceptedWithConnackFirst() {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.connect(4, ClientIds.unique("valid"), true, 60));
            Packet connack = client.read();
            assertThat(connack.type()).isEqualTo(Packet.CONNACK);
            assertThat(connack.body()).hasSize(2);
            assertThat(connack.connackCode()).isZero();
            assertThat(connack.sessionPresent()).isFalse();
            client.send(MqttBytes.pingreq());
            assertThat(client.read().type()).isEqualTo(Packet.PINGRESP);
        }
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = { 0, 1, 2 })
    @DisplayName("[MQTT-3.1.2-2] [MQTT-3.2.2-4] [MQTT-3.2.2-5] an unsupported protocol level gets CONNACK 0x01, session present 0, then the connection is closed")
    void unsupportedProtocolLevelIsRefusedWithReturnCode1(int level) {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.packet(0x10) // CONNECT
                    .string("MQTT") // protocol name
                    .u8(level) // protocol level
                    .u8(0x02) // clean session
                    .u16(60) // keep alive
                    .string(ClientIds.unique("level")) // client identifier
                    .build());
            assertRefusedWith(client.awaitClose(Mqtt311Packets.CLOSE_TIMEOUT), 0x01);
        }
    }

    @ParameterizedTest(name = "protocol name {0}, level {1}")
    @org.junit.jupiter.params.provider.CsvSource({ "MQTX, 4", "mqtt, 4", "MQIsdp, 4", "MQTT, 3" })
    @DisplayName("[MQTT-3.1.2-1] an unknown protocol name, or a name that does not go with the level, is not treated as MQTT 3.1.1: CONNACK 0x01 and close")
    void unknownProtocolNameIsRefused(String name, int level) {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.packet(0x10) // CONNECT
                    .string(name) // protocol name
                    .u8(level) // protocol level
                    .u8(0x02) // clean session
                    .u16(60) // keep alive
                    .string(ClientIds.unique("name")) // client identifier
                    .build());
            assertRefusedWith(client.awaitClose(Mqtt311Packets.CLOSE_TIMEOUT), 0x01);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-3] [MQTT-3.1.4-1] a CONNECT with the reserved flag set is closed without CONNACK")
    void reservedConnectFlagClosesWithoutConnack() {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.packet(0x10) // CONNECT
                    .string("MQTT") // protocol name
                    .u8(4) // protocol level
                    .u8(0x03) // clean session and the reserved bit 0
                    .u16(60) // keep alive
                    .string(ClientIds.unique("reserved")) // client identifier
                    .build());
            Mqtt311Packets.assertClosedWithoutAnswer(client);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-6] zero-length client ids with clean session get distinct generated ids and work")
    void zeroLengthClientIdWithCleanSessionGetsGeneratedId() {
        try (RawClient first = Mqtt311Packets.connected(this.broker.port(), "", true, 60);
                RawClient second = Mqtt311Packets.connected(this.broker.port(), "", true, 60)) {
            Mqtt311Packets.subscribe(first, 1, "anonymous/topic", 1);
            Mqtt311Packets.subscribe(second, 1, "anonymous/topic", 1);
            second.send(Mqtt311Packets.publish("anonymous/topic", 0, 0, "hello"));

            assertThat(Mqtt311Packets.readPublish(first).payload()).isEqualTo("hello");
            assertThat(Mqtt311Packets.readPublish(second).payload()).isEqualTo("hello");
            List<MqttBroker.SessionInfo> generated = this.broker.broker().sessions().stream()
                    .filter((session) -> session.clientId().startsWith("auto-")).toList();
            assertThat(generated).hasSize(2).allMatch(MqttBroker.SessionInfo::connected);
            assertThat(generated.get(0).clientId()).isNotEqualTo(generated.get(1).clientId());
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-8] [MQTT-3.1.3-9] [MQTT-3.2.2-4] [MQTT-3.2.2-5] a zero-length client id without clean session gets CONNACK 0x02, then close")
    void zeroLengthClientIdWithoutCleanSessionIsRefused() {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.connect(4, "", false, 60));
            assertRefusedWith(client.awaitClose(Mqtt311Packets.CLOSE_TIMEOUT), 0x02);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.3-5] [MQTT-3.1.3-3] a client id of 23 alphanumeric characters is accepted")
    void alphanumericClientIdOf23BytesIsAccepted() {
        String clientId = "0123456789abcxyzABCXYZ9";
        assertThat(clientId).hasSize(23);
        try (RawClient client = Mqtt311Packets.connected(this.broker.port(), clientId, true, 60)) {
            assertThat(this.broker.broker().sessions()).extracting(MqttBroker.SessionInfo::clientId)
                    .contains(clientId);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-11] [MQTT-3.1.2-13] [MQTT-3.1.4-1] Will QoS 1 without Will Flag closes the connection without CONNACK")
    void willQosWithoutWillFlagCloses() {
        assertConnectFlagsClose(0x02 | 0x08);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-11] [MQTT-3.1.2-15] [MQTT-3.1.4-1] Will Retain without Will Flag closes the connection without CONNACK")
    void willRetainWithoutWillFlagCloses() {
        assertConnectFlagsClose(0x02 | 0x20);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-14] [MQTT-3.1.4-1] Will QoS 3 closes the connection without CONNACK")
    void willQos3Closes() {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.packet(0x10) // CONNECT
                    .string("MQTT") // protocol name
                    .u8(4) // protocol level
                    .u8(0x02 | 0x04 | 0x18) // clean session, will flag, will QoS 3
                    .u16(60) // keep alive
                    .string(ClientIds.unique("willqos3")) // client identifier
                    .string("will/topic") // will topic
                    .string("gone") // will message
                    .build());
            Mqtt311Packets.assertClosedWithoutAnswer(client);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-9] [MQTT-3.1.4-1] Will Flag without Will Topic and Will Message in the payload closes without CONNACK")
    void willFlagWithoutWillFieldsCloses() {
        assertConnectFlagsClose(0x02 | 0x04);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-22] [MQTT-3.1.4-1] Password Flag without User Name Flag closes the connection without CONNACK")
    void passwordWithoutUserNameCloses() {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.packet(0x10) // CONNECT
                    .string("MQTT") // protocol name
                    .u8(4) // protocol level
                    .u8(0x02 | 0x40) // clean session, password flag, no user name flag
                    .u16(60) // keep alive
                    .string(ClientIds.unique("nouser")) // client identifier
                    .string("secret") // password
                    .build());
            Mqtt311Packets.assertClosedWithoutAnswer(client);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-19] [MQTT-3.1.4-1] User Name Flag without a user name in the payload closes without CONNACK")
    void userNameFlagWithoutUserNameCloses() {
        assertConnectFlagsClose(0x02 | 0x80);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-18] [MQTT-3.1.4-1] a user name in the payload without User Name Flag makes a malformed CONNECT: closed without CONNACK")
    void userNameWithoutUserNameFlagCloses() {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.packet(0x10) // CONNECT
                    .string("MQTT") // protocol name
                    .u8(4) // protocol level
                    .u8(0x02) // clean session, no user name flag
                    .u16(60) // keep alive
                    .string(ClientIds.unique("extra")) // client identifier
                    .string("alice") // a user name the flags do not announce
                    .build());
            Mqtt311Packets.assertClosedWithoutAnswer(client);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-20] [MQTT-3.1.4-1] a password in the payload without Password Flag makes a malformed CONNECT: closed without CONNACK")
    void passwordWithoutPasswordFlagCloses() {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.packet(0x10) // CONNECT
                    .string("MQTT") // protocol name
                    .u8(4) // protocol level
                    .u8(0x02 | 0x80) // clean session, user name flag, no password flag
                    .u16(60) // keep alive
                    .string(ClientIds.unique("extra")) // client identifier
                    .string("alice") // user name
                    .string("secret") // a password the flags do not announce
                    .build());
            Mqtt311Packets.assertClosedWithoutAnswer(client);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-19] [MQTT-3.1.2-21] [MQTT-3.1.3-1] [MQTT-3.1.3-11] user name and password are read in order; wrong credentials get CONNACK 0x04 (section 3.1.4)")
    void userNameAndPasswordAreChecked() {
        MqttBroker secured = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> {
        })).authenticator(new UsernamePasswordAuthenticator(Map.of("alice", "secret"), false)).build();
        secured.start();
        try (secured; RawClient good = RawClient.connect(secured.port());
                RawClient bad = RawClient.connect(secured.port())) {
            good.send(connectWithCredentials(ClientIds.unique("alice"), "alice", "secret"));
            assertThat(good.read().connackCode()).isZero();
            bad.send(connectWithCredentials(ClientIds.unique("mallory"), "alice", "guess"));
            assertRefusedWith(bad.awaitClose(Mqtt311Packets.CLOSE_TIMEOUT), 0x04);
        }
    }

    @ParameterizedTest(name = "first packet {0}")
    @ValueSource(strings = { "PUBLISH", "SUBSCRIBE", "PINGREQ", "DISCONNECT" })
    @DisplayName("[MQTT-3.1.0-1] [MQTT-4.8.0-1] a connection whose first packet is not CONNECT is closed without an answer")
    void firstPacketOtherThanConnectCloses(String type) {
        byte[] packet = switch (type) {
            case "PUBLISH" -> Mqtt311Packets.publish("first/packet", 0, 0, "early");
            case "SUBSCRIBE" -> MqttBytes.subscribe(4, 1, "first/packet", 0);
            case "PINGREQ" -> MqttBytes.pingreq();
            default -> MqttBytes.disconnect();
        };
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(packet);
            Mqtt311Packets.assertClosedWithoutAnswer(client);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.0-2] a second CONNECT closes the connection")
    void secondConnectCloses() {
        String clientId = ClientIds.unique("twice");
        try (RawClient client = Mqtt311Packets.connected(this.broker.port(), clientId, true, 60)) {
            client.send(MqttBytes.connect(4, clientId, true, 60));
            Mqtt311Packets.assertClosedWithoutAnswer(client);
        }
    }

    @Test
    @DisplayName("[section 3.1.4] a connection that sends no CONNECT within connectTimeout is closed")
    void connectionWithoutConnectIsClosedAfterTimeout() {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            assertThat(client.awaitClose(CONNECT_TIMEOUT.plusSeconds(3))).isEmpty();
        }
    }

    @Test
    @DisplayName("[section 3.1.4] connectTimeout does not close a connection that sent CONNECT")
    void connectTimeoutSparesConnectedClients() {
        try (RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("intime"), true, 0)) {
            assertThat(client.staysSilent(CONNECT_TIMEOUT.plusMillis(300))).isTrue();
            client.send(MqttBytes.pingreq());
            assertThat(client.read().type()).isEqualTo(Packet.PINGRESP);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-1] MQTT 3.1 (MQIsdp, level 3) is accepted on the same port and exchanges messages")
    void mqtt31IsAccepted() {
        try (RawClient client = RawClient.connect(this.broker.port());
                Paho3Client publisher = Paho3Client.connected(this.broker.port(), ClientIds.unique("pub"))) {
            String clientId = ClientIds.unique("v31");
            assertThat(clientId).hasSizeLessThanOrEqualTo(23); // MQTT 3.1 limit
            client.send(MqttBytes.connect(3, clientId, true, 60));
            Packet connack = client.read();
            assertThat(connack.connackCode()).isZero();
            Mqtt311Packets.subscribe(client, 3, "v31/topic", 1);
            publisher.publish("v31/topic", "to 3.1", 1);
            Publish received = Mqtt311Packets.readPublish(client);
            assertThat(received.payload()).isEqualTo("to 3.1");
            assertThat(received.qos()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("MQTT 3.1 section 3.2: the byte before the return code is reserved, so a resumed MQTT 3.1 session "
            + "gets CONNACK 00 00 (no Session Present bit) and still its queued messages")
    void mqtt31ConnackHasNoSessionPresentBit() {
        String clientId = ClientIds.unique("v31p");
        try (RawClient first = RawClient.connect(this.broker.port())) {
            first.send(MqttBytes.connect(3, clientId, false, 60));
            assertThat(first.read().connackCode()).isZero();
            Mqtt311Packets.subscribe(first, 1, "v31p/topic", 1);
        }
        Sessions.awaitOffline(this.broker.broker(), clientId);
        try (Paho3Client publisher = Paho3Client.connected(this.broker.port(), ClientIds.unique("pub"))) {
            publisher.publish("v31p/topic", "queued for 3.1", 1);
        }
        try (RawClient again = RawClient.connect(this.broker.port())) {
            again.send(MqttBytes.connect(3, clientId, false, 60));
            Packet connack = again.read();
            assertThat(connack.body()).containsExactly(0x00, 0x00);
            assertThat(Mqtt311Packets.readPublish(again).payload()).isEqualTo("queued for 3.1");
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.4-5] nothing sent after a refused CONNECT is processed")
    void nothingAfterRefusedConnectIsProcessed() {
        String topic = "refused/" + ClientIds.unique("t");
        try (RawClient client = RawClient.connect(this.broker.port())) {
            // one write: a CONNECT refused with 0x02 and a retained PUBLISH behind it
            client.send(MqttBytes.connect(4, "", false, 60),
                    Mqtt311Packets.publish(topic, 0, 0, "must not be stored", false, true));
            assertRefusedWith(client.awaitClose(Mqtt311Packets.CLOSE_TIMEOUT), 0x02);
        }
        try (Paho3Client subscriber = Paho3Client.connected(this.broker.port(), ClientIds.unique("check"))) {
            subscriber.subscribe(topic, 1);
            subscriber.receivesNothingFor(Duration.ofMillis(500));
        }
        assertThat(this.broker.broker().statistics().retainedMessages()).isZero();
    }

    private void assertConnectFlagsClose(int flags) {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.packet(0x10) // CONNECT
                    .string("MQTT") // protocol name
                    .u8(4) // protocol level
                    .u8(flags) // connect flags under test
                    .u16(60) // keep alive
                    .string(ClientIds.unique("flags")) // client identifier, nothing else
                    .build());
            Mqtt311Packets.assertClosedWithoutAnswer(client);
        }
    }

    private static byte[] connectWithCredentials(String clientId, String userName, String password) {
        return MqttBytes.packet(0x10) // CONNECT
                .string("MQTT") // protocol name
                .u8(4) // protocol level
                .u8(0x02 | 0x80 | 0x40) // clean session, user name flag, password flag
                .u16(60) // keep alive
                .string(clientId) // client identifier
                .string(userName) // user name
                .string(password) // password
                .build();
    }

    private static void assertRefusedWith(List<Packet> received, int returnCode) {
        assertThat(received).hasSize(1);
        Packet connack = received.get(0);
        assertThat(connack.type()).isEqualTo(Packet.CONNACK);
        assertThat(connack.connackCode()).isEqualTo(returnCode);
        assertThat(connack.sessionPresent()).isFalse();
    }

}
