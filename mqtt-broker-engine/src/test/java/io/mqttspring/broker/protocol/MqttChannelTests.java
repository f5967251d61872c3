package io.mqttspring.broker.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient.Packet;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.mqttspring.broker.protocol.EmbeddedBroker.received;
import static io.mqttspring.broker.protocol.EmbeddedBroker.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker's real pipeline ({@link MqttChannelInitializer}: traffic counter, level sniffer, Netty's codec, the
 * connection) on {@link EmbeddedChannel}s, fed hand-written bytes. Each test checks what the broker writes, whether
 * it closes the channel, and (through {@code finishAndReleaseAll()} and the leak check) that nothing leaks. IDs are
 * cited with the version whose checklist they come from.
 */
class MqttChannelTests {

    private EmbeddedBroker broker = new EmbeddedBroker((config) -> {
    });

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    private EmbeddedChannel open() {
        EmbeddedChannel channel = this.broker.newChannel();
        this.channels.add(channel);
        return channel;
    }

    @AfterEach
    void finishChannels() {
        for (EmbeddedChannel channel : this.channels) {
            // everything the broker wrote was read by the test, so nothing is left to release
            assertThat(channel.finishAndReleaseAll()).as("unread outbound or inbound messages").isFalse();
        }
    }

    private static byte[] connect311(String clientId, boolean cleanSession) {
        return MqttBytes.connect(4, clientId, cleanSession, 60);
    }

    private static byte[] connect5(String clientId) {
        return MqttBytes.connect(5, clientId, true, 60);
    }

    private EmbeddedChannel connected(int level, String clientId) {
        EmbeddedChannel channel = open();
        send(channel, MqttBytes.connect(level, clientId, true, 60));
        List<Packet> packets = received(channel);
        assertThat(packets).hasSize(1);
        assertThat(packets.get(0).type()).isEqualTo(Packet.CONNACK);
        assertThat(packets.get(0).connackCode()).isZero();
        return channel;
    }

    private static Packet single(EmbeddedChannel channel) {
        List<Packet> packets = received(channel);
        assertThat(packets).hasSize(1);
        return packets.get(0);
    }

