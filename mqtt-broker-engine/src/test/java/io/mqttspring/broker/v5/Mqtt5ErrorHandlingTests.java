package io.mqttspring.broker.v5;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Disconnect;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.TestClients;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.mqttspring.broker.support.Mqtt5Properties.AUTHENTICATION_METHOD;
import static io.mqttspring.broker.support.Mqtt5Properties.CONTENT_TYPE;
import static io.mqttspring.broker.support.Mqtt5Properties.MAXIMUM_PACKET_SIZE;
import static io.mqttspring.broker.support.Mqtt5Properties.SESSION_EXPIRY_INTERVAL;
import static io.mqttspring.broker.support.Mqtt5Properties.SUBSCRIPTION_IDENTIFIER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the broker ends MQTT 5 connections that send bad input after CONNACK, or when it stops: the DISCONNECT
 * reason code, the close, and that other clients carry on.
 */
class Mqtt5ErrorHandlingTests {

    private static final int MAX_PACKET_SIZE = 1024;

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.maxPacketSize(MAX_PACKET_SIZE));

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private RawClient rawClient(String name) {
        return this.clients.raw(Mqtt5Packets.connect(ClientIds.unique(name)));
    }

    private static Disconnect disconnectAfter(RawClient client, byte[]... packets) {
        client.send(MqttBytes.concat(packets));
        List<RawClient.Packet> received = client.awaitClose(Duration.ofSeconds(2));
        assertThat(received).as("packets before the close").hasSize(1);
        return Mqtt5Packets.disconnect(received.get(0));
    }

    /**
     * A QoS 1 PUBLISH of exactly {@code size} bytes on the wire.
     * @param size the whole packet size
     * @return the bytes
     */
    private static byte[] publishOfSize(int size) {
        // fixed header 1 + remaining length 2 + topic 2+5 + packet identifier 2 + property length 1 = 13 bytes
        byte[] packet = Mqtt5Packets.publish(false, "big/t", 1, false, 1, Mqtt5Properties.NONE, new byte[size - 13]);
        assertThat(packet).hasSize(size);
        return packet;
    }

    @Test
    @DisplayName("[MQTT-3.2.2-15] [MQTT-3.14.2-2] MQTT 5.0 section 3.2.2.3.6: a packet of Maximum Packet Size is "
            + "accepted, one byte more gets DISCONNECT 0x95 (without Session Expiry Interval)")
    void packetAboveMaximumPacketSizeIsRefused() {
        RawClient client = rawClient("toolarge");
        client.send(publishOfSize(MAX_PACKET_SIZE));
        assertThat(client.read().type()).as("PUBACK for a packet at the limit").isEqualTo(Packet.PUBACK);
        Disconnect disconnect = disconnectAfter(client, publishOfSize(MAX_PACKET_SIZE + 1));
        assertThat(disconnect.reasonCode()).isEqualTo(0x95);
        assertThat(disconnect.properties().has(SESSION_EXPIRY_INTERVAL)).isFalse();
    }

    static Stream<Arguments> invalidPackets() {
        return Stream.of(
                Arguments.of("[MQTT-3.3.1-4] PUBLISH with QoS 3", 0x81,
                        MqttBytes.packet(0x36)                      // PUBLISH, QoS bits 11
                                .string("bad/t").u16(1)             // topic name, packet identifier
                                .varint(0)                          // no properties
                                .raw((byte) 'x')                    // payload
                                .build()),
                Arguments.of("[MQTT-3.3.1-2] QoS 0 PUBLISH with DUP 1", 0x81,
                        MqttBytes.packet(0x38)                      // PUBLISH, DUP 1, QoS 0
                                .string("bad/t")                    // topic name
                                .varint(0)                          // no properties
                                .raw((byte) 'x')                    // payload
                                .build()),
                Arguments.of("[MQTT-3.8.1-1] SUBSCRIBE with flags 0000", 0x81,
                        MqttBytes.packet(0x80)                      // SUBSCRIBE, reserved flags 0000 instead of 0010
                                .u16(1).varint(0)                   // packet identifier, no properties
                                .string("bad/t").u8(0)              // filter, options
                                .build()),
                Arguments.of("[MQTT-3.10.1-1] UNSUBSCRIBE with flags 0000", 0x81,
                        MqttBytes.packet(0xA0)                      // UNSUBSCRIBE, reserved flags 0000
                                .u16(1).varint(0)                   // packet identifier, no properties
                                .string("bad/t")                    // filter
                                .build()),
                Arguments.of("[MQTT-3.6.1-1] PUBREL with flags 0000", 0x81,
                        MqttBytes.packet(0x60)                      // PUBREL, reserved flags 0000
                                .u16(1)                             // packet identifier
                                .build()),
                Arguments.of("[MQTT-2.1.3-1] PUBACK with flags 0001", 0x81,
                        MqttBytes.packet(0x41)                      // PUBACK, reserved flags 0001
                                .u16(1)                             // packet identifier
                                .build()),
                Arguments.of("[MQTT-2.1.3-1] PINGREQ with flags 0001", 0x81,
                        MqttBytes.packet(0xC1)                      // PINGREQ, reserved flags 0001
                                .build()),
                Arguments.of("[MQTT-3.14.1-1] DISCONNECT with flags 0001", 0x81,
                        MqttBytes.packet(0xE1)                      // DISCONNECT, reserved flags 0001
                                .u8(0x00).varint(0)                 // reason code, no properties
                                .build()),
                Arguments.of("[MQTT-2.1.3-1] reserved packet type 0", 0x81,
                        MqttBytes.packet(0x00)                      // packet type 0 is reserved
                                .build()),
                Arguments.of("[MQTT-1.5.4-2] [MQTT-4.7.3-2] topic name containing U+0000", 0x81,
                        MqttBytes.packet(0x30)                      // PUBLISH QoS 0
                                .binary(new byte[] { 'a', 0x00, 'b' }) // topic name with a null character
                                .varint(0)                          // no properties
                                .raw((byte) 'x')                    // payload
                                .build()),
                Arguments.of("[MQTT-1.5.4-1] topic name encoding a surrogate", 0x81,
                        MqttBytes.packet(0x30)                      // PUBLISH QoS 0
                                .binary(new byte[] { 'a', (byte) 0xED, (byte) 0xB0, (byte) 0x80 }) // U+DC00
                                .varint(0)                          // no properties
                                .raw((byte) 'x')                    // payload
                                .build()),
                Arguments.of("[MQTT-4.7.3-2] topic filter containing U+0000", 0x81,
                        MqttBytes.packet(0x82)                      // SUBSCRIBE
                                .u16(1).varint(0)                   // packet identifier, no properties
                                .binary(new byte[] { 'a', 0x00 })   // topic filter with a null character
                                .u8(0)                              // options
                                .build()),
                Arguments.of("[MQTT-1.5.7-1] User Property name containing U+0000", 0x81,
                        Mqtt5Packets.publish("bad/t", 0, false, 0,
                                Mqtt5Properties.builder().userProperty("na\u0000me", "value").build(), "x")),
                Arguments.of("MQTT 5.0 section 2.2.2.2: Session Expiry Interval in a PUBLISH", 0x81,
                        Mqtt5Packets.publish("bad/t", 0, false, 0,
                                Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 10).build(), "x")),
                Arguments.of("MQTT 5.0 section 2.2.2: property length beyond the packet", 0x81,
                        MqttBytes.packet(0x30)                      // PUBLISH QoS 0
                                .string("bad/t")                    // topic name
                                .varint(20)                         // property length larger than what follows
                                .u8(0x01).u8(0x01)                  // Payload Format Indicator 1
                                .build()),
                Arguments.of("MQTT 5.0 section 3.3.2.3.2: Payload Format Indicator 0xED", 0x82,
                        MqttBytes.packet(0x30)                      // PUBLISH QoS 0
                                .string("bad/t")                    // topic name
                                .varint(2).u8(0x01).u8(0xED)        // properties: Payload Format Indicator 0xED
                                .raw((byte) 'x')                    // payload
                                .build()),
                Arguments.of("MQTT 5.0 section 2.2.2.2: Content Type twice", 0x82,
                        Mqtt5Packets.publish("bad/t", 0, false, 0, Mqtt5Properties.builder()
                                .string(CONTENT_TYPE, "a").string(CONTENT_TYPE, "b").build(), "x")),
                Arguments.of("[MQTT-4.12.0-7] AUTH without an Authentication Method at CONNECT", 0x82,
                        MqttBytes.packet(0xF0)                      // AUTH
                                .u8(0x18)                           // reason code: continue authentication
                                .raw(Mqtt5Properties.builder().string(AUTHENTICATION_METHOD, "SCRAM-SHA-256")
                                        .encode())                  // properties: Authentication Method
                                .build()),
                Arguments.of("[MQTT-3.1.0-2] a second CONNECT, of an unsupported protocol level", 0x82,
                        MqttBytes.packet(0x10)                      // CONNECT
                                .string("MQTT").u8(6)               // protocol name, level 6
                                .u8(0x02).u16(60)                   // clean start, keep-alive
                                .varint(0)                          // no properties
                                .string("again")                    // client identifier
                                .build()),
                Arguments.of("MQTT 5.0 section 4.13: CONNACK sent by a client", 0x82,
                        MqttBytes.packet(0x20)                      // CONNACK
                                .u8(0x00).u8(0x00).varint(0)        // flags, reason code, no properties
                                .build()),
                Arguments.of("MQTT 5.0 section 4.13: PINGRESP sent by a client", 0x82,
                        MqttBytes.packet(0xD0)                      // PINGRESP
                                .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPackets")
    @DisplayName("[MQTT-2.1.3-1] [MQTT-1.5.4-1] [MQTT-1.5.4-2] [MQTT-1.5.7-1] [MQTT-3.3.1-2] [MQTT-3.3.1-4] "
            + "[MQTT-3.6.1-1] [MQTT-3.8.1-1] [MQTT-3.10.1-1] [MQTT-3.14.1-1] [MQTT-4.7.3-2] [MQTT-4.12.0-7] "
            + "[MQTT-4.13.1-1] [MQTT-4.13.2-1] [MQTT-3.14.2-1] a malformed packet after CONNACK gets DISCONNECT "
            + "0x81, a protocol error 0x82, and the connection is closed")
    void invalidPacketAfterConnackIsAnsweredWithDisconnect(String description, int expectedReason, byte[] packet) {
        RawClient client = rawClient("invalid");
        assertThat(disconnectAfter(client, packet).reasonCode()).as(description).isEqualTo(expectedReason);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-2] [MQTT-4.7.0-1] a PUBLISH whose topic name contains a wildcard is malformed: "
            + "DISCONNECT 0x81 (0x90 is for well-formed names the broker does not accept)")
    void wildcardInTopicNameIsRefused() {
        RawClient client = rawClient("wildtopic");
        assertThat(disconnectAfter(client, Mqtt5Packets.publish("bad/+/t", 0, 0, "x")).reasonCode())
                .isEqualTo(0x81);
    }

    @Test
    @DisplayName("[MQTT-3.14.4-1] [MQTT-3.14.4-2] after its DISCONNECT the broker answers nothing more and closes")
    void nothingIsAnsweredAfterDisconnect() {
        RawClient client = rawClient("after");
        Disconnect disconnect = disconnectAfter(client, Mqtt5Packets.publish("bad/#", 0, 0, "x"),
                MqttBytes.pingreq(), Mqtt5Packets.subscribe(2, "after/t", 0));
        assertThat(disconnect.reasonCode()).isEqualTo(0x81);
    }

    @Test
    @DisplayName("[MQTT-3.14.2-3] [MQTT-3.1.2-24] a DISCONNECT for a client with Maximum Packet Size 16 leaves out "
            + "its Reason String rather than exceed that size")
    void disconnectRespectsClientMaximumPacketSize() {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("tiny"), true, 60,
                Mqtt5Properties.builder().integer(MAXIMUM_PACKET_SIZE, 16).build()));
        client.send(Mqtt5Packets.publish("tiny/t", 0, false, 0,
                Mqtt5Properties.builder().integer(SUBSCRIPTION_IDENTIFIER, 1).build(), "not allowed"));
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        RawClient.Packet disconnect = packets.get(0);
        assertThat(Mqtt5Packets.disconnect(disconnect).reasonCode()).isEqualTo(0x82);
        // one byte of packet type, one of remaining length (the body is short), then the body
        assertThat(2 + disconnect.body().length).as("size of %s", disconnect).isLessThanOrEqualTo(16);
    }

    @Test
    @DisplayName("[MQTT-4.13.1-1] other clients are unaffected when the broker disconnects a misbehaving one")
    void otherClientsAreUnaffected() {
        HiveMqClient subscriber = this.clients.subscriber("bystander-sub", "bystander/t", MqttQos.AT_LEAST_ONCE);
        HiveMqClient publisher = this.clients.hivemqConnected("bystander-pub");
        RawClient offender = rawClient("offender");
        assertThat(disconnectAfter(offender, MqttBytes.packet(0x36).string("x").u16(1).varint(0).build())
                .reasonCode()).isEqualTo(0x81);
        RawClient tooLarge = rawClient("offender-large");
        assertThat(disconnectAfter(tooLarge, publishOfSize(MAX_PACKET_SIZE * 2)).reasonCode()).isEqualTo(0x95);

        publisher.publish("bystander/t", "still here", MqttQos.AT_LEAST_ONCE);
        assertThat(subscriber.nextPayload()).isEqualTo("still here");
        assertThat(subscriber.client().getState().isConnected()).isTrue();
        assertThat(publisher.client().getState().isConnected()).isTrue();
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.14.2.1: stopping the broker sends MQTT 5 clients DISCONNECT 0x8B and closes "
            + "their connections")
    void brokerStopSendsServerShuttingDown() {
        RawClient raw = rawClient("shutdown-raw");
        HiveMqClient hive = this.clients.hivemqConnected("shutdown-hive");
        this.broker.broker().stop();
        List<RawClient.Packet> packets = raw.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x8B);
        assertThat(hive.disconnects().next()).isInstanceOfSatisfying(Mqtt5DisconnectException.class,
                (ex) -> assertThat(ex.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN));
    }

}
