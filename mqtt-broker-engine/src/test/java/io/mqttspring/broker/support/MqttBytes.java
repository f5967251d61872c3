package io.mqttspring.broker.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes MQTT packets byte by byte, for input no real client sends. The fixed header's remaining length is computed
 * from the body.
 * <pre>{@code
 * byte[] connect = MqttBytes.packet(0x10)   // CONNECT
 *         .string("MQTT").u8(4)             // protocol name and level
 *         .u8(0x02).u16(60)                 // clean session, keep-alive
 *         .string("client")                 // client identifier
 *         .build();
 * }</pre>
 */
public final class MqttBytes {

    private final int firstByte;

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private MqttBytes(int firstByte) {
        this.firstByte = firstByte;
    }

    /**
     * Start a packet.
     * @param firstByte packet type in the upper four bits, flags in the lower four
     * @return the builder
     */
    public static MqttBytes packet(int firstByte) {
        return new MqttBytes(firstByte);
    }

    /**
     * A well-formed CONNECT with no will, user name or password.
     * @param level 3 (MQIsdp), 4 (3.1.1) or 5
     * @param clientId the client identifier
     * @param cleanStart Clean Session / Clean Start
     * @param keepAlive keep-alive in seconds
     * @return the bytes
     */
    public static byte[] connect(int level, String clientId, boolean cleanStart, int keepAlive) {
        MqttBytes packet = packet(0x10).string((level == 3) ? "MQIsdp" : "MQTT").u8(level)
                .u8(cleanStart ? 0x02 : 0x00).u16(keepAlive);
        if (level == 5) {
            packet.varint(0);
        }
        return packet.string(clientId).build();
    }

    /**
     * A PUBLISH.
     * @param level the connection's protocol level (5 adds an empty property section)
     * @param topic the topic name
     * @param qos the QoS
     * @param packetId the packet identifier (ignored for QoS 0)
     * @param payload the payload
     * @return the bytes
     */
    public static byte[] publish(int level, String topic, int qos, int packetId, String payload) {
        MqttBytes packet = packet(0x30 | (qos << 1)).string(topic);
        if (qos > 0) {
            packet.u16(packetId);
        }
        if (level == 5) {
            packet.varint(0);
        }
        return packet.raw(payload.getBytes(StandardCharsets.UTF_8)).build();
    }

    /**
     * A SUBSCRIBE with one filter.
     * @param level the connection's protocol level
     * @param packetId the packet identifier
     * @param filter the topic filter
     * @param options the subscription options byte (QoS in the low bits)
     * @return the bytes
     */
    public static byte[] subscribe(int level, int packetId, String filter, int options) {
        MqttBytes packet = packet(0x82).u16(packetId);
        if (level == 5) {
            packet.varint(0);
        }
        return packet.string(filter).u8(options).build();
    }

    /**
     * A PUBACK; in MQTT 5 the same bytes mean reason code 0x00 and no properties.
     * @param packetId the packet identifier
     * @return the bytes
     */
    public static byte[] puback(int packetId) {
        return ack(0x40, packetId);
    }

    /**
     * A PUBREC; in MQTT 5 the same bytes mean reason code 0x00 and no properties.
     * @param packetId the packet identifier
     * @return the bytes
     */
    public static byte[] pubrec(int packetId) {
        return ack(0x50, packetId);
    }

    /**
     * A PUBREL; in MQTT 5 the same bytes mean reason code 0x00 and no properties.
     * @param packetId the packet identifier
     * @return the bytes
     */
    public static byte[] pubrel(int packetId) {
        return ack(0x62, packetId);
    }

    /**
     * A PUBCOMP; in MQTT 5 the same bytes mean reason code 0x00 and no properties.
     * @param packetId the packet identifier
     * @return the bytes
     */
    public static byte[] pubcomp(int packetId) {
        return ack(0x70, packetId);
    }

    private static byte[] ack(int firstByte, int packetId) {
        return packet(firstByte) // packet type and flags
                .u16(packetId) // packet identifier; an MQTT 5 reason code 0x00 may be left out
                .build();
    }

    /** PINGREQ. */
    public static byte[] pingreq() {
        return new byte[] { (byte) 0xC0, 0x00 };
    }

    /** DISCONNECT without reason code. */
    public static byte[] disconnect() {
        return new byte[] { (byte) 0xE0, 0x00 };
    }

    /**
     * Join packets, to send them in one write: the broker cannot close the socket between them then.
     * @param packets the packets
     * @return their bytes, in order
     */
    public static byte[] concat(byte[]... packets) {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (byte[] packet : packets) {
            batch.writeBytes(packet);
        }
        return batch.toByteArray();
    }

    /**
     * Encode text as UTF-8, for payloads and binary fields.
     * @param text the text
     * @return the bytes
     */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A one-byte integer.
     * @param value the value, 0 to 255
     * @return this builder
     */
    public MqttBytes u8(int value) {
        this.body.write(value);
        return this;
    }

    /**
     * A two-byte integer, most significant byte first.
     * @param value the value, 0 to 65535
     * @return this builder
     */
    public MqttBytes u16(int value) {
        this.body.write(value >> 8);
        this.body.write(value);
        return this;
    }

    /**
     * A four-byte integer, most significant byte first.
     * @param value the value
     * @return this builder
     */
    public MqttBytes u32(long value) {
        u16((int) (value >> 16));
        return u16((int) value);
    }

    /**
     * A variable byte integer (property lengths, subscription identifiers).
     * @param value the value
     * @return this builder
     */
    public MqttBytes varint(int value) {
        int remaining = value;
        do {
            int digit = remaining % 128;
            remaining /= 128;
            this.body.write((remaining > 0) ? (digit | 0x80) : digit);
        }
        while (remaining > 0);
        return this;
    }

    /**
     * A UTF-8 string with its two-byte length.
     * @param value the string
     * @return this builder
     */
    public MqttBytes string(String value) {
        return binary(value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Binary data with its two-byte length; also for strings with hand-made, possibly ill-formed, UTF-8.
     * @param value the bytes
     * @return this builder
     */
    public MqttBytes binary(byte[] value) {
        u16(value.length);
        return raw(value);
    }

    /**
     * Bytes as they are, without a length.
     * @param value the bytes
     * @return this builder
     */
    public MqttBytes raw(byte... value) {
        this.body.writeBytes(value);
        return this;
    }

    /**
     * Return the packet: the first byte, the remaining length, then the body.
     * @return the bytes
     */
    public byte[] build() {
        byte[] content = this.body.toByteArray();
        MqttBytes header = new MqttBytes(0);
        header.body.write(this.firstByte);
        header.varint(content.length);
        header.body.writeBytes(content);
        return header.body.toByteArray();
    }

}
