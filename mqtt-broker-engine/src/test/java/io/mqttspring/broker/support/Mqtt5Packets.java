package io.mqttspring.broker.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 5 packets for {@link RawClient}: well-formed packets with properties, written field by field, and parsers for
 * what the broker answers. Packets whose bytes are the same in both versions (acknowledgements, PINGREQ) are in
 * {@link MqttBytes}; packet type numbers in {@link RawClient.Packet}.
 */
public final class Mqtt5Packets {

    private Mqtt5Packets() {
    }

    // ---- building -------------------------------------------------------------------------------------------

    /**
     * An MQTT 5 CONNECT without will, user name or password.
     * @param clientId the client identifier
     * @param cleanStart the Clean Start flag
     * @param keepAlive the keep alive in seconds
     * @param properties the CONNECT properties
     * @return the bytes
     */
    public static byte[] connect(String clientId, boolean cleanStart, int keepAlive, Mqtt5Properties properties) {
        return MqttBytes.packet(0x10)                    // CONNECT
                .string("MQTT").u8(5)                    // protocol name, protocol level 5
                .u8(cleanStart ? 0x02 : 0x00)            // connect flags: Clean Start only
                .u16(keepAlive)                          // keep alive
                .raw(properties.encode())                // properties
                .string(clientId)                        // client identifier
                .build();
    }

    /**
     * An MQTT 5 CONNECT with Clean Start, keep alive 60 and no properties.
     * @param clientId the client identifier
     * @return the bytes
     */
    public static byte[] connect(String clientId) {
        return connect(clientId, true, 60, Mqtt5Properties.NONE);
    }

    /**
     * An MQTT 5 CONNECT with a will.
     * @param clientId the client identifier
     * @param cleanStart the Clean Start flag
     * @param keepAlive the keep alive in seconds
     * @param properties the CONNECT properties
     * @param will the will
     * @return the bytes
     */
    public static byte[] connect(String clientId, boolean cleanStart, int keepAlive, Mqtt5Properties properties,
            Will will) {
        int flags = 0x04 | (will.qos() << 3) | (will.retain() ? 0x20 : 0) | (cleanStart ? 0x02 : 0);
        return MqttBytes.packet(0x10)                    // CONNECT
                .string("MQTT").u8(5)                    // protocol name, protocol level 5
                .u8(flags)                               // connect flags: Will Flag, Will QoS, Will Retain, Clean Start
                .u16(keepAlive)                          // keep alive
                .raw(properties.encode())                // properties
                .string(clientId)                        // client identifier
                .raw(will.properties().encode())         // will properties
                .string(will.topic())                    // will topic
                .binary(will.payload().getBytes(StandardCharsets.UTF_8)) // will payload
                .build();
    }

