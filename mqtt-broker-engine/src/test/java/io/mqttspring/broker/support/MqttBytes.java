package io.mqttspring.broker.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes MQTT packets byte by byte, for input no real client sends. The fixed header's remaining length is computed
 * unless given explicitly.
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

    private Integer remainingLength;

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

    /** PINGREQ. */
    public static byte[] pingreq() {
        return new byte[] { (byte) 0xC0, 0x00 };
    }

    /** DISCONNECT without reason code. */
    public static byte[] disconnect() {
        return new byte[] { (byte) 0xE0, 0x00 };
    }

    public MqttBytes u8(int value) {
        this.body.write(value);
        return this;
    }

    public MqttBytes u16(int value) {
        this.body.write(value >> 8);
        this.body.write(value);
        return this;
    }

    public MqttBytes u32(long value) {
        u16((int) (value >> 16));
        return u16((int) value);
    }

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
     * Declare a remaining length other than the body's, to build inconsistent packets.
     * @param length the remaining length to write
     * @return this builder
     */
    public MqttBytes remainingLength(int length) {
        this.remainingLength = length;
        return this;
    }

    public byte[] build() {
        byte[] content = this.body.toByteArray();
        MqttBytes header = new MqttBytes(0);
        header.body.write(this.firstByte);
        header.varint((this.remainingLength != null) ? this.remainingLength : content.length);
        header.body.writeBytes(content);
        return header.body.toByteArray();
    }

}
