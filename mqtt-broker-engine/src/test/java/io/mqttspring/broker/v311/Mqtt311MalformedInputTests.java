package io.mqttspring.broker.v311;

import java.util.stream.Stream;

import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Mqtt311Packets;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and forbidden MQTT 3.1.1 input: the offending connection is closed (MQTT 3.1.1 has no server
 * DISCONNECT), and a well-behaved client connected at the same time keeps working.
 */
class Mqtt311MalformedInputTests {

    private static final int MAX_PACKET_SIZE = 2048;

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.maxPacketSize(MAX_PACKET_SIZE));

    // ---- fixed header -----------------------------------------------------------------------------------------------

    static Stream<Arguments> reservedFlags() {
        return Stream.of(
                bytes("SUBSCRIBE flags 0000", MqttBytes.packet(0x80) // SUBSCRIBE, flags 0000
                        .u16(1) // packet identifier
                        .string("flags/topic").u8(0) // filter, QoS 0
                        .build()),
                bytes("SUBSCRIBE flags 0011", MqttBytes.packet(0x83) // SUBSCRIBE, flags 0011
                        .u16(1) // packet identifier
                        .string("flags/topic").u8(0) // filter, QoS 0
                        .build()),
                bytes("SUBSCRIBE flags 1010", MqttBytes.packet(0x8A) // SUBSCRIBE, flags 1010
                        .u16(1) // packet identifier
                        .string("flags/topic").u8(0) // filter, QoS 0
                        .build()),
                bytes("UNSUBSCRIBE flags 0000", MqttBytes.packet(0xA0) // UNSUBSCRIBE, flags 0000
                        .u16(1) // packet identifier
                        .string("flags/topic") // filter
                        .build()),
                bytes("UNSUBSCRIBE flags 0011", MqttBytes.packet(0xA3) // UNSUBSCRIBE, flags 0011
                        .u16(1) // packet identifier
                        .string("flags/topic") // filter
                        .build()),
                bytes("PUBREL flags 0000", MqttBytes.packet(0x60) // PUBREL, flags 0000
                        .u16(1) // packet identifier
                        .build()),
                bytes("PUBREL flags 0011", MqttBytes.packet(0x63) // PUBREL, flags 0011
                        .u16(1) // packet identifier
                        .build()),
                bytes("PUBACK flags 0010", MqttBytes.packet(0x42) // PUBACK, flags 0010
                        .u16(1) // packet identifier
                        .build()),
                bytes("PINGREQ flags 0001", MqttBytes.packet(0xC1) // PINGREQ, flags 0001
                        .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reservedFlags")
    @DisplayName("[MQTT-2.2.2-1] [MQTT-2.2.2-2] [MQTT-3.6.1-1] [MQTT-3.8.1-1] [MQTT-3.10.1-1] reserved fixed-header flags with the wrong value close the connection")
    void wrongReservedFlagsClose(byte[] packet) {
        assertClosesAndOthersUnaffected(packet);
    }

    @Test
    @DisplayName("[MQTT-3.14.1-1] [MQTT-3.1.2-8] a DISCONNECT with reserved flags set closes the connection and is no normal DISCONNECT: the will is published")
    void disconnectWithReservedFlagsIsProtocolError() {
        try (Bystander bystander = new Bystander(this.broker.port());
                RawClient watcher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("watcher"));
                RawClient client = RawClient.connect(this.broker.port())) {
            Mqtt311Packets.subscribe(watcher, 1, "malformed/will", 0);
            client.send(Mqtt311Packets.connectWithWill(ClientIds.unique("baddisconnect"), 60, "malformed/will",
                    "published", 0, false));
            assertThat(client.read().connackCode()).isZero();
            client.send(0xE1, 0x00); // DISCONNECT, flags 0001, remaining length 0
            Mqtt311Packets.assertClosedWithoutAnswer(client);
            assertThat(Mqtt311Packets.readPublish(watcher).payload()).isEqualTo("published");
            bystander.assertUnaffected();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extraBytes")
    @DisplayName("[MQTT-4.8.0-1] sections 3.4.1 and 3.5.1: an acknowledgement longer than its packet identifier is "
            + "malformed in MQTT 3.1.1 (reason codes are MQTT 5's) and closes the connection")
    void acknowledgementWithExtraBytesCloses(byte[] packet) {
        assertClosesAndOthersUnaffected(packet);
    }

    static Stream<Arguments> extraBytes() {
        return Stream.of(
                bytes("PUBACK with a reason code", MqttBytes.packet(0x40) // PUBACK
                        .u16(1) // packet identifier
                        .u8(0x80) // an MQTT 5 reason code
                        .build()),
                bytes("PUBREC with a reason code", MqttBytes.packet(0x50) // PUBREC
                        .u16(1) // packet identifier
                        .u8(0x80) // an MQTT 5 reason code
                        .build()));
    }

    @Test
    @DisplayName("[MQTT-4.8.0-1] [MQTT-3.1.2-8] section 3.14.1: a DISCONNECT with a body is malformed in MQTT 3.1.1 "
            + "and no normal DISCONNECT: the will is published")
    void disconnectWithBodyIsMalformed() {
        try (Bystander bystander = new Bystander(this.broker.port());
                RawClient watcher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("watcher"));
                RawClient client = RawClient.connect(this.broker.port())) {
            Mqtt311Packets.subscribe(watcher, 1, "malformed/body-will", 0);
            client.send(Mqtt311Packets.connectWithWill(ClientIds.unique("bodydisconnect"), 60, "malformed/body-will",
                    "published", 0, false));
            assertThat(client.read().connackCode()).isZero();
            client.send(0xE0, 0x01, 0x04); // DISCONNECT, remaining length 1, an MQTT 5 reason code
            Mqtt311Packets.assertClosedWithoutAnswer(client);
            assertThat(Mqtt311Packets.readPublish(watcher).payload()).isEqualTo("published");
            bystander.assertUnaffected();
        }
    }

    @Test
    @DisplayName("[MQTT-4.8.0-1] (section 2.2.3) a remaining length of five bytes closes the connection")
    void remainingLengthOfFiveBytesCloses() {
        assertClosesAndOthersUnaffected(new byte[] { 0x30, // PUBLISH QoS 0
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01 }); // remaining length, five bytes
    }

    @Test
    @DisplayName("[MQTT-4.8.0-1] (section 2.2.3) a remaining length of five bytes in the first packet closes the connection without CONNACK")
    void remainingLengthOfFiveBytesInConnectCloses() {
        try (Bystander bystander = new Bystander(this.broker.port());
                RawClient client = RawClient.connect(this.broker.port())) {
            client.send(0x10, // CONNECT
                    0x80, 0x80, 0x80, 0x80, 0x01); // remaining length, five bytes
            Mqtt311Packets.assertClosedWithoutAnswer(client);
            bystander.assertUnaffected();
        }
    }

    @Test
    @DisplayName("[MQTT-4.8.0-1] (section 2.2.3) a string longer than the remaining length closes the connection")
    void stringBeyondRemainingLengthCloses() {
        byte[] truncated = MqttBytes.packet(0x30) // PUBLISH QoS 0
                .u16(16) // topic length 16 ...
                .raw((byte) 'a', (byte) 'b') // ... but only two bytes of topic before the packet ends
                .build();
        byte[] pings = new byte[40];
        for (int i = 0; i < pings.length; i += 2) {
            pings[i] = (byte) 0xC0; // PINGREQ
        }
        try (Bystander bystander = new Bystander(this.broker.port());
                RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("truncated"))) {
            client.send(truncated, pings);
            Mqtt311Packets.assertClosedWithoutAnswer(client);
            bystander.assertUnaffected();
        }
    }

    // ---- UTF-8 ------------------------------------------------------------------------------------------------------

    static Stream<Arguments> illFormedUtf8() {
        return Stream.of(bytes("invalid continuation byte C3 28", new byte[] { 'a', (byte) 0xC3, 0x28 }),
                bytes("encoded surrogate ED A0 80", new byte[] { 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80 }),
                bytes("overlong encoding C0 AF", new byte[] { 'a', (byte) 0xC0, (byte) 0xAF }),
                bytes("byte FF", new byte[] { 'a', (byte) 0xFF }),
                bytes("U+0000", new byte[] { 'a', 0x00, 'b' }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("illFormedUtf8")
    @DisplayName("[MQTT-1.5.3-1] [MQTT-1.5.3-2] [MQTT-3.3.2-1] [MQTT-4.7.3-2] ill-formed UTF-8 or U+0000 in a PUBLISH topic name closes the connection")
    void illFormedTopicNameCloses(byte[] topic) {
        assertClosesAndOthersUnaffected(MqttBytes.packet(0x32) // PUBLISH QoS 1
                .binary(topic) // topic name under test
                .u16(1) // packet identifier
                .raw((byte) 'x') // payload
                .build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("illFormedUtf8")
    @DisplayName("[MQTT-1.5.3-1] [MQTT-1.5.3-2] [MQTT-3.8.3-1] [MQTT-4.7.3-2] ill-formed UTF-8 or U+0000 in a SUBSCRIBE topic filter closes the connection")
    void illFormedTopicFilterCloses(byte[] filter) {
        assertClosesAndOthersUnaffected(MqttBytes.packet(0x82) // SUBSCRIBE
                .u16(1) // packet identifier
                .binary(filter) // topic filter under test
                .u8(1) // requested QoS
                .build());
    }

    @Test
    @DisplayName("[MQTT-1.5.3-1] [MQTT-3.10.3-1] ill-formed UTF-8 in an UNSUBSCRIBE topic filter closes the connection")
    void illFormedUnsubscribeFilterCloses() {
        assertClosesAndOthersUnaffected(MqttBytes.packet(0xA2) // UNSUBSCRIBE
                .u16(1) // packet identifier
                .binary(new byte[] { 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80 }) // filter with a surrogate
                .build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("illFormedUtf8")
    @DisplayName("[MQTT-1.5.3-1] [MQTT-1.5.3-2] [MQTT-3.1.3-4] [MQTT-3.1.4-1] ill-formed UTF-8 or U+0000 in the client id closes the connection without CONNACK")
    void illFormedClientIdCloses(byte[] clientId) {
        try (Bystander bystander = new Bystander(this.broker.port());
                RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.packet(0x10) // CONNECT
                    .string("MQTT") // protocol name
                    .u8(4) // protocol level
                    .u8(0x02) // clean session
                    .u16(60) // keep alive
                    .binary(clientId) // client identifier under test
                    .build());
            Mqtt311Packets.assertClosedWithoutAnswer(client);
            bystander.assertUnaffected();
        }
    }

    @Test
    @DisplayName("[MQTT-1.5.3-1] [MQTT-3.1.3-10] [MQTT-3.1.4-1] ill-formed UTF-8 in the will topic closes the connection without CONNACK")
    void illFormedWillTopicCloses() {
        try (Bystander bystander = new Bystander(this.broker.port());
                RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.packet(0x10) // CONNECT
                    .string("MQTT") // protocol name
                    .u8(4) // protocol level
                    .u8(0x02 | 0x04) // clean session, will flag
                    .u16(60) // keep alive
                    .string(ClientIds.unique("badwill")) // client identifier
                    .binary(new byte[] { 'w', (byte) 0xC3, 0x28 }) // will topic, ill-formed
                    .string("will") // will message
                    .build());
            Mqtt311Packets.assertClosedWithoutAnswer(client);
            bystander.assertUnaffected();
        }
    }

    @Test
    @DisplayName("[MQTT-1.5.3-1] [MQTT-3.1.3-11] [MQTT-3.1.4-1] ill-formed UTF-8 in the user name closes the connection without CONNACK")
    void illFormedUserNameCloses() {
        try (Bystander bystander = new Bystander(this.broker.port());
                RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.packet(0x10) // CONNECT
                    .string("MQTT") // protocol name
                    .u8(4) // protocol level
                    .u8(0x02 | 0x80) // clean session, user name flag
                    .u16(60) // keep alive
                    .string(ClientIds.unique("baduser")) // client identifier
                    .binary(new byte[] { 'u', (byte) 0xED, (byte) 0xB0, (byte) 0x80 }) // user name, surrogate
                    .build());
            Mqtt311Packets.assertClosedWithoutAnswer(client);
            bystander.assertUnaffected();
        }
    }

    // ---- sizes and values -------------------------------------------------------------------------------------------

    @Test
    @DisplayName("[section 4.8] a packet larger than maxPacketSize closes the connection; one at the limit is accepted")
    void packetLargerThanMaxPacketSizeCloses() {
        String topic = "size/topic";
        // fixed header of a 2048-byte packet: 1 byte type + 2 bytes remaining length
        int payloadAtLimit = MAX_PACKET_SIZE - 3 - (2 + topic.length()) - 2;
        try (Bystander bystander = new Bystander(this.broker.port());
                RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("big"))) {
            byte[] atLimit = Mqtt311Packets.publish(topic, 1, 1, "x".repeat(payloadAtLimit));
            assertThat(atLimit).hasSize(MAX_PACKET_SIZE);
            client.send(atLimit);
            assertThat(client.read().type()).as("accepted at the limit").isEqualTo(RawClient.Packet.PUBACK);

            client.send(Mqtt311Packets.publish(topic, 1, 2, "x".repeat(payloadAtLimit + 1)));
            Mqtt311Packets.assertClosedWithoutAnswer(client);
            bystander.assertUnaffected();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-4] a PUBLISH with QoS 3 closes the connection")
    void publishQos3Closes() {
        assertClosesAndOthersUnaffected(MqttBytes.packet(0x36) // PUBLISH, QoS bits 11
                .string("qos3/topic") // topic name
                .u16(1) // packet identifier
                .raw((byte) 'x') // payload
                .build());
    }

    static Stream<Arguments> zeroPacketIds() {
        return Stream.of(bytes("PUBLISH QoS 1", Mqtt311Packets.publish("zero/topic", 1, 0, "x")),
                bytes("PUBLISH QoS 2", Mqtt311Packets.publish("zero/topic", 2, 0, "x")),
                bytes("SUBSCRIBE", MqttBytes.subscribe(4, 0, "zero/topic", 1)),
                bytes("UNSUBSCRIBE", Mqtt311Packets.unsubscribe(0, "zero/topic")));
    }

    @ParameterizedTest(name = "{0} with packet id 0")
    @MethodSource("zeroPacketIds")
    @DisplayName("[MQTT-2.3.1-1] [MQTT-4.8.0-1] a packet that needs a packet id closes the connection when the id is 0")
    void zeroPacketIdCloses(byte[] packet) {
        assertClosesAndOthersUnaffected(packet);
    }

    @Test
    @DisplayName("[MQTT-3.8.3-3] a SUBSCRIBE without any topic filter closes the connection")
    void subscribeWithoutFiltersCloses() {
        assertClosesAndOthersUnaffected(MqttBytes.packet(0x82) // SUBSCRIBE
                .u16(1) // packet identifier, then no payload
                .build());
    }

    @Test
    @DisplayName("[MQTT-3.10.3-2] an UNSUBSCRIBE without any topic filter closes the connection")
    void unsubscribeWithoutFiltersCloses() {
        assertClosesAndOthersUnaffected(MqttBytes.packet(0xA2) // UNSUBSCRIBE
                .u16(1) // packet identifier, then no payload
                .build());
    }

    static Stream<Arguments> serverOnlyPackets() {
        return Stream.of(bytes("CONNACK", new byte[] { 0x20, 0x02, 0x00, 0x00 }),
                bytes("SUBACK", new byte[] { (byte) 0x90, 0x03, 0x00, 0x01, 0x00 }),
                bytes("UNSUBACK", new byte[] { (byte) 0xB0, 0x02, 0x00, 0x01 }),
                bytes("PINGRESP", new byte[] { (byte) 0xD0, 0x00 }),
                bytes("packet type 15 (AUTH, not in 3.1.1)", new byte[] { (byte) 0xF0, 0x00 }),
                bytes("packet type 0 (reserved)", new byte[] { 0x00, 0x00 }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverOnlyPackets")
    @DisplayName("[MQTT-4.8.0-1] a packet only a server may send, or a reserved packet type, closes the client's connection")
    void serverOnlyPacketCloses(byte[] packet) {
        assertClosesAndOthersUnaffected(packet);
    }

    @Test
    @DisplayName("[MQTT-4.8.0-2] a client closed for a protocol error leaves a Paho client on the same broker working")
    void pahoClientUnaffectedByMisbehavingNeighbour() {
        try (Paho3Client paho = Paho3Client.connected(this.broker.port(), ClientIds.unique("paho"));
                RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("rogue"))) {
            paho.subscribe("neighbour/topic", 1);
            client.send(new byte[] { 0x20, 0x02, 0x00, 0x00 }); // CONNACK from a client
            Mqtt311Packets.assertClosedWithoutAnswer(client);
            paho.publish("neighbour/topic", "unaffected", 1);
            assertThat(paho.next().payload()).isEqualTo("unaffected");
            assertThat(paho.isConnected()).isTrue();
        }
    }

    private void assertClosesAndOthersUnaffected(byte[] packet) {
        try (Bystander bystander = new Bystander(this.broker.port());
                RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("malformed"))) {
            client.send(packet);
            Mqtt311Packets.assertClosedWithoutAnswer(client);
            bystander.assertUnaffected();
        }
    }

    private static Arguments bytes(String name, byte[] packet) {
        return Arguments.of(Named.of(name, packet));
    }

}
