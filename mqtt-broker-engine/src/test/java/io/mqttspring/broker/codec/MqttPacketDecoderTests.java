package io.mqttspring.broker.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.support.MqttBytes;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder alone, fed hand-written bytes: what it refuses, with which reason code, what it hands over, and that
 * it reads each packet once.
 */
class MqttPacketDecoderTests {

    private static final int MAX_PACKET_SIZE = 1024;

    private EmbeddedChannel channel = channel(MAX_PACKET_SIZE);

    private final List<Object> decoded = new ArrayList<>();

    private static EmbeddedChannel channel(int maxPacketSize) {
        return new EmbeddedChannel(new MqttPacketDecoder(maxPacketSize, 23));
    }

    @AfterEach
    void release() {
        this.decoded.forEach(ReferenceCountUtil::release);
        this.channel.finishAndReleaseAll();
    }

    private List<Object> feed(byte[]... packets) {
        for (byte[] packet : packets) {
            this.channel.writeInbound(Unpooled.wrappedBuffer(packet));
        }
        Object next;
        List<Object> out = new ArrayList<>();
        while ((next = this.channel.readInbound()) != null) {
            out.add(next);
        }
        this.decoded.addAll(out);
        return out;
    }

    private DecodeFailure failure(byte[]... packets) {
        List<Object> out = feed(packets);
        assertThat(out).isNotEmpty();
        assertThat(out.get(out.size() - 1)).isInstanceOf(DecodeFailure.class);
        return (DecodeFailure) out.get(out.size() - 1);
    }

    private static MqttBytes connect5(String clientId, int flags) {
        return MqttBytes.packet(0x10)                                   // CONNECT
                .string("MQTT").u8(5)                                   // protocol name, level 5
                .u8(flags).u16(60)                                      // connect flags, keep-alive
                .varint(0)                                              // no properties
                .binary(clientId.getBytes(StandardCharsets.UTF_8));     // client identifier
    }

