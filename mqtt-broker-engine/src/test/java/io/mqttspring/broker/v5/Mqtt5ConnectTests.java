package io.mqttspring.broker.v5;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.mqttspring.broker.security.UsernamePasswordAuthenticator;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Connack;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.mqttspring.broker.support.Mqtt5Properties.AUTHENTICATION_METHOD;
import static io.mqttspring.broker.support.Mqtt5Properties.MAXIMUM_PACKET_SIZE;
import static io.mqttspring.broker.support.Mqtt5Properties.RECEIVE_MAXIMUM;
import static io.mqttspring.broker.support.Mqtt5Properties.REQUEST_PROBLEM_INFORMATION;
import static io.mqttspring.broker.support.Mqtt5Properties.REQUEST_RESPONSE_INFORMATION;
import static io.mqttspring.broker.support.Mqtt5Properties.SESSION_EXPIRY_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * MQTT 5 CONNECT handling: accepted and refused connections, assigned client identifiers, malformed CONNECT
 * packets and the connect timeout.
 */
class Mqtt5ConnectTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.connectTimeout(Duration.ofMillis(500)));

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    @Test
    @DisplayName("[MQTT-3.1.3-5] [MQTT-3.1.4-5] [MQTT-3.2.2-1] [MQTT-3.2.2-2] [MQTT-3.12.4-1] a 1-23 character "
            + "alphanumeric client identifier is accepted with CONNACK 0x00, flags 0, and PINGREQ is answered")
    void alphanumericClientIdentifierIsAccepted() {
        String clientId = ClientIds.unique("c").replace("-", "");
        assertThat(clientId).hasSizeLessThanOrEqualTo(23).matches("[0-9a-zA-Z]+");
        RawClient client = this.clients.raw();
        client.send(Mqtt5Packets.connect(clientId));
        Connack connack = Mqtt5Packets.connack(client.read());
        assertThat(connack.reasonCode()).isZero();
        assertThat(connack.flags()).as("acknowledge flags").isZero();
        client.send(MqttBytes.pingreq());
        assertThat(client.read().type()).isEqualTo(Packet.PINGRESP);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-2] [MQTT-3.2.2-6] [MQTT-3.2.2-7] protocol level 6 gets an MQTT 5 CONNACK 0x84 and "
            + "the connection is closed")
    void protocolLevelAboveFiveIsRefusedWithMqtt5Connack() {
        RawClient client = this.clients.raw();
        client.send(MqttBytes.packet(0x10)                          // CONNECT
                .string("MQTT").u8(6)                               // protocol name, protocol level 6
                .u8(0x02).u16(60)                                   // Clean Start, keep alive
                .varint(0)                                          // no properties
                .string(ClientIds.unique("level6"))                 // client identifier
                .build());
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        Connack connack = Mqtt5Packets.connack(packets.get(0));
        assertThat(connack.reasonCode()).isEqualTo(0x84);
        assertThat(connack.sessionPresent()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-1] a protocol name other than MQTT is refused (MQTT 3.1.1 CONNACK 0x01, as decided) "
            + "and the connection is closed")
    void protocolNameOtherThanMqttIsRefused() {
        RawClient client = this.clients.raw();
        client.send(MqttBytes.packet(0x10)                          // CONNECT
                .string("MQTX").u8(5)                               // wrong protocol name, level 5
                .u8(0x02).u16(60)                                   // Clean Start, keep alive
                .varint(0)                                          // no properties
                .string(ClientIds.unique("name"))                   // client identifier
                .build());
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(packets.get(0).type()).isEqualTo(Packet.CONNACK);
        assertThat(packets.get(0).body()).containsExactly(0x00, 0x01);
    }

    @Test
    @DisplayName("[MQTT-3.1.3-6] [MQTT-3.1.3-7] [MQTT-3.2.2-16] an empty client identifier gets an Assigned Client "
            + "Identifier that keys a resumable session")
    void emptyClientIdentifierGetsUsableAssignedIdentifier() {
        HiveMqClient anonymous = this.clients.hivemqWithId(null);
        Mqtt5ConnAck connack = anonymous.client().connectWith().cleanStart(true).sessionExpiryInterval(60).send();
        assertThat(connack.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(connack.getAssignedClientIdentifier()).isPresent();
        String assigned = connack.getAssignedClientIdentifier().get().toString();
        assertThat(assigned).isNotEmpty();
        anonymous.subscribe("assigned/" + assigned, MqttQos.AT_LEAST_ONCE);
        anonymous.client().disconnect();

        HiveMqClient publisher = this.clients.hivemqConnected("assigned-pub");
        publisher.publish("assigned/" + assigned, "queued", MqttQos.AT_LEAST_ONCE);

        HiveMqClient resumed = this.clients.hivemqWithId(assigned);
        Mqtt5ConnAck resumedConnack = resumed.client().connectWith().cleanStart(false).sessionExpiryInterval(60)
                .send();
        assertThat(resumedConnack.isSessionPresent()).as("session present for the assigned identifier").isTrue();
        assertThat(resumedConnack.getAssignedClientIdentifier()).isEmpty();
        assertThat(resumed.nextPayload()).isEqualTo("queued");
    }

    @Test
    @DisplayName("[MQTT-3.1.3-6] [MQTT-3.2.2-16] two clients with empty client identifiers get different assigned "
            + "identifiers (Paho v5)")
    void assignedIdentifiersAreUnique() {
        Paho5Client first = this.clients.paho5WithId("");
        Paho5Client second = this.clients.paho5WithId("");
        IMqttToken firstToken = first.connect(new MqttConnectionOptions());
        IMqttToken secondToken = second.connect(new MqttConnectionOptions());
        String firstId = firstToken.getResponseProperties().getAssignedClientIdentifier();
        String secondId = secondToken.getResponseProperties().getAssignedClientIdentifier();
        assertThat(firstId).isNotEmpty();
        assertThat(secondId).isNotEmpty().isNotEqualTo(firstId);
        assertThat(first.client().isConnected()).isTrue();
        assertThat(second.client().isConnected()).isTrue();
    }

    static Stream<Arguments> malformedConnects() {
        String id = "malformed";
        return Stream.of(
                Arguments.of("[MQTT-3.1.2-3] reserved connect flag set", MqttBytes.packet(0x10) // CONNECT
                        .string("MQTT").u8(5)                       // protocol name and level
                        .u8(0x03).u16(60)                           // Clean Start and the reserved bit 0
                        .varint(0)                                  // no properties
                        .string(id)                                 // client identifier
                        .build()),
                Arguments.of("[MQTT-3.1.2-11] Will QoS 1 without Will Flag", MqttBytes.packet(0x10) // CONNECT
                        .string("MQTT").u8(5)                       // protocol name and level
                        .u8(0x0A).u16(60)                           // Clean Start, Will QoS 1, no Will Flag
                        .varint(0)                                  // no properties
                        .string(id)                                 // client identifier
                        .build()),
                Arguments.of("[MQTT-3.1.2-13] Will Retain without Will Flag", MqttBytes.packet(0x10) // CONNECT
                        .string("MQTT").u8(5)                       // protocol name and level
                        .u8(0x22).u16(60)                           // Clean Start, Will Retain, no Will Flag
                        .varint(0)                                  // no properties
                        .string(id)                                 // client identifier
                        .build()),
                Arguments.of("[MQTT-1.5.4-2] client identifier containing U+0000", MqttBytes.packet(0x10) // CONNECT
                        .string("MQTT").u8(5)                       // protocol name and level
                        .u8(0x02).u16(60)                           // Clean Start, keep alive
                        .varint(0)                                  // no properties
                        .binary(new byte[] { 'a', 0x00, 'b' })      // client identifier with a null character
                        .build()),
                Arguments.of("[MQTT-1.5.4-1] client identifier encoding a surrogate", MqttBytes.packet(0x10) // CONNECT
                        .string("MQTT").u8(5)                       // protocol name and level
                        .u8(0x02).u16(60)                           // Clean Start, keep alive
                        .varint(0)                                  // no properties
                        .binary(new byte[] { 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80 }) // U+D800 as UTF-8
                        .build()),
                Arguments.of("[MQTT-3.1.2-17] User Name Flag without a user name", MqttBytes.packet(0x10) // CONNECT
                        .string("MQTT").u8(5)                       // protocol name and level
                        .u8(0x82).u16(60)                           // User Name Flag, Clean Start
                        .varint(0)                                  // no properties
                        .string(id)                                 // client identifier; the user name is missing
                        .build()),
                Arguments.of("[MQTT-3.1.2-19] Password Flag without a password", MqttBytes.packet(0x10) // CONNECT
                        .string("MQTT").u8(5)                       // protocol name and level
                        .u8(0xC2).u16(60)                           // User Name and Password Flags, Clean Start
                        .varint(0)                                  // no properties
                        .string(id)                                 // client identifier
                        .string("user")                             // user name; the password is missing
                        .build()),
                Arguments.of("[MQTT-3.1.2-9] Will Flag without will properties, topic and payload",
                        MqttBytes.packet(0x10)                      // CONNECT
                        .string("MQTT").u8(5)                       // protocol name and level
                        .u8(0x06).u16(60)                           // Will Flag, Clean Start
                        .varint(0)                                  // no properties
                        .string(id)                                 // client identifier; no will fields follow
                        .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedConnects")
    @DisplayName("[MQTT-3.1.2-3] [MQTT-3.1.2-9] [MQTT-3.1.2-11] [MQTT-3.1.2-13] [MQTT-3.1.2-17] [MQTT-3.1.2-19] "
            + "[MQTT-1.5.4-1] [MQTT-1.5.4-2] [MQTT-3.1.4-1] [MQTT-3.2.2-7] [MQTT-3.14.0-1] a malformed CONNECT gets "
            + "CONNACK 0x81 (not DISCONNECT) and the connection is closed")
    void malformedConnectIsRefusedWithMalformedPacket(String description, byte[] connect) {
        RawClient client = this.clients.raw();
        client.send(connect);
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).as(description).hasSize(1);
        Connack connack = Mqtt5Packets.connack(packets.get(0));
        assertThat(connack.reasonCode()).as(description).isEqualTo(0x81);
        assertThat(connack.sessionPresent()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-1.5.5-1] [MQTT-3.1.4-1] a CONNECT whose remaining length uses more bytes than needed is "
            + "malformed: CONNACK 0x81 and close")
    void overlongRemainingLengthIsMalformed() {
        byte[] minimal = Mqtt5Packets.connect(ClientIds.unique("overlong"));
        // minimal[1] is the one-byte remaining length; write the same value in two bytes: 0x80 | value, 0x00
        byte[] overlong = new byte[minimal.length + 1];
        overlong[0] = minimal[0];
        overlong[1] = (byte) (0x80 | minimal[1]);
        overlong[2] = 0x00;
        System.arraycopy(minimal, 2, overlong, 3, minimal.length - 2);
        RawClient client = this.clients.raw();
        client.send(overlong);
        List<RawClient.Packet> packets = client.awaitClose(Duration.ofSeconds(2));
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.connack(packets.get(0)).reasonCode()).isEqualTo(0x81);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-12] [MQTT-3.2.2-7] a will with QoS 3 is refused with CONNACK 0x81 and the connection "
            + "is closed")
    void willQos3IsRefused() {
        RawClient client = this.clients.raw();
        client.send(MqttBytes.packet(0x10)                          // CONNECT
                .string("MQTT").u8(5)                               // protocol name and level
                .u8(0x1E).u16(60)                                   // Will QoS 3, Will Flag, Clean Start
                .varint(0)                                          // no properties
                .string(ClientIds.unique("willqos3"))               // client identifier
                .varint(0)                                          // no will properties
                .string("will/topic")                               // will topic
                .binary(MqttBytes.utf8("gone"))                  // will payload
                .build());
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.connack(packets.get(0)).reasonCode()).isEqualTo(0x81);
    }

    @Test
    @DisplayName("[MQTT-3.1.0-2] [MQTT-3.14.4-2] a second CONNECT gets DISCONNECT 0x82 and the connection is closed")
    void secondConnectIsProtocolError() {
        String clientId = ClientIds.unique("twice");
        RawClient client = this.clients.raw(Mqtt5Packets.connect(clientId));
        client.send(Mqtt5Packets.connect(clientId));
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x82);
    }

    static Stream<Arguments> connectProtocolErrors() {
        return Stream.of(
                Arguments.of("3.1.2.11.3 Receive Maximum 0", Mqtt5Properties.builder().integer(RECEIVE_MAXIMUM, 0)),
                Arguments.of("3.1.2.11.4 Maximum Packet Size 0",
                        Mqtt5Properties.builder().integer(MAXIMUM_PACKET_SIZE, 0)),
                Arguments.of("3.1.2.11.6 Request Response Information 2",
                        Mqtt5Properties.builder().integer(REQUEST_RESPONSE_INFORMATION, 2)),
                Arguments.of("3.1.2.11.7 Request Problem Information 2",
                        Mqtt5Properties.builder().integer(REQUEST_PROBLEM_INFORMATION, 2)),
                Arguments.of("2.2.2.2 Session Expiry Interval included twice", Mqtt5Properties.builder()
                        .integer(SESSION_EXPIRY_INTERVAL, 10).integer(SESSION_EXPIRY_INTERVAL, 20)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectProtocolErrors")
    @DisplayName("MQTT 5.0 sections 2.2.2.2, 3.1.2.11.3, 3.1.2.11.4, 3.1.2.11.6, 3.1.2.11.7 [MQTT-3.2.2-7] "
            + "[MQTT-3.2.2-8]: invalid CONNECT properties get CONNACK 0x82 and the connection is closed")
    void invalidConnectPropertiesAreProtocolErrors(String description, Mqtt5Properties.Builder properties) {
        RawClient client = this.clients.raw();
        client.send(Mqtt5Packets.connect(ClientIds.unique("props"), true, 60, properties.build()));
        List<RawClient.Packet> packets = client.awaitClose(Duration.ofSeconds(2));
        assertThat(packets).as(description).hasSize(1);
        assertThat(Mqtt5Packets.connack(packets.get(0)).reasonCode()).as(description).isEqualTo(0x82);
    }

    @Test
    @DisplayName("[MQTT-4.12.0-1] [MQTT-3.2.2-7] an Authentication Method gets CONNACK 0x8C (no enhanced "
            + "authentication configured) and the connection is closed")
    void authenticationMethodIsRefused() {
        RawClient client = this.clients.raw();
        client.send(Mqtt5Packets.connect(ClientIds.unique("auth"), true, 60,
                Mqtt5Properties.builder().string(AUTHENTICATION_METHOD, "SCRAM-SHA-256").build()));
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        Connack connack = Mqtt5Packets.connack(packets.get(0));
        assertThat(connack.reasonCode()).isEqualTo(0x8C);
        assertThat(connack.properties().has(AUTHENTICATION_METHOD)).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.2.2-19] [MQTT-3.1.2-24] a refusing CONNACK for a client with Maximum Packet Size 16 leaves "
            + "out its Reason String rather than exceed that size")
    void refusingConnackRespectsClientMaximumPacketSize() {
        RawClient client = this.clients.raw();
        client.send(Mqtt5Packets.connect(ClientIds.unique("tiny"), true, 60, Mqtt5Properties.builder()
                .integer(MAXIMUM_PACKET_SIZE, 16).string(AUTHENTICATION_METHOD, "SCRAM-SHA-256").build()));
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        RawClient.Packet connack = packets.get(0);
        assertThat(Mqtt5Packets.connack(connack).reasonCode()).isEqualTo(0x8C);
        // one byte of packet type, one of remaining length (the body is short), then the body
        assertThat(2 + connack.body().length).as("size of %s", connack).isLessThanOrEqualTo(16);
    }

    @Test
    @DisplayName("[MQTT-4.12.0-1] Paho v5 with an Authentication Method is refused with 0x8C")
    void pahoWithAuthenticationMethodIsRefused() {
        Paho5Client paho = this.clients.paho5("auth-paho");
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAuthMethod("SCRAM-SHA-256");
        assertThatExceptionOfType(MqttException.class)
                .isThrownBy(() -> Paho5Client.await(paho.client().connect(options)))
                .satisfies((ex) -> assertThat(ex.getReasonCode()).isEqualTo(0x8C));
        assertThat(paho.client().isConnected()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.1.4-6] after a refused CONNECT the broker processes nothing the client sent behind it")
    void packetsAfterRefusedConnectAreNotProcessed() {
        RawClient client = this.clients.raw();
        String topic = "refused/" + ClientIds.unique("t");
        client.send(MqttBytes.concat(Mqtt5Packets.connect(ClientIds.unique("refused"), true, 60,
                Mqtt5Properties.builder().string(AUTHENTICATION_METHOD, "SCRAM-SHA-256").build()),
                Mqtt5Packets.publish(topic, 0, true, 0, Mqtt5Properties.NONE, "must not be retained")));
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).extracting(RawClient.Packet::type).containsExactly(Packet.CONNACK);

        HiveMqClient subscriber = this.clients.subscriber("refused-sub", topic, MqttQos.AT_LEAST_ONCE);
        subscriber.messages().staysEmptyFor(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("[MQTT-3.1.3-8] [MQTT-3.2.2-7] a client identifier starting with $inproc/ is refused with "
            + "CONNACK 0x85 and the connection is closed")
    void inProcessClientIdentifierPrefixIsRefused() {
        RawClient client = this.clients.raw();
        client.send(Mqtt5Packets.connect("$inproc/" + ClientIds.unique("intruder")));
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.connack(packets.get(0)).reasonCode()).isEqualTo(0x85);

        HiveMqClient hive = this.clients.hivemqWithId("$inproc/" + ClientIds.unique("hive"));
        assertThatExceptionOfType(Mqtt5ConnAckException.class).isThrownBy(() -> hive.client().connect())
                .satisfies((ex) -> assertThat(ex.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID));
    }

    @Nested
    @DisplayName("with user name and password authentication")
    class WithCredentials {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> {
        }, (builder) -> builder.authenticator(new UsernamePasswordAuthenticator(Map.of("alice", "secret"), false)));

        @RegisterExtension
        final TestClients clients = new TestClients(this.broker::port);

        @Test
        @DisplayName("[MQTT-3.1.2-17] [MQTT-3.1.2-19] [MQTT-3.1.3-1] [MQTT-3.1.3-12] a CONNECT with will, user name "
                + "and password in payload order is accepted")
        void connectWithWillUserNameAndPasswordIsAccepted() {
            RawClient client = this.clients.raw();
            client.send(MqttBytes.packet(0x10)                      // CONNECT
                    .string("MQTT").u8(5)                           // protocol name and level
                    .u8(0xC6).u16(60)                               // User Name, Password, Will Flag, Clean Start
                    .varint(0)                                      // no properties
                    .string(ClientIds.unique("creds"))              // client identifier
                    .varint(0)                                      // no will properties
                    .string("creds/will")                           // will topic
                    .binary(MqttBytes.utf8("bye"))               // will payload
                    .string("alice")                                // user name
                    .binary(MqttBytes.utf8("secret"))            // password
                    .build());
            assertThat(Mqtt5Packets.connack(client.read()).reasonCode()).isZero();
        }

        @Test
        @DisplayName("[MQTT-3.1.4-2] [MQTT-3.2.2-7] wrong credentials get CONNACK 0x86 and the connection is closed")
        void wrongCredentialsAreRefused() {
            RawClient client = this.clients.raw();
            client.send(MqttBytes.packet(0x10)                      // CONNECT
                    .string("MQTT").u8(5)                           // protocol name and level
                    .u8(0xC2).u16(60)                               // User Name, Password, Clean Start
                    .varint(0)                                      // no properties
                    .string(ClientIds.unique("wrong"))              // client identifier
                    .string("alice")                                // user name
                    .binary(MqttBytes.utf8("guess"))             // wrong password
                    .build());
            List<RawClient.Packet> packets = client.awaitClose();
            assertThat(packets).hasSize(1);
            assertThat(Mqtt5Packets.connack(packets.get(0)).reasonCode()).isEqualTo(0x86);

            HiveMqClient hive = this.clients.hivemq("wrong-hive");
            assertThatExceptionOfType(Mqtt5ConnAckException.class).isThrownBy(() -> hive.client().connectWith()
                    .simpleAuth().username("alice").password(MqttBytes.utf8("guess")).applySimpleAuth().send())
                    .satisfies((ex) -> assertThat(ex.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
        }

        @Test
        @DisplayName("[MQTT-3.1.4-5] [MQTT-4.13.1-1] packets pipelined behind a CONNECT that is being authenticated "
                + "are answered in order after CONNACK, a malformed one among them included: CONNACK 0x00, PUBACK, "
                + "then DISCONNECT 0x81")
        void malformedPacketBehindConnectIsAnsweredAfterConnack() {
            RawClient client = this.clients.raw();
            client.send(MqttBytes.concat(
                    MqttBytes.packet(0x10)                                  // CONNECT
                            .string("MQTT").u8(5)                           // protocol name and level
                            .u8(0xC2).u16(60)                               // User Name, Password, Clean Start
                            .varint(0)                                      // no properties
                            .string(ClientIds.unique("eager"))              // client identifier
                            .string("alice")                                // user name
                            .binary(MqttBytes.utf8("secret"))               // password
                            .build(),
                    Mqtt5Packets.publish("eager/t", 1, 5, "before"),
                    MqttBytes.packet(0x36)                                  // PUBLISH, QoS bits 11
                            .string("eager/t").u16(6)                       // topic name, packet identifier
                            .varint(0)                                      // no properties
                            .build()));
            List<RawClient.Packet> packets = client.awaitClose();
            assertThat(packets).extracting(RawClient.Packet::type).containsExactly(Packet.CONNACK, Packet.PUBACK,
                    Packet.DISCONNECT);
            assertThat(Mqtt5Packets.connack(packets.get(0)).reasonCode()).isZero();
            assertThat(Mqtt5Packets.ack(packets.get(1)).packetId()).isEqualTo(5);
            assertThat(Mqtt5Packets.disconnect(packets.get(2)).reasonCode()).isEqualTo(0x81);
        }

    }

    @Test
    @DisplayName("MQTT 5.0 section 3.1.4 (1): a connection that sends no CONNECT is closed after connectTimeout, "
            + "without an answer")
    void connectionWithoutConnectIsClosedAfterConnectTimeout() {
        RawClient client = this.clients.raw();
        assertThat(client.awaitClose(Duration.ofSeconds(4))).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-3.1.0-1] a first packet other than CONNECT closes the connection without an answer")
    void firstPacketOtherThanConnectClosesConnection() {
        RawClient client = this.clients.raw();
        client.send(MqttBytes.pingreq());
        assertThat(client.awaitClose()).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-3.2.0-1] [MQTT-3.2.0-2] packets sent right behind CONNECT are answered after the one CONNACK")
    void packetsPipelinedBehindConnectAreAnsweredAfterConnack() {
        RawClient client = this.clients.raw();
        client.send(MqttBytes.concat(Mqtt5Packets.connect(ClientIds.unique("pipelined")),
                Mqtt5Packets.subscribe(7, "pipelined/#", 1), MqttBytes.pingreq()));
        assertThat(Mqtt5Packets.connack(client.read()).reasonCode()).isZero();
        RawClient.Packet suback = client.read();
        assertThat(Mqtt5Packets.subAck(suback).packetId()).isEqualTo(7);
        assertThat(client.read().type()).isEqualTo(Packet.PINGRESP);
        assertThat(client.staysSilent(Duration.ofMillis(300))).isTrue();
    }

}
