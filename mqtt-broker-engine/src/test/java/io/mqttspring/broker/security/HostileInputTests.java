package io.mqttspring.broker.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile or broken client sends, over a real socket, beside a well-behaved client that must not notice: each
 * case gets the answer the spec prescribes, and the bystander's messages keep flowing. Buffer leaks fail the class
 * (the suite runs Netty's leak detector at paranoid).
 */
class HostileInputTests {

    private static final int MAX_PACKET = 64 * 1024;

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.maxPacketSize(MAX_PACKET)
        .connectTimeout(Duration.ofSeconds(1)));

    private HiveMqClient bystander;

    @BeforeEach
    void bystander() {
        this.bystander = HiveMqClient.connected(this.broker.port(), "bystander");
        this.bystander.subscribe("bystander/#", MqttQos.AT_LEAST_ONCE);
    }

    @AfterEach
    void bystanderStillServed() {
        this.bystander.publish("bystander/check", "still here", MqttQos.AT_LEAST_ONCE);
        assertThat(this.bystander.nextPayload()).isEqualTo("still here");
        this.bystander.close();
    }

    static Stream<Arguments> malformedAfterConnect() {
        return Stream.of(
                Arguments.of("remaining length in five bytes [MQTT-1.5.5-1]",
                        new byte[] { 0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01 }, 0x81),
                Arguments.of("packet larger than the maximum packet size [MQTT-3.2.2-15]",
                        MqttBytes.packet(0x30).string("big").varint(0).raw(new byte[MAX_PACKET]).build(), 0x95),
                Arguments.of("topic name that is not UTF-8 [MQTT-1.5.4-1]",
                        MqttBytes.packet(0x30).u16(3).raw((byte) 'a', (byte) 0xC3, (byte) 0x28).varint(0).build(),
                        0x81),
                Arguments.of("topic name holding U+0000 [MQTT-1.5.4-2]",
                        MqttBytes.packet(0x30).u16(3).raw((byte) 'a', (byte) 0, (byte) 'b').varint(0).build(), 0x81),
                Arguments.of("wildcard in a topic name, malformed [MQTT-3.3.2-2] [MQTT-4.7.0-1]",
                        MqttBytes.packet(0x30).string("a/+").varint(0).build(), 0x81),
                Arguments.of("empty topic name without a topic alias [MQTT-3.3.2-1]",
                        MqttBytes.packet(0x30).string("").varint(0).build(), 0x82),
                Arguments.of("property section longer than the packet [MQTT-2.2.2-1]",
                        MqttBytes.packet(0x30).string("t").varint(100).raw((byte) 0x26, (byte) 0).build(), 0x81),
                Arguments.of("QoS 1 PUBLISH with packet identifier 0, malformed [MQTT-2.2.1-3]",
                        MqttBytes.packet(0x32).string("t").u16(0).varint(0).build(), 0x81),
                Arguments.of("QoS 3 PUBLISH [MQTT-3.3.1-4]",
                        MqttBytes.packet(0x36).string("t").u16(1).varint(0).build(), 0x81),
                Arguments.of("reserved packet type 0 [MQTT-2.1.3-1]", new byte[] { 0x00, 0x00 }, 0x81));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedAfterConnect")
    @DisplayName("MQTT 5: malformed packets and protocol violations get DISCONNECT with the prescribed reason code, "
            + "then the connection closes [MQTT-4.13.1-1]")
    void mqtt5(String name, byte[] bytes, int reason) {
        try (RawClient client = Mqtt5Packets.connected(this.broker.port(), Mqtt5Packets.connect("hostile"))) {
            client.send(bytes);
            RawClient.Packet answer = client.read();
            assertThat(answer.type()).as("answer to " + name).isEqualTo(RawClient.Packet.DISCONNECT);
            assertThat(answer.disconnectReason()).as("reason for " + name).isEqualTo(reason);
            assertThat(client.readOrNull(Duration.ofSeconds(5))).as("closed after DISCONNECT").isNull();
        }
    }

    static Stream<Arguments> malformed311() {
        return Stream.of(
                Arguments.of("remaining length in five bytes [MQTT-2.2.3]",
                        new byte[] { 0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01 }),
                Arguments.of("packet larger than the maximum packet size",
                        MqttBytes.packet(0x30).string("big").raw(new byte[MAX_PACKET]).build()),
                Arguments.of("topic name that is not UTF-8 [MQTT-1.5.3-1]",
                        MqttBytes.packet(0x30).u16(3).raw((byte) 'a', (byte) 0xC3, (byte) 0x28).build()),
                Arguments.of("topic name holding U+0000 [MQTT-1.5.3-2]",
                        MqttBytes.packet(0x30).u16(3).raw((byte) 'a', (byte) 0, (byte) 'b').build()),
                Arguments.of("wildcard in a topic name [MQTT-3.3.2-2]", MqttBytes.packet(0x30).string("a/+").build()),
                Arguments.of("empty topic name [MQTT-4.7.3-1]", MqttBytes.packet(0x30).string("").build()),
                Arguments.of("QoS 1 PUBLISH with packet identifier 0 [MQTT-2.3.1-1]",
                        MqttBytes.packet(0x32).string("t").u16(0).build()),
                Arguments.of("QoS 3 PUBLISH [MQTT-3.3.1-4]", MqttBytes.packet(0x36).string("t").u16(1).build()),
                Arguments.of("reserved packet type 0 [MQTT-2.2.2-2]", new byte[] { 0x00, 0x00 }),
                Arguments.of("second CONNECT [MQTT-3.1.0-2]", MqttBytes.connect(4, "again", true, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed311")
    @DisplayName("MQTT 3.1.1: malformed packets and protocol violations close the connection without an answer "
            + "[MQTT-4.8.0-1]")
    void mqtt311(String name, byte[] bytes) {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(MqttBytes.connect(4, "hostile311", true, 0));
            assertThat(client.read().connackCode()).isZero();
            client.send(bytes);
            assertThat(client.readOrNull(Duration.ofSeconds(5))).as("closed without answer: " + name).isNull();
        }
    }

    @Test
    @DisplayName("A SUBSCRIBE with 3,000 filters gets one SUBACK with 3,000 grants; a filter with '#' not last gets "
            + "0x8F [MQTT-3.8.4-6] [MQTT-4.7.1-1]")
    void thousandsOfFilters() {
        try (RawClient client = Mqtt5Packets.connected(this.broker.port(), Mqtt5Packets.connect("many"))) {
            List<Mqtt5Packets.Filter> filters = new ArrayList<>();
            for (int i = 0; i < 2999; i++) {
                filters.add(new Mqtt5Packets.Filter("many/" + i, 0));
            }
            filters.add(new Mqtt5Packets.Filter("bad/#/filter", 0));
            client.send(Mqtt5Packets.subscribe(7, Mqtt5Properties.NONE,
                    filters.toArray(Mqtt5Packets.Filter[]::new)));
            Mqtt5Packets.SubAck subAck = Mqtt5Packets.subAck(client.readType(RawClient.Packet.SUBACK));
            assertThat(subAck.reasonCodes()).hasSize(3000).endsWith(0x8F);
            assertThat(subAck.reasonCodes().subList(0, 2999)).containsOnly(0);
        }
    }

    @Test
    @DisplayName("PUBREL for a packet identifier the broker does not know gets PUBCOMP 0x92 [MQTT-4.3.3-11]")
    void pubrelForUnknownId() {
        try (RawClient client = Mqtt5Packets.connected(this.broker.port(), Mqtt5Packets.connect("pubrel"))) {
            client.send(MqttBytes.pubrel(42));
            RawClient.Packet pubcomp = client.read();
            assertThat(pubcomp.type()).isEqualTo(RawClient.Packet.PUBCOMP);
            assertThat(pubcomp.u16(0)).isEqualTo(42);
            assertThat(pubcomp.u8(2)).isEqualTo(0x92);
        }
    }

    @Test
    @DisplayName("A CONNECT that never completes is closed after the connect timeout, without an answer")
    void connectNeverCompletes() {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            byte[] connect = MqttBytes.connect(5, "slow", true, 0);
            client.send(java.util.Arrays.copyOf(connect, connect.length - 3));
            assertThat(client.readOrNull(Duration.ofSeconds(10))).isNull();
        }
    }

    @Test
    @DisplayName("A flood of connections from one address, opened and dropped, leaves the broker serving others")
    void connectionFlood() {
        for (int i = 0; i < 300; i++) {
            RawClient client = RawClient.connect(this.broker.port());
            if (i % 2 == 0) {
                client.send(MqttBytes.connect(4, "flood-" + i, true, 0));
            }
            client.close();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> this.broker.broker().statistics().connections() == 1);
    }

}