    // ---- CONNECT --------------------------------------------------------------------------------------------

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.2.2-1]: an accepted CONNECT gets CONNACK 0x00 without session present")
    void mqtt311ConnectIsAccepted() {
        EmbeddedChannel channel = open();
        send(channel, connect311("c311", true));
        Packet connack = single(channel);
        assertThat(connack.type()).isEqualTo(Packet.CONNACK);
        // MQTT 3.1.1 CONNACK: acknowledge flags and return code, nothing more
        assertThat(connack.body()).containsExactly(0x00, 0x00);
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.2.2-2]: CONNACK 0x00 carries Maximum Packet Size and Topic Alias Maximum, nothing "
            + "switched off")
    void mqtt5ConnackProperties() {
        EmbeddedChannel channel = open();
        send(channel, connect5("c5"));
        Packet connack = single(channel);
        assertThat(connack.u8(0)).as("session present").isZero();
        assertThat(connack.connackCode()).isZero();
        Map<Integer, Object> properties = properties(connack, 2);
        assertThat(properties).containsEntry(0x27, 1024L * 1024).containsEntry(0x22, 10L).containsEntry(0x21, 256L)
                .doesNotContainKeys(0x24, 0x25, 0x28, 0x29, 0x2A, 0x12, 0x13, 0x11);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.3-6] [MQTT-3.2.2-16]: an empty client identifier is replaced and returned as "
            + "Assigned Client Identifier")
    void mqtt5EmptyClientIdIsAssigned() {
        EmbeddedChannel channel = open();
        send(channel, connect5(""));
        Packet connack = single(channel);
        assertThat(connack.connackCode()).isZero();
        assertThat((String) properties(connack, 2).get(0x12)).startsWith("auto-");
    }

    @Test
    @DisplayName("MQTT 5 section 3.2.2.3: Receive Maximum, Maximum QoS, availability flags and Server Keep Alive are "
            + "sent when configured")
    void mqtt5ConnackAnnouncesRestrictions() {
        this.broker = new EmbeddedBroker((config) -> config.receiveMaximum(20).maximumQos(QoS.AT_LEAST_ONCE)
                .retainAvailable(false).wildcardSubscriptionsAvailable(false).subscriptionIdentifiersAvailable(false)
                .sharedSubscriptionsAvailable(false).maxKeepAlive(java.time.Duration.ofSeconds(30))
                .maxPacketSize(4096).topicAliasMaximum(0));
        EmbeddedChannel channel = open();
        send(channel, connect5("restricted"));
        Map<Integer, Object> properties = properties(single(channel), 2);
        assertThat(properties).containsEntry(0x21, 20L).containsEntry(0x24, 1L).containsEntry(0x25, 0L)
                .containsEntry(0x28, 0L).containsEntry(0x29, 0L).containsEntry(0x2A, 0L).containsEntry(0x13, 30L)
                .containsEntry(0x27, 4096L).doesNotContainKey(0x22);
    }

    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = { 6, 7, 255 })
    @DisplayName("MQTT 5 [MQTT-3.1.2-2]: a protocol level above 5 gets an MQTT 5 CONNACK 0x84, then the channel closes")
    void levelAboveFiveGetsMqtt5Connack(int level) {
        EmbeddedChannel channel = open();
        send(channel, MqttBytes.packet(0x10)    // CONNECT
                .string("MQTT").u8(level)        // protocol name and an unknown level
                .u8(0x02).u16(60)                // clean start, keep-alive
                .varint(0)                       // no properties
                .string("future")                // client identifier
                .build());
        Packet connack = single(channel);
        assertThat(connack.type()).isEqualTo(Packet.CONNACK);
        // MQTT 5 layout: flags, reason code, property length, properties
        assertThat(connack.body().length).isGreaterThan(2);
        assertThat(connack.connackCode()).isEqualTo(0x84);
        assertThat(channel.isActive()).isFalse();
    }

    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = { 0, 1, 2 })
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-2]: an unknown level of 5 or below gets CONNACK 0x01, then the channel closes")
    void lowLevelGetsMqtt311Connack(int level) {
        EmbeddedChannel channel = open();
        send(channel, MqttBytes.packet(0x10)    // CONNECT
                .string("MQTT").u8(level)        // protocol name and an unknown level
                .u8(0x02).u16(60)                // clean session, keep-alive
                .string("old")                   // client identifier
                .build());
        Packet connack = single(channel);
        assertThat(connack.body()).containsExactly(0x00, 0x01);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-1]: an unknown protocol name gets CONNACK 0x01, then the channel closes")
    void unknownProtocolNameGetsMqtt311Connack() {
        EmbeddedChannel channel = open();
        send(channel, MqttBytes.packet(0x10)    // CONNECT
                .string("MQTX").u8(4)            // wrong protocol name, level 4
                .u8(0x02).u16(60)                // clean session, keep-alive
                .string("name")                  // client identifier
                .build());
        List<Packet> packets = received(channel);
        assertThat(channel.isActive()).isFalse();
        assertThat(packets).hasSize(1);
        assertThat(packets.get(0).body()).containsExactly(0x00, 0x01);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.0-1]: a first packet other than CONNECT closes the channel without an answer")
    void firstPacketMustBeConnect() {
        EmbeddedChannel channel = open();
        send(channel, MqttBytes.pingreq());
        assertThat(received(channel)).isEmpty();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.0-1]: a PUBLISH before CONNECT closes the channel without an answer and routes "
            + "nothing")
    void publishBeforeConnect() {
        EmbeddedChannel channel = open();
        send(channel, MqttBytes.publish(4, "t", 1, 1, "early"));
        assertThat(received(channel)).isEmpty();
        assertThat(channel.isActive()).isFalse();
        assertThat(this.broker.counters.messagesReceived()).isZero();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.2-11] [MQTT-4.13.1-1]: Will QoS without Will Flag gets CONNACK 0x81, then the "
            + "channel closes")
    void mqtt5WillQosWithoutWillFlag() {
        EmbeddedChannel channel = open();
        send(channel, MqttBytes.packet(0x10)    // CONNECT
                .string("MQTT").u8(5)            // protocol name, level 5
                .u8(0x0A)                        // flags: clean start, Will QoS 1, Will Flag 0
                .u16(60)                         // keep-alive
                .varint(0)                       // no properties
                .string("badwill")               // client identifier
                .build());
        Packet connack = single(channel);
        assertThat(connack.connackCode()).isEqualTo(0x81);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-13] [MQTT-3.1.4-1]: Will QoS without Will Flag closes the channel without "
            + "CONNACK")
    void mqtt311WillQosWithoutWillFlag() {
        EmbeddedChannel channel = open();
        send(channel, MqttBytes.packet(0x10)    // CONNECT
                .string("MQTT").u8(4)            // protocol name, level 4
                .u8(0x0A)                        // flags: clean session, Will QoS 1, Will Flag 0
                .u16(60)                         // keep-alive
                .string("badwill")               // client identifier
                .build());
        assertThat(received(channel)).isEmpty();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.0-2] [MQTT-4.13.1-1]: a second CONNECT gets DISCONNECT 0x82, then the channel "
            + "closes")
    void mqtt5SecondConnect() {
        EmbeddedChannel channel = connected(5, "twice5");
        send(channel, connect5("twice5"));
        Packet disconnect = single(channel);
        assertThat(disconnect.type()).isEqualTo(Packet.DISCONNECT);
        assertThat(disconnect.disconnectReason()).isEqualTo(0x82);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.0-2]: a second CONNECT closes the channel without an answer")
    void mqtt311SecondConnect() {
        EmbeddedChannel channel = connected(4, "twice311");
        send(channel, connect311("twice311", true));
        assertThat(received(channel)).isEmpty();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 3.1.1: client identifiers starting with $inproc/ are refused with CONNACK 0x02")
    void mqtt311ReservedClientIdPrefix() {
        EmbeddedChannel channel = open();
        send(channel, connect311("$inproc/mine", true));
        assertThat(single(channel).body()).containsExactly(0x00, 0x02);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5: client identifiers starting with $inproc/ are refused with CONNACK 0x85")
    void mqtt5ReservedClientIdPrefix() {
        EmbeddedChannel channel = open();
        send(channel, connect5("$inproc/mine"));
        assertThat(single(channel).connackCode()).isEqualTo(0x85);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.3-8]: an empty client identifier without clean session gets CONNACK 0x02")
    void mqtt311EmptyClientIdWithoutCleanSession() {
        EmbeddedChannel channel = open();
        send(channel, connect311("", false));
        assertThat(single(channel).body()).containsExactly(0x00, 0x02);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-4] [MQTT-3.2.2-2] [MQTT-3.2.2-3]: clean session 0 reports session present on "
            + "reconnect")
    void mqtt311PersistentSessionIsPresentOnReconnect() {
        EmbeddedChannel first = open();
        send(first, connect311("persistent", false));
        assertThat(single(first).body()).containsExactly(0x00, 0x00);
        send(first, MqttBytes.disconnect());
        assertThat(first.isActive()).isFalse();
        EmbeddedChannel second = open();
        send(second, connect311("persistent", false));
        assertThat(single(second).body()).containsExactly(0x01, 0x00);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.4-3]: a second connection with the same client identifier takes over; the first "
            + "gets DISCONNECT 0x8E")
    void mqtt5SessionTakeover() {
        EmbeddedChannel first = connected(5, "taken");
        EmbeddedChannel second = open();
        send(second, connect5("taken"));
        Packet disconnect = single(first);
        assertThat(disconnect.disconnectReason()).isEqualTo(0x8E);
        assertThat(first.isActive()).isFalse();
        Packet connack = single(second);
        assertThat(connack.connackCode()).isZero();
        assertThat(second.isActive()).isTrue();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.2-22]: 1.5 times the keep-alive without a packet gets DISCONNECT 0x8D, then the "
            + "channel closes")
    void mqtt5KeepAliveTimeout() {
        EmbeddedChannel channel = open();
        send(channel, MqttBytes.connect(5, "sleepy", true, 1));
        assertThat(single(channel).connackCode()).isZero();
        this.broker.clock.advance(Duration.ofMillis(1400));
        assertThat(channel.isActive()).as("still open before 1.5 x keep-alive").isTrue();
        send(channel, MqttBytes.pingreq());
        assertThat(single(channel).type()).isEqualTo(Packet.PINGRESP);
        this.broker.clock.advance(Duration.ofMillis(1400));
        assertThat(channel.isActive()).as("a packet restarts the keep-alive").isTrue();
        // the keep-alive sweep runs every 250 ms: closed within one sweep after 1.5 x keep-alive
        this.broker.clock.advance(Duration.ofMillis(350));
        Packet disconnect = single(channel);
        assertThat(disconnect.disconnectReason()).isEqualTo(0x8D);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5 section 3.1: a connection that sends no CONNECT within the connect timeout is closed without "
            + "an answer")
    void connectTimeout() {
        this.broker = new EmbeddedBroker((config) -> config.connectTimeout(Duration.ofSeconds(1)));
        EmbeddedChannel channel = open();
        this.broker.clock.advance(Duration.ofMillis(900));
        assertThat(channel.isActive()).isTrue();
        this.broker.clock.advance(Duration.ofMillis(200));
        assertThat(received(channel)).isEmpty();
        assertThat(channel.isActive()).isFalse();
    }

    // ---- after CONNECT --------------------------------------------------------------------------------------

    @Test
    @DisplayName("MQTT 5 section 3.1.4: packets pipelined behind CONNECT are processed after CONNACK, in order")
    void pipelinedPacketsFollowConnack() {
        EmbeddedChannel channel = open();
        send(channel, connect5("eager"), MqttBytes.subscribe(5, 7, "p/+", 1), MqttBytes.pingreq());
        List<Packet> packets = received(channel);
        assertThat(packets).extracting(Packet::type).containsExactly(Packet.CONNACK, Packet.SUBACK, Packet.PINGRESP);
        // SUBACK: packet identifier 7, no properties, granted QoS 1
        assertThat(packets.get(1).body()).containsExactly(0x00, 0x07, 0x00, 0x01);
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.2.0-1]: a CONNECT accepted at once is answered without pausing the channel's "
            + "reading, and a SUBSCRIBE behind it is answered after CONNACK")
    void connectAcceptedAtOnceDoesNotPauseReading() {
        EmbeddedBroker.ReadPauseCountingChannel channel = this.broker.newReadPauseCountingChannel();
        this.channels.add(channel);
        send(channel, connect311("quick", true), MqttBytes.subscribe(4, 3, "q/#", 0));
        assertThat(received(channel)).extracting(Packet::type).containsExactly(Packet.CONNACK, Packet.SUBACK);
        // a pause and a resume are two epoll_ctl calls on a real socket, for nothing when the answer is immediate
        assertThat(channel.readPauses()).isZero();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.4-1] [MQTT-4.3.2-4]: QoS 1 PUBLISH without subscribers gets PUBACK 0x10")
    void mqtt5PubackNoMatchingSubscribers() {
        EmbeddedChannel channel = connected(5, "lonely");
        send(channel, MqttBytes.publish(5, "nobody/listens", 1, 42, "x"));
        Packet puback = single(channel);
        assertThat(puback.type()).isEqualTo(Packet.PUBACK);
        assertThat(puback.u16(0)).isEqualTo(42);
        assertThat(puback.u8(2)).isEqualTo(0x10);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-4.3.3-8]: QoS 2 PUBLISH without subscribers gets PUBREC 0x10")
    void mqtt5PubrecNoMatchingSubscribers() {
        EmbeddedChannel channel = connected(5, "lonely2");
        send(channel, MqttBytes.publish(5, "nobody/listens", 2, 43, "x"));
        Packet pubrec = single(channel);
        assertThat(pubrec.type()).isEqualTo(Packet.PUBREC);
        assertThat(pubrec.u16(0)).isEqualTo(43);
        assertThat(pubrec.u8(2)).isEqualTo(0x10);
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-4.3.2-2]: QoS 1 PUBLISH gets a PUBACK with its packet identifier")
    void mqtt311Puback() {
        EmbeddedChannel channel = connected(4, "acked");
        send(channel, MqttBytes.publish(4, "t", 1, 9, "x"));
        Packet puback = single(channel);
        assertThat(puback.type()).isEqualTo(Packet.PUBACK);
        assertThat(puback.body()).containsExactly(0x00, 0x09);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.8.4-8]: a subscriber on another channel receives the message at the lower of both QoS")
    void routesBetweenChannels() {
        EmbeddedChannel subscriber = connected(5, "sub");
        send(subscriber, MqttBytes.subscribe(5, 1, "r/#", 1));
        assertThat(single(subscriber).type()).isEqualTo(Packet.SUBACK);
        EmbeddedChannel publisher = connected(4, "pub");
        send(publisher, MqttBytes.publish(4, "r/a", 2, 5, "hello"));
        assertThat(single(publisher).type()).isEqualTo(Packet.PUBREC);
        Packet publish = single(subscriber);
        assertThat(publish.type()).isEqualTo(Packet.PUBLISH);
        assertThat(publish.qos()).isEqualTo(1);
        assertThat(publish.retain()).isFalse();
        assertThat(new String(publish.body(), java.nio.charset.StandardCharsets.UTF_8)).endsWith("hello");
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.2-24] [MQTT-3.1.2-25]: a message larger than the client's Maximum Packet Size is "
            + "dropped for that client, smaller ones still arrive")
    void mqtt5ClientMaximumPacketSize() {
        EmbeddedChannel subscriber = open();
        send(subscriber, MqttBytes.packet(0x10)  // CONNECT
                .string("MQTT").u8(5)              // protocol name, level 5
                .u8(0x02).u16(60)                  // clean start, keep-alive
                .varint(5)                         // properties: 5 bytes
                .u8(0x27).u32(64)                  // Maximum Packet Size 64
                .string("small")                   // client identifier
                .build());
        assertThat(single(subscriber).connackCode()).isZero();
        send(subscriber, MqttBytes.subscribe(5, 1, "big/#", 0));
        assertThat(single(subscriber).type()).isEqualTo(Packet.SUBACK);
        EmbeddedChannel publisher = connected(4, "large");
        send(publisher, MqttBytes.publish(4, "big/x", 0, 0, "x".repeat(200)));
        send(publisher, MqttBytes.publish(4, "big/y", 0, 0, "ok"));
        List<Packet> packets = received(subscriber);
        assertThat(packets).hasSize(1);
        assertThat(packets.get(0).body().length).as("the small message").isLessThan(64);
        assertThat(this.broker.counters.messagesDropped(io.mqttspring.broker.metrics.DropReason.TOO_LARGE))
                .isEqualTo(1);
    }

    @Test
    @DisplayName("MQTT 5 section 3.2.2.3.6: a packet above Maximum Packet Size gets DISCONNECT 0x95, then the channel "
            + "closes")
    void mqtt5PacketTooLarge() {
        this.broker = new EmbeddedBroker((config) -> config.maxPacketSize(64));
        EmbeddedChannel channel = connected(5, "big5");
        send(channel, MqttBytes.publish(5, "t", 0, 0, "x".repeat(100)));
        Packet disconnect = single(channel);
        assertThat(disconnect.disconnectReason()).isEqualTo(0x95);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 3.1.1: a packet above the broker's size limit closes the channel without an answer")
    void mqtt311PacketTooLarge() {
        this.broker = new EmbeddedBroker((config) -> config.maxPacketSize(64));
        EmbeddedChannel channel = connected(4, "big311");
        send(channel, MqttBytes.publish(4, "t", 0, 0, "x".repeat(100)));
        assertThat(received(channel)).isEmpty();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-1.5.4-1] [MQTT-4.13.1-1]: ill-formed UTF-8 in a topic name gets DISCONNECT 0x81")
    void mqtt5IllFormedTopic() {
        EmbeddedChannel channel = connected(5, "utf8");
        send(channel, MqttBytes.packet(0x30)   // PUBLISH, QoS 0
                .binary(new byte[] { 'a', (byte) 0xC3, 0x28 })   // topic: 'a' then an invalid two-byte sequence
                .varint(0)                      // no properties
                .raw((byte) 'x')                // payload
                .build());
        Packet disconnect = single(channel);
        assertThat(disconnect.disconnectReason()).isEqualTo(0x81);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-1.5.4-2] [MQTT-4.13.1-1]: U+0000 in a topic name gets DISCONNECT 0x81")
    void mqtt5NullCharacterInTopic() {
        EmbeddedChannel channel = connected(5, "nul");
        send(channel, MqttBytes.packet(0x30)   // PUBLISH, QoS 0
                .binary(new byte[] { 'a', 0x00, 'b' })   // topic with an encoded U+0000
                .varint(0)                      // no properties
                .raw((byte) 'x')                // payload
                .build());
        assertThat(single(channel).disconnectReason()).isEqualTo(0x81);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.2-2] [MQTT-4.13.1-1]: a wildcard in a PUBLISH topic name gets DISCONNECT 0x81 or "
            + "0x90")
    void mqtt5WildcardInTopicName() {
        EmbeddedChannel channel = connected(5, "wild");
        send(channel, MqttBytes.publish(5, "a/+", 1, 3, "x"));
        // the spec leaves the choice: Netty's decoder reports it as malformed (0x81), the broker would say 0x90
        assertThat(single(channel).disconnectReason()).isIn(0x81, 0x90);
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    @DisplayName("MQTT 5 section 3.4.2.1: a refused publication is acknowledged with 0x87 and not routed")
    void mqtt5NotAuthorized() {
        this.broker = new EmbeddedBroker((config) -> {
        }, new Authorizer() {
            @Override
            public boolean mayPublish(ClientInfo client, String topic, QoS qos, boolean retain) {
                return !topic.startsWith("secret");
            }
        });
        EmbeddedChannel subscriber = connected(5, "spy");
        send(subscriber, MqttBytes.subscribe(5, 1, "#", 1));
        assertThat(single(subscriber).type()).isEqualTo(Packet.SUBACK);
        EmbeddedChannel channel = connected(5, "intruder");
        send(channel, MqttBytes.publish(5, "secret/x", 1, 8, "x"));
        Packet puback = single(channel);
        assertThat(puback.u8(2)).isEqualTo(0x87);
        assertThat(received(subscriber)).isEmpty();
    }

    @Test
    @DisplayName("MQTT 3.1.1: a refused publication is acknowledged normally and not routed")
    void mqtt311NotAuthorized() {
        this.broker = new EmbeddedBroker((config) -> {
        }, new Authorizer() {
            @Override
            public boolean mayPublish(ClientInfo client, String topic, QoS qos, boolean retain) {
                return false;
            }
        });
        EmbeddedChannel subscriber = connected(4, "spy311");
        send(subscriber, MqttBytes.subscribe(4, 1, "#", 1));
        assertThat(single(subscriber).type()).isEqualTo(Packet.SUBACK);
        EmbeddedChannel channel = connected(4, "intruder311");
        send(channel, MqttBytes.publish(4, "secret/x", 1, 8, "x"));
        assertThat(single(channel).body()).containsExactly(0x00, 0x08);
        assertThat(received(subscriber)).isEmpty();
    }

    @Test
    @DisplayName("the traffic counter counts every byte read and written")
    void countsBytes() {
        EmbeddedChannel channel = open();
        byte[] connect = connect311("counted", true);
        byte[] ping = MqttBytes.pingreq();
        send(channel, connect);
        send(channel, ping);
        List<Packet> packets = received(channel);
        assertThat(packets).extracting(Packet::type).containsExactly(Packet.CONNACK, Packet.PINGRESP);
        assertThat(this.broker.counters.bytesReceived()).isEqualTo(connect.length + ping.length);
        // CONNACK (4 bytes) and PINGRESP (2 bytes)
        assertThat(this.broker.counters.bytesSent()).isEqualTo(6);
        assertThat(this.broker.counters.connections()).isEqualTo(1);
    }

    /**
     * Read the properties of an MQTT 5 packet.
     * @param packet the packet
     * @param offset where the property length starts in the body
     * @return the values by identifier: numbers as {@code Long}, strings as {@code String}
     */
    private static Map<Integer, Object> properties(Packet packet, int offset) {
        byte[] body = packet.body();
        int index = offset;
        int length = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = body[index++] & 0xFF;
            length += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        }
        while ((digit & 0x80) != 0);
        int end = index + length;
        Map<Integer, Object> properties = new HashMap<>();
        while (index < end) {
            int id = body[index++] & 0xFF;
            switch (id) {
                case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> properties.put(id, (long) packet.u8(index++));
                case 0x13, 0x21, 0x22 -> {
                    properties.put(id, (long) packet.u16(index));
                    index += 2;
                }
                case 0x02, 0x11, 0x18, 0x27 -> {
                    properties.put(id, ((long) packet.u16(index) << 16) | packet.u16(index + 2));
                    index += 4;
                }
                case 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F -> {
                    int size = packet.u16(index);
                    properties.put(id, new String(body, index + 2, size, java.nio.charset.StandardCharsets.UTF_8));
                    index += 2 + size;
                }
                default -> throw new AssertionError("property 0x" + Integer.toHexString(id) + " not expected here");
            }
        }
        return properties;
    }

}
