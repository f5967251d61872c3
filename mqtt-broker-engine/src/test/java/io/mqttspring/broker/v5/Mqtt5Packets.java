package io.mqttspring.broker.v5;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 5 packets for {@link RawClient}: well-formed packets with properties, written field by field, and parsers for
 * what the broker answers.
 */
final class Mqtt5Packets {

    static final int CONNACK = RawClient.Packet.CONNACK;

    static final int PUBLISH = RawClient.Packet.PUBLISH;

    static final int PUBACK = RawClient.Packet.PUBACK;

    static final int PUBREC = RawClient.Packet.PUBREC;

    static final int PUBREL = RawClient.Packet.PUBREL;

    static final int PUBCOMP = RawClient.Packet.PUBCOMP;

    static final int SUBACK = RawClient.Packet.SUBACK;

    static final int UNSUBACK = RawClient.Packet.UNSUBACK;

    static final int PINGRESP = RawClient.Packet.PINGRESP;

    static final int DISCONNECT = RawClient.Packet.DISCONNECT;

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
    static byte[] connect(String clientId, boolean cleanStart, int keepAlive, Mqtt5Properties properties) {
        return MqttBytes.packet(0x10)                    // CONNECT
                .string("MQTT").u8(5)                    // protocol name, protocol level 5
                .u8(cleanStart ? 0x02 : 0x00)            // connect flags: Clean Start only
                .u16(keepAlive)                          // keep alive
                .raw(properties.encode())                // properties
                .string(clientId)                        // client identifier
                .build();
    }

