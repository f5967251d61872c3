package io.mqttspring.broker.v5;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Ack;
import io.mqttspring.broker.support.Mqtt5Packets.Publish;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.mqttspring.broker.support.Mqtt5Properties.PAYLOAD_FORMAT_INDICATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Payload Format Indicator (MQTT 5.0 sections 3.3.2.3.2 and 3.1.3.2.3): a payload announced as UTF-8 must be
 * well-formed UTF-8, or the publication is refused with 0x99 and not routed; the indicator reaches subscribers
 * unchanged. Also the UTF-8 rule for the Content Type.
 */
class Mqtt5PayloadFormatTests {

    private static final Mqtt5Properties UTF8_TEXT = Mqtt5Properties.builder()
            .integer(PAYLOAD_FORMAT_INDICATOR, 1).build();

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    static Stream<Arguments> illFormedUtf8() {
        return Stream.of(
                Arguments.of("c328", "a lead byte followed by no continuation byte"),
                Arguments.of("eda080", "an encoded surrogate U+D800"),
                Arguments.of("c0af", "an overlong encoding of '/'"),
                Arguments.of("f4908080", "a code point above U+10FFFF"),
                Arguments.of("6f6be282", "a truncated 3-byte sequence at the end"),
                Arguments.of("ff", "the byte 0xFF"));
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("illFormedUtf8")
    @DisplayName("MQTT 5.0 sections 3.3.2.3.2, 3.4.2.1 and 3.5.2.1 [MQTT-4.3.3-9]: a payload announced as UTF-8 "
            + "(indicator 1) that is not well-formed gets PUBACK or PUBREC 0x99 and reaches no subscriber; at QoS 0 it "
            + "is dropped silently; the connection stays usable and the refused identifier free")
    void illFormedUtf8PayloadIsRefused(String bytes, String description) {
        HiveMqClient subscriber = this.clients.subscriber("pfi-sub", "pfi/#", MqttQos.EXACTLY_ONCE);
        RawClient publisher = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("pfi-pub")));
        publisher.send(Mqtt5Packets.publish(false, "pfi/q1", 1, false, 5, UTF8_TEXT, hex(bytes)));
        assertThat(Mqtt5Packets.ack(publisher.read())).extracting(Ack::packetId, Ack::reasonCode)
                .containsExactly(5, 0x99);
        publisher.send(Mqtt5Packets.publish(false, "pfi/q2", 2, false, 6, UTF8_TEXT, hex(bytes)));
        RawClient.Packet pubrec = publisher.read();
        assertThat(pubrec.type()).isEqualTo(Packet.PUBREC);
        assertThat(Mqtt5Packets.ack(pubrec)).extracting(Ack::packetId, Ack::reasonCode).containsExactly(6, 0x99);
        publisher.send(Mqtt5Packets.publish(false, "pfi/q0", 0, false, 0, UTF8_TEXT, hex(bytes)));