    /**
     * An MQTT 5 PUBLISH.
     * @param topic the topic name (empty with a Topic Alias)
     * @param qos the QoS
     * @param retain the RETAIN flag
     * @param packetId the packet identifier, left out for QoS 0
     * @param properties the PUBLISH properties
     * @param payload the payload
     * @return the bytes
     */
    public static byte[] publish(String topic, int qos, boolean retain, int packetId, Mqtt5Properties properties,
            String payload) {
        return publish(false, topic, qos, retain, packetId, properties, payload.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An MQTT 5 PUBLISH with every flag and a binary payload.
     * @param duplicate the DUP flag
     * @param topic the topic name (empty with a Topic Alias)
     * @param qos the QoS
     * @param retain the RETAIN flag
     * @param packetId the packet identifier, left out for QoS 0
     * @param properties the PUBLISH properties
     * @param payload the payload
     * @return the bytes
     */
    public static byte[] publish(boolean duplicate, String topic, int qos, boolean retain, int packetId,
            Mqtt5Properties properties, byte[] payload) {
        int flags = (duplicate ? 0x08 : 0) | (qos << 1) | (retain ? 0x01 : 0);
        MqttBytes packet = MqttBytes.packet(0x30 | flags)    // PUBLISH with DUP, QoS, RETAIN
                .string(topic);                              // topic name
        if (qos > 0) {
            packet.u16(packetId);                            // packet identifier
        }
        return packet.raw(properties.encode())               // properties
                .raw(payload)                                // payload
                .build();
    }

    /**
     * An MQTT 5 PUBLISH without RETAIN or properties.
     * @param topic the topic name
     * @param qos the QoS
     * @param packetId the packet identifier, left out for QoS 0
     * @param payload the payload
     * @return the bytes
     */
    public static byte[] publish(String topic, int qos, int packetId, String payload) {
        return publish(topic, qos, false, packetId, Mqtt5Properties.NONE, payload);
    }

    /**
     * An MQTT 5 SUBSCRIBE.
     * @param packetId the packet identifier
     * @param properties the SUBSCRIBE properties (Subscription Identifier, User Properties)
     * @param filters the topic filters with their subscription options
     * @return the bytes
     */
    public static byte[] subscribe(int packetId, Mqtt5Properties properties, Filter... filters) {
        MqttBytes packet = MqttBytes.packet(0x82)            // SUBSCRIBE, flags 0010
                .u16(packetId)                               // packet identifier
                .raw(properties.encode());                   // properties
        for (Filter filter : filters) {
            packet.string(filter.filter())                   // topic filter
                    .u8(filter.options());                   // subscription options
        }
        return packet.build();
    }

    /**
     * An MQTT 5 SUBSCRIBE to one filter, without properties.
     * @param packetId the packet identifier
     * @param filter the topic filter
     * @param options the subscription options byte
     * @return the bytes
     */
    public static byte[] subscribe(int packetId, String filter, int options) {
        return subscribe(packetId, Mqtt5Properties.NONE, new Filter(filter, options));
    }

    /**
     * An MQTT 5 UNSUBSCRIBE.
     * @param packetId the packet identifier
     * @param filters the topic filters
     * @return the bytes
     */
    public static byte[] unsubscribe(int packetId, String... filters) {
        MqttBytes packet = MqttBytes.packet(0xA2)            // UNSUBSCRIBE, flags 0010
                .u16(packetId)                               // packet identifier
                .varint(0);                                  // no properties
        for (String filter : filters) {
            packet.string(filter);                           // topic filter
        }
        return packet.build();
    }

    /**
     * An MQTT 5 DISCONNECT.
     * @param reasonCode the reason code
     * @param properties the properties (Session Expiry Interval, for instance)
     * @return the bytes
     */
    public static byte[] disconnect(int reasonCode, Mqtt5Properties properties) {
        return MqttBytes.packet(0xE0)                        // DISCONNECT
                .u8(reasonCode)                              // reason code
                .raw(properties.encode())                    // properties
                .build();
    }

    // ---- raw connections ------------------------------------------------------------------------------------

    /**
     * Open a raw connection, send a CONNECT and check the CONNACK accepts it.
     * @param port the broker port
     * @param connect the CONNECT bytes
     * @return the connected client
     */
    public static RawClient connected(int port, byte[] connect) {
        RawClient client = RawClient.connect(port);
        client.send(connect);
        Connack connack = connack(client.read());
        assertThat(connack.reasonCode()).as("CONNACK reason code").isZero();
        return client;
    }

    // ---- parsing --------------------------------------------------------------------------------------------

    /**
     * Parse a CONNACK, checking its type and length.
     * @param packet the packet
     * @return the flags, reason code and properties
     */
    public static Connack connack(RawClient.Packet packet) {
        assertThat(packet.type()).as("packet type of %s", packet).isEqualTo(RawClient.Packet.CONNACK);
        byte[] body = packet.body();
        Mqtt5Properties.Parsed parsed = Mqtt5Properties.parse(body, 2);
        assertThat(parsed.end()).as("CONNACK length").isEqualTo(body.length);
        return new Connack(packet.u8(0), packet.u8(1), parsed.properties());
    }

    /**
     * Parse a DISCONNECT, checking its type.
     * @param packet the packet
     * @return the reason code (0 when left out) and properties
     */
    public static Disconnect disconnect(RawClient.Packet packet) {
        assertThat(packet.type()).as("packet type of %s", packet).isEqualTo(RawClient.Packet.DISCONNECT);
        byte[] body = packet.body();
        if (body.length == 0) {
            return new Disconnect(0, Mqtt5Properties.NONE);
        }
        Mqtt5Properties properties = (body.length > 1) ? Mqtt5Properties.parse(body, 1).properties()
                : Mqtt5Properties.NONE;
        return new Disconnect(packet.u8(0), properties);
    }

    /**
     * Parse a PUBLISH, checking its type.
     * @param packet the packet
     * @return the PUBLISH
     */
    public static Publish publish(RawClient.Packet packet) {
        assertThat(packet.type()).as("packet type of %s", packet).isEqualTo(RawClient.Packet.PUBLISH);
        byte[] body = packet.body();
        int[] position = { 0 };
        String topic = new String(Mqtt5Properties.readBinary(body, position), StandardCharsets.UTF_8);
        int packetId = (packet.qos() > 0) ? Mqtt5Properties.readU16(body, position) : 0;
        Mqtt5Properties.Parsed parsed = Mqtt5Properties.parse(body, position[0]);
        byte[] payload = new byte[body.length - parsed.end()];
        System.arraycopy(body, parsed.end(), payload, 0, payload.length);
        return new Publish(topic, packet.qos(), packet.retain(), packet.duplicate(), packetId,
                parsed.properties(), payload);
    }

    /**
     * Parse a PUBACK, PUBREC, PUBREL or PUBCOMP.
     * @param packet the packet
     * @return the packet identifier, reason code (0 when left out) and properties
     */
    public static Ack ack(RawClient.Packet packet) {
        assertThat(packet.type()).as("packet type of %s", packet).isBetween(RawClient.Packet.PUBACK,
                RawClient.Packet.PUBCOMP);
        byte[] body = packet.body();
        int reasonCode = (body.length > 2) ? packet.u8(2) : 0;
        Mqtt5Properties properties = (body.length > 3) ? Mqtt5Properties.parse(body, 3).properties()
                : Mqtt5Properties.NONE;
        return new Ack(packet.u16(0), reasonCode, properties);
    }

    /**
     * Parse a SUBACK or UNSUBACK.
     * @param packet the packet
     * @return the packet identifier, properties and reason codes
     */
    public static SubAck subAck(RawClient.Packet packet) {
        assertThat(packet.type()).as("packet type of %s", packet).isIn(RawClient.Packet.SUBACK,
                RawClient.Packet.UNSUBACK);
        byte[] body = packet.body();
        Mqtt5Properties.Parsed parsed = Mqtt5Properties.parse(body, 2);
        List<Integer> codes = new ArrayList<>();
        for (int i = parsed.end(); i < body.length; i++) {
            codes.add(body[i] & 0xFF);
        }
        return new SubAck(packet.u16(0), parsed.properties(), codes);
    }

    /**
     * A will for {@link #connect(String, boolean, int, Mqtt5Properties, Will)}.
     *
     * @param topic the will topic
     * @param payload the will payload
     * @param qos the will QoS
     * @param retain the Will Retain flag
     * @param properties the will properties
     */
    public record Will(String topic, String payload, int qos, boolean retain, Mqtt5Properties properties) {

        /**
         * A will at QoS 0, not retained, without properties.
         * @param topic the will topic
         * @param payload the will payload
         */
        public Will(String topic, String payload) {
            this(topic, payload, 0, false, Mqtt5Properties.NONE);
        }

    }

    /**
     * A topic filter and its subscription options byte.
     *
     * @param filter the topic filter
     * @param options bits 0-1 QoS, 2 No Local, 3 Retain As Published, 4-5 Retain Handling
     */
    public record Filter(String filter, int options) {
    }

    /**
     * A CONNACK as received.
     *
     * @param flags the acknowledge flags
     * @param reasonCode the reason code
     * @param properties the properties
     */
    public record Connack(int flags, int reasonCode, Mqtt5Properties properties) {

        /**
         * Return the Session Present flag.
         * @return {@code true} if set
         */
        public boolean sessionPresent() {
            return (this.flags & 0x01) != 0;
        }

    }

    /**
     * A DISCONNECT as received.
     *
     * @param reasonCode the reason code
     * @param properties the properties
     */
    public record Disconnect(int reasonCode, Mqtt5Properties properties) {
    }

    /**
     * A PUBLISH as received.
     *
     * @param topic the topic name
     * @param qos the QoS
     * @param retain the RETAIN flag
     * @param duplicate the DUP flag
     * @param packetId the packet identifier, 0 for QoS 0
     * @param properties the properties
     * @param payload the payload
     */
    public record Publish(String topic, int qos, boolean retain, boolean duplicate, int packetId,
            Mqtt5Properties properties, byte[] payload) {

        /**
         * Return the payload as text.
         * @return the payload decoded as UTF-8
         */
        public String payloadText() {
            return new String(this.payload, StandardCharsets.UTF_8);
        }

    }

    /**
     * A PUBACK, PUBREC, PUBREL or PUBCOMP as received.
     *
     * @param packetId the packet identifier
     * @param reasonCode the reason code
     * @param properties the properties
     */
    public record Ack(int packetId, int reasonCode, Mqtt5Properties properties) {
    }

    /**
     * A SUBACK or UNSUBACK as received.
     *
     * @param packetId the packet identifier
     * @param properties the properties
     * @param reasonCodes one per topic filter
     */
    public record SubAck(int packetId, Mqtt5Properties properties, List<Integer> reasonCodes) {
    }

}