    @ParameterizedTest(name = "client identifier {0}")
    @ValueSource(strings = { "a\u0000b", "\u0000" })
    @DisplayName("MQTT 5 [MQTT-1.5.4-2]: a client identifier with U+0000 is malformed; the failure carries the "
            + "CONNECT's level, so that the client reads a CONNACK it understands")
    void clientIdWithNullCharacterIsMalformed(String clientId) {
        DecodeFailure failure = failure(connect5(clientId, 0x02).build());
        assertThat(failure.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(failure.connectLevel()).isEqualTo(5);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-1.5.4-2]: a user name with U+0000 is malformed")
    void userNameWithNullCharacterIsMalformed() {
        byte[] connect = connect5("c", 0x82)                            // clean start, user name flag
                .binary(new byte[] { 'a', 0x00 })                       // user name with U+0000
                .build();
        assertThat(failure(connect).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-1.5.4-2]: a will topic with U+0000 is malformed")
    void willTopicWithNullCharacterIsMalformed() {
        byte[] connect = connect5("c", 0x06)                            // clean start, will flag
                .varint(0)                                              // no will properties
                .binary(new byte[] { 'w', 0x00 })                       // will topic with U+0000
                .binary(new byte[] { 1 })                               // will payload
                .build();
        assertThat(failure(connect).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-1.5.4-3]: a well-formed U+FFFD or U+FEFF in a client identifier is kept")
    void replacementCharacterIsKept() {
        List<Object> out = feed(connect5("a\uFFFD\uFEFF", 0x02).build());
        assertThat(((MqttConnectMessage) out.get(0)).payload().clientIdentifier()).isEqualTo("a\uFFFD\uFEFF");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "MQTT level 6, MQTT, 6, 6", "MQIsdp level 4, MQIsdp, 4, 4", "MQTT level 3, MQTT, 3, 3",
            "MQIsdp level 5, MQIsdp, 5, 5" })
    @DisplayName("3.1.1 [MQTT-3.1.2-2], 5.0 [MQTT-3.1.2-2]: a protocol name and level the broker does not speak is "
            + "an unsupported protocol version, reported with the level")
    void unsupportedProtocol(String description, String name, int level, int reportedLevel) {
        byte[] connect = MqttBytes.packet(0x10).string(name).u8(level)  // protocol name and level
                .u8(0x02).u16(60)                                       // clean start, keep-alive
                .string("c")                                            // client identifier
                .build();
        DecodeFailure failure = failure(connect);
        assertThat(failure.reasonCode()).isEqualTo(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
        assertThat(failure.connectLevel()).isEqualTo(reportedLevel);
    }

    @ParameterizedTest(name = "Maximum Packet Size {0}")
    @ValueSource(ints = { 16, 129, 130, 131, 16386, 16387, 16388 })
    @DisplayName("MQTT 5.0 section 3.2.2.3.6: Maximum Packet Size counts the whole packet, fixed header included: the "
            + "largest packet within it is decoded, the next larger one is refused from its fixed header with 0x95")
    void maximumPacketSizeCountsTheWholePacket(int maxPacketSize) {
        this.channel.finishAndReleaseAll();
        this.channel = channel(maxPacketSize);
        feed(MqttBytes.connect(4, "c", true, 60));
        int payload = 0;
        while (publish(payload + 1).length <= maxPacketSize) {
            payload++;
        }
        byte[] fits = publish(payload);
        // a Remaining Length that needs one more byte can leave the limit itself out of reach
        assertThat(fits.length).isBetween(maxPacketSize - 1, maxPacketSize);
        assertThat(feed(fits).get(0)).isInstanceOf(InboundPublish.class);
        byte[] tooLarge = publish(payload + 1);
        // only the fixed header is needed to refuse it
        DecodeFailure failure = failure(Arrays.copyOf(tooLarge, 5));
        assertThat(failure.reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE);
    }

    /**
     * Return a 3.1.1 QoS 0 PUBLISH to topic "t".
     */
    private static byte[] publish(int payloadLength) {
        return MqttBytes.packet(0x30).string("t").raw(new byte[payloadLength]).build();
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.3.2.3.2: a Payload Format Indicator other than 0 or 1 is a protocol error "
            + "(0x82), in a PUBLISH and in a will")
    void invalidPayloadFormatIndicatorIsAProtocolError() {
        feed(connect5("c", 0x02).build());
        byte[] publish = MqttBytes.packet(0x30)                         // PUBLISH QoS 0
                .string("t")                                            // topic name
                .varint(2).u8(0x01).u8(0xED)                            // properties: Payload Format Indicator 0xED
                .raw((byte) 'x')                                        // payload
                .build();
        assertThat(failure(publish).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);

        this.channel.finishAndReleaseAll();
        this.channel = channel(MAX_PACKET_SIZE);
        byte[] connect = connect5("c", 0x06)                            // clean start, will flag
                .varint(2).u8(0x01).u8(0x02)                            // will properties: Payload Format Indicator 2
                .string("w")                                            // will topic
                .binary(new byte[] { 1 })                               // will payload
                .build();
        assertThat(failure(connect).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @Test
    @DisplayName("MQTT 5.0 section 2.2.2.2: a property that does not belong to the packet is malformed, a "
            + "single-use property given twice a protocol error")
    void propertyRules() {
        feed(connect5("c", 0x02).build());
        byte[] foreign = MqttBytes.packet(0x30).string("t")             // PUBLISH QoS 0, topic name
                .varint(5).u8(0x11).u32(10)                             // properties: Session Expiry Interval
                .build();
        assertThat(failure(foreign).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);

        this.channel.finishAndReleaseAll();
        this.channel = channel(MAX_PACKET_SIZE);
        feed(connect5("c", 0x02).build());
        byte[] twice = MqttBytes.packet(0x30).string("t")               // PUBLISH QoS 0, topic name
                .varint(10).u8(0x02).u32(5).u8(0x02).u32(6)             // properties: Message Expiry Interval twice
                .build();
        assertThat(failure(twice).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
    }

    @ParameterizedTest(name = "level {0}, options 0x{1}")
    @CsvSource({ "4, 04, MALFORMED_PACKET", "4, 03, MALFORMED_PACKET", "5, 40, MALFORMED_PACKET",
            "5, 03, PROTOCOL_ERROR", "5, 30, PROTOCOL_ERROR" })
    @DisplayName("3.1.1 [MQTT-3.8.3-4], 5.0 [MQTT-3.8.3-5]: reserved subscription option bits are malformed; in MQTT "
            + "5 a Maximum QoS or Retain Handling of 3 is a protocol error")
    void subscriptionOptions(int level, String options, ReasonCode expected) {
        feed(MqttBytes.connect(level, "c", true, 60));
        byte[] subscribe = MqttBytes.subscribe(level, 1, "a/b", Integer.parseInt(options, 16));
        assertThat(failure(subscribe).reasonCode()).isEqualTo(expected);
    }

    @Test
    @DisplayName("[MQTT-4.8.0-1] a string longer than its packet is malformed at once, not a wait for more bytes, "
            + "and nothing after a refused packet is decoded")
    void truncatedFieldIsMalformedAndEndsDecoding() {
        feed(MqttBytes.connect(4, "c", true, 60));
        byte[] truncated = MqttBytes.packet(0x82).u16(1)                // SUBSCRIBE, packet identifier
                .u16(10).raw((byte) 'a')                                // filter announcing 10 bytes, holding 1
                .build();
        List<Object> out = feed(truncated, MqttBytes.pingreq());
        assertThat(out).hasSize(1);
        assertThat(((DecodeFailure) out.get(0)).reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET);
        assertThat(feed(MqttBytes.pingreq())).isEmpty();
    }

    @Test
    @DisplayName("packets only a server sends keep their type for the connection to refuse (MQTT 5.0 section 4.13)")
    void serverPacketsKeepTheirType() {
        feed(connect5("c", 0x02).build());
        List<Object> out = feed(MqttBytes.packet(0x20).u8(0).u8(0).varint(0).build(),  // CONNACK
                new byte[] { (byte) 0xD0, 0x00 });                                    // PINGRESP
        assertThat(out).extracting((packet) -> ((MqttMessage) packet).fixedHeader().messageType())
                .containsExactly(MqttMessageType.CONNACK, MqttMessageType.PINGRESP);
    }

    @Test
    @DisplayName("a topic name repeated by the publisher is taken as the same string, neither checked nor decoded "
            + "again; the payload is a slice of the read buffer")
    void repeatedTopicIsReadOnce() {
        feed(connect5("c", 0x02).build());
        List<Object> out = feed(MqttBytes.publish(5, "a/b", 1, 1, "one"), MqttBytes.publish(5, "a/b", 1, 2, "two"),
                MqttBytes.publish(5, "a/c", 0, 0, "three"));
        InboundPublish first = (InboundPublish) out.get(0);
        InboundPublish second = (InboundPublish) out.get(1);
        InboundPublish third = (InboundPublish) out.get(2);
        assertThat(second.topic()).isSameAs(first.topic());
        assertThat(third.topic()).isEqualTo("a/c");
        assertThat(second.packetId()).isEqualTo(2);
        assertThat(second.payload().toString(StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(third.qos()).isZero();
    }

    @Test
    @DisplayName("MQTT 5 PUBLISH properties arrive as the engine's message properties, the Topic Alias and the "
            + "presence of a Subscription Identifier beside them")
    void publishProperties() {
        feed(connect5("c", 0x02).build());
        byte[] publish = MqttBytes.packet(0x32)                         // PUBLISH QoS 1
                .string("")                                             // empty topic name: an alias stands for it
                .u16(7)                                                 // packet identifier
                .varint(23)                                             // property length
                .u8(0x23).u16(3)                                        // Topic Alias 3
                .u8(0x02).u32(60)                                       // Message Expiry Interval 60
                .u8(0x03).string("text/plain")                          // Content Type
                .u8(0x0B).varint(5)                                     // Subscription Identifier 5
                .raw((byte) 'x')                                        // payload
                .build();
        InboundPublish decoded = (InboundPublish) feed(publish).get(0);
        assertThat(decoded.topic()).isEmpty();
        assertThat(decoded.topicAlias()).isEqualTo(3);
        assertThat(decoded.properties().messageExpiryInterval()).isEqualTo(60L);
        assertThat(decoded.properties().contentType()).isEqualTo("text/plain");
        assertThat(decoded.hasSubscriptionIdentifier()).isTrue();
    }

    @Test
    @DisplayName("a SUBSCRIBE's options and MQTT 5 Subscription Identifier are decoded")
    void subscribeIsDecoded() {
        feed(connect5("c", 0x02).build());
        byte[] subscribe = MqttBytes.packet(0x82).u16(9)                // SUBSCRIBE, packet identifier
                .varint(2).u8(0x0B).varint(42)                          // properties: Subscription Identifier 42
                .string("a/#").u8(0x2E)                                 // filter, QoS 2, No Local, RAP, Retain 2
                .build();
        MqttSubscribeMessage decoded = (MqttSubscribeMessage) feed(subscribe).get(0);
        assertThat(decoded.idAndPropertiesVariableHeader().messageId()).isEqualTo(9);
        assertThat(decoded.idAndPropertiesVariableHeader().properties()
                .getProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER).value()).isEqualTo(42);
        var option = decoded.payload().topicSubscriptions().get(0).option();
        assertThat(option.qos().value()).isEqualTo(2);
        assertThat(option.isNoLocal()).isTrue();
        assertThat(option.isRetainAsPublished()).isTrue();
        assertThat(option.retainHandling().value()).isEqualTo(2);
    }

}