    static byte[] connect(String clientId) {
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
    static byte[] connect(String clientId, boolean cleanStart, int keepAlive, Mqtt5Properties properties,
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
    static byte[] publish(String topic, int qos, boolean retain, int packetId, Mqtt5Properties properties,
            String payload) {
        return publish(false, topic, qos, retain, packetId, properties, payload.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] publish(boolean duplicate, String topic, int qos, boolean retain, int packetId,
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

    static byte[] publish(String topic, int qos, int packetId, String payload) {
        return publish(topic, qos, false, packetId, Mqtt5Properties.NONE, payload);
    }

    /**
     * An MQTT 5 SUBSCRIBE.
     * @param packetId the packet identifier
     * @param properties the SUBSCRIBE properties (Subscription Identifier, User Properties)
     * @param filters the topic filters with their subscription options
     * @return the bytes
     */
    static byte[] subscribe(int packetId, Mqtt5Properties properties, Filter... filters) {
        MqttBytes packet = MqttBytes.packet(0x82)            // SUBSCRIBE, flags 0010
                .u16(packetId)                               // packet identifier
                .raw(properties.encode());                   // properties
        for (Filter filter : filters) {
            packet.string(filter.filter())                   // topic filter
                    .u8(filter.options());                   // subscription options
        }
        return packet.build();
    }

    static byte[] subscribe(int packetId, String filter, int options) {
        return subscribe(packetId, Mqtt5Properties.NONE, new Filter(filter, options));
    }

    /**
     * An MQTT 5 UNSUBSCRIBE.
     * @param packetId the packet identifier
     * @param filters the topic filters
     * @return the bytes
     */
    static byte[] unsubscribe(int packetId, String... filters) {
        MqttBytes packet = MqttBytes.packet(0xA2)            // UNSUBSCRIBE, flags 0010
                .u16(packetId)                               // packet identifier
                .varint(0);                                  // no properties
        for (String filter : filters) {
            packet.string(filter);                           // topic filter
        }
        return packet.build();
    }

    /**
     * A PUBACK, PUBREC, PUBREL or PUBCOMP with reason code 0x00 and no properties.
     * @param firstByte packet type and flags: 0x40, 0x50, 0x62 or 0x70
     * @param packetId the packet identifier
     * @return the bytes
     */
    static byte[] ack(int firstByte, int packetId) {
        return MqttBytes.packet(firstByte)                   // PUBACK / PUBREC / PUBREL / PUBCOMP
                .u16(packetId)                               // packet identifier; reason 0x00 left out
                .build();
    }

    static byte[] puback(int packetId) {
        return ack(0x40, packetId);
    }

    static byte[] pubrec(int packetId) {
        return ack(0x50, packetId);
    }

    static byte[] pubrel(int packetId) {
        return ack(0x62, packetId);
    }

    static byte[] pubcomp(int packetId) {
        return ack(0x70, packetId);
    }

    /**
     * An MQTT 5 DISCONNECT.
     * @param reasonCode the reason code
     * @param properties the properties (Session Expiry Interval, for instance)
     * @return the bytes
     */
    static byte[] disconnect(int reasonCode, Mqtt5Properties properties) {
        return MqttBytes.packet(0xE0)                        // DISCONNECT
                .u8(reasonCode)                              // reason code
                .raw(properties.encode())                    // properties
                .build();
    }

    /**
     * Join packets, to send them in one write: the broker cannot close the socket between them then.
     * @param packets the packets
     * @return their bytes, in order
     */
    static byte[] concat(byte[]... packets) {
        java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
        for (byte[] packet : packets) {
            batch.writeBytes(packet);
        }
        return batch.toByteArray();
    }

    // ---- raw connections ------------------------------------------------------------------------------------

    /**
     * Open a raw connection, send a CONNECT and check the CONNACK accepts it.
     * @param port the broker port
     * @param connect the CONNECT bytes
     * @return the connected client
     */
    static RawClient connected(int port, byte[] connect) {
        RawClient client = RawClient.connect(port);
        client.send(connect);
        Connack connack = connack(client.read());
        assertThat(connack.reasonCode()).as("CONNACK reason code").isZero();
        return client;
    }

    static RawClient connected(int port, String clientId) {
        return connected(port, connect(clientId));
    }

    // ---- parsing --------------------------------------------------------------------------------------------

    static Connack connack(RawClient.Packet packet) {
        assertThat(packet.type()).as("packet type of %s", packet).isEqualTo(CONNACK);
        byte[] body = packet.body();
        Mqtt5Properties.Parsed parsed = Mqtt5Properties.parse(body, 2);
        assertThat(parsed.end()).as("CONNACK length").isEqualTo(body.length);
        return new Connack(packet.u8(0), packet.u8(1), parsed.properties());
    }

    static Disconnect disconnect(RawClient.Packet packet) {
        assertThat(packet.type()).as("packet type of %s", packet).isEqualTo(DISCONNECT);
        byte[] body = packet.body();
        if (body.length == 0) {
            return new Disconnect(0, Mqtt5Properties.NONE);
        }
        Mqtt5Properties properties = (body.length > 1) ? Mqtt5Properties.parse(body, 1).properties()
                : Mqtt5Properties.NONE;
        return new Disconnect(packet.u8(0), properties);
    }

    static Publish publish(RawClient.Packet packet) {
        assertThat(packet.type()).as("packet type of %s", packet).isEqualTo(PUBLISH);
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
    static Ack ack(RawClient.Packet packet) {
        assertThat(packet.type()).as("packet type of %s", packet).isBetween(PUBACK, PUBCOMP);
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
    static SubAck subAck(RawClient.Packet packet) {
        assertThat(packet.type()).as("packet type of %s", packet).isIn(SUBACK, UNSUBACK);
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
    record Will(String topic, String payload, int qos, boolean retain, Mqtt5Properties properties) {

        Will(String topic, String payload) {
            this(topic, payload, 0, false, Mqtt5Properties.NONE);
        }

    }

    /**
     * A topic filter and its subscription options byte.
     *
     * @param filter the topic filter
     * @param options bits 0-1 QoS, 2 No Local, 3 Retain As Published, 4-5 Retain Handling
     */
    record Filter(String filter, int options) {
    }

    record Connack(int flags, int reasonCode, Mqtt5Properties properties) {

        boolean sessionPresent() {
            return (this.flags & 0x01) != 0;
        }

    }

    record Disconnect(int reasonCode, Mqtt5Properties properties) {
    }

    record Publish(String topic, int qos, boolean retain, boolean duplicate, int packetId,
            Mqtt5Properties properties, byte[] payload) {

        String payloadText() {
            return new String(this.payload, StandardCharsets.UTF_8);
        }

    }

    record Ack(int packetId, int reasonCode, Mqtt5Properties properties) {
    }

    record SubAck(int packetId, Mqtt5Properties properties, List<Integer> reasonCodes) {
    }

}