        // PUBREC 0x99 ended that exchange: the identifier starts a new message
        publisher.send(Mqtt5Packets.publish(false, "pfi/ok", 2, false, 6, UTF8_TEXT,
                "well-formed".getBytes(StandardCharsets.UTF_8)));
        assertThat(Mqtt5Packets.ack(publisher.readType(Packet.PUBREC)).reasonCode()).isZero();
        Mqtt5Publish received = subscriber.messages().next();
        assertThat(received.getTopic().toString()).isEqualTo("pfi/ok");
        subscriber.messages().staysEmptyFor(Duration.ofMillis(300));
    }

    @Test
    @DisplayName("MQTT 5.0 sections 3.4.2.1 and 3.5.2.1: HiveMQ sees PUBACK and PUBREC 0x99 for a payload it "
            + "announced as UTF-8 that is not")
    void hivemqSeesPayloadFormatInvalid() {
        HiveMqClient publisher = this.clients.hivemqConnected("pfi-hive");
        assertThatExceptionOfType(Mqtt5PubAckException.class)
                .isThrownBy(() -> publisher.client().publishWith().topic("pfi/hive").payload(hex("c328"))
                        .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).qos(MqttQos.AT_LEAST_ONCE).send())
                .satisfies((ex) -> assertThat(ex.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID));
        assertThatExceptionOfType(Mqtt5PubRecException.class)
                .isThrownBy(() -> publisher.client().publishWith().topic("pfi/hive").payload(hex("eda080"))
                        .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).qos(MqttQos.EXACTLY_ONCE).send())
                .satisfies((ex) -> assertThat(ex.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5PubRecReasonCode.PAYLOAD_FORMAT_INVALID));
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.4.2.1: Paho v5 sees PUBACK 0x99 for a payload it announced as UTF-8 that is not")
    void pahoSeesPayloadFormatInvalid() throws MqttException {
        Paho5Client publisher = this.clients.paho5Connected("pfi-paho");
        MqttMessage message = new MqttMessage(hex("c0af"));
        message.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setPayloadFormat(true);
        message.setProperties(properties);
        IMqttToken token = publisher.client().publish("pfi/paho", message);
        Throwable failure = catchThrowable(() -> token.waitForCompletion(5000));
        if (failure != null) {
            assertThat(failure).isInstanceOfSatisfying(MqttException.class,
                    (ex) -> assertThat(ex.getReasonCode()).isEqualTo(0x99));
        }
        else {
            assertThat(token.getReasonCodes()).containsExactly(0x99);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-4] a well-formed UTF-8 payload with indicator 1 (multi-byte characters, a well-formed "
            + "U+FFFD and U+FEFF included) is routed and HiveMQ, Paho v5 and raw subscribers, and a later retained "
            + "subscriber, get the indicator and the bytes unchanged")
    void wellFormedUtf8PayloadIsRoutedWithItsIndicator() {
        String text = "h\u00e9llo \u20ac \uD834\uDD1E \uFFFD \uFEFF";
        HiveMqClient hive = this.clients.subscriber("pfi-ok-hive", "text/#", MqttQos.AT_LEAST_ONCE);
        Paho5Client paho = this.clients.paho5Connected("pfi-ok-paho");
        paho.subscribe("text/#", 1);
        RawClient raw = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("pfi-ok-raw")));
        raw.send(Mqtt5Packets.subscribe(1, "text/#", 1));
        raw.readType(Packet.SUBACK);

        HiveMqClient publisher = this.clients.hivemqConnected("pfi-ok-pub");
        publisher.client().publishWith().topic("text/t").payload(text.getBytes(StandardCharsets.UTF_8))
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .send();

        Mqtt5Publish toHive = hive.messages().next();
        assertThat(toHive.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(new String(toHive.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo(text);
        Paho5Client.Received toPaho = paho.messages().next();
        assertThat(toPaho.properties().getPayloadFormat()).isTrue();
        assertThat(toPaho.payload()).isEqualTo(text);
        Publish toRaw = Mqtt5Packets.publish(raw.read());
        assertThat(toRaw.properties().integer(PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1);
        assertThat(toRaw.payload()).containsExactly(text.getBytes(StandardCharsets.UTF_8));
        raw.send(MqttBytes.puback(toRaw.packetId()));

        HiveMqClient later = this.clients.subscriber("pfi-retained", "text/#", MqttQos.AT_LEAST_ONCE);
        Mqtt5Publish retained = later.messages().next();
        assertThat(retained.isRetain()).isTrue();
        assertThat(retained.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-4] indicator 0 (unspecified bytes) is not checked: ill-formed UTF-8 is routed and the "
            + "subscriber gets the indicator 0 as sent")
    void unspecifiedBytesAreNotChecked() {
        RawClient subscriber = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("pfi0-sub")));
        subscriber.send(Mqtt5Packets.subscribe(1, "bytes/#", 1));
        subscriber.readType(Packet.SUBACK);
        RawClient publisher = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("pfi0-pub")));
        Mqtt5Properties binary = Mqtt5Properties.builder().integer(PAYLOAD_FORMAT_INDICATOR, 0).build();
        publisher.send(Mqtt5Packets.publish(false, "bytes/t", 1, false, 3, binary, hex("c328ff00")));
        assertThat(Mqtt5Packets.ack(publisher.read()).reasonCode()).isZero();

        Publish forwarded = Mqtt5Packets.publish(subscriber.read());
        assertThat(forwarded.payload()).containsExactly(hex("c328ff00"));
        assertThat(forwarded.properties().integer(PAYLOAD_FORMAT_INDICATOR)).as("indicator forwarded unaltered")
                .isEqualTo(0);
    }

    @Test
    @DisplayName("MQTT 5.0 sections 3.1.3.2.3 and 3.2.2.2 [MQTT-3.2.2-7]: a will announced as UTF-8 whose payload "
            + "is not gets CONNACK 0x99, the connection is closed and no will is published")
    void illFormedUtf8WillIsRefused() {
        HiveMqClient subscriber = this.clients.subscriber("will-pfi-sub", "will/#", MqttQos.AT_LEAST_ONCE);
        RawClient client = this.clients.raw();
        client.send(MqttBytes.packet(0x10)                    // CONNECT
                .string("MQTT").u8(5)                         // protocol name, level 5
                .u8(0x02 | 0x04 | 0x08)                       // flags: Clean Start, Will Flag, Will QoS 1
                .u16(60)                                      // keep alive
                .varint(0)                                    // no CONNECT properties
                .string(ClientIds.unique("will-pfi"))         // client identifier
                .varint(2).u8(PAYLOAD_FORMAT_INDICATOR).u8(1) // will properties: Payload Format Indicator 1
                .string("will/pfi")                           // will topic
                .binary(hex("c328"))                          // will payload: ill-formed UTF-8
                .build());
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        Mqtt5Packets.Connack connack = Mqtt5Packets.connack(packets.get(0));
        assertThat(connack.reasonCode()).isEqualTo(0x99);
        assertThat(connack.sessionPresent()).isFalse();
        subscriber.messages().staysEmptyFor(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.1.3.2.3: HiveMQ and Paho v5 connecting with a will announced as UTF-8 whose "
            + "payload is not are refused (HiveMQ reads 0x99)")
    void realClientsAreRefusedForAnIllFormedWill() {
        HiveMqClient hive = this.clients.hivemq("will-pfi-hive");
        assertThatExceptionOfType(Mqtt5ConnAckException.class)
                .isThrownBy(() -> hive.client().connectWith().willPublish().topic("will/pfi").payload(hex("ff"))
                        .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).applyWillPublish().send())
                .satisfies((ex) -> assertThat(ex.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.PAYLOAD_FORMAT_INVALID));

        Paho5Client paho = this.clients.paho5("will-pfi-paho");
        MqttConnectionOptions options = new MqttConnectionOptions();
        MqttMessage will = new MqttMessage(hex("eda080"));
        options.setWill("will/pfi", will);
        MqttProperties willProperties = new MqttProperties();
        willProperties.setPayloadFormat(true);
        options.setWillMessageProperties(willProperties);
        // Paho v5 1.2.5 does not know CONNACK 0x99: it reports "invalid return code" (50001) instead
        assertThatExceptionOfType(MqttException.class)
                .isThrownBy(() -> Paho5Client.await(paho.client().connect(options)))
                .satisfies((ex) -> assertThat(ex.getReasonCode()).isIn(0x99, 50001));
        assertThat(paho.client().isConnected()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-19] [MQTT-1.5.4-1] a Content Type that is not well-formed UTF-8 makes the PUBLISH "
            + "malformed: DISCONNECT 0x81, nothing routed")
    void illFormedContentTypeIsMalformed() {
        HiveMqClient subscriber = this.clients.subscriber("ct-sub", "ct/#", MqttQos.AT_LEAST_ONCE);
        RawClient publisher = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("ct-pub")));
        publisher.send(MqttBytes.packet(0x32)                 // PUBLISH, QoS 1
                .string("ct/t")                               // topic name
                .u16(1)                                       // packet identifier
                .varint(5)                                    // property length
                .u8(0x03).binary(hex("c328"))                 // Content Type: ill-formed UTF-8
                .raw("payload".getBytes(StandardCharsets.UTF_8))
                .build());
        List<RawClient.Packet> packets = publisher.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x81);
        subscriber.messages().staysEmptyFor(Duration.ofMillis(300));
    }

}
