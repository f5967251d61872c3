package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Writes the MQTT 3.1.1 control packets the load tool sends, straight into a caller's buffer.
 */
final class Mqtt311Frames {

    static final int CONNECT = 1;
    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int PUBACK = 4;
    static final int PUBREC = 5;
    static final int PUBREL = 6;
    static final int PUBCOMP = 7;
    static final int SUBSCRIBE = 8;
    static final int SUBACK = 9;
    static final int PINGREQ = 12;
    static final int PINGRESP = 13;
    static final int DISCONNECT = 14;

    private static final byte[] PROTOCOL_NAME = "MQTT".getBytes(StandardCharsets.US_ASCII);

    private Mqtt311Frames() {
    }

    static void writeConnect(ByteBuf out, String clientId, int keepAliveSeconds, ClientCredentials credentials,
            boolean cleanSession) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] username = credentials.username();
        byte[] password = credentials.password();
        int length = 2 + PROTOCOL_NAME.length + 1 + 1 + 2 + 2 + id.length;
        int flags = cleanSession ? 0x02 : 0; // no will
        if (username != null) {
            length += 2 + username.length;
            flags |= 0x80;
            if (password != null) {
                length += 2 + password.length;
                flags |= 0x40;
            }
        }
        out.writeByte(CONNECT << 4);
        writeRemainingLength(out, length);
        out.writeShort(PROTOCOL_NAME.length).writeBytes(PROTOCOL_NAME);
        out.writeByte(4); // protocol level 4 = 3.1.1
        out.writeByte(flags);
        out.writeShort(keepAliveSeconds);
        out.writeShort(id.length).writeBytes(id);
        if (username != null) {
            out.writeShort(username.length).writeBytes(username);
            if (password != null) {
                out.writeShort(password.length).writeBytes(password);
            }
        }
    }

    static void writeSubscribe(ByteBuf out, int packetId, String topicFilter, int qos) {
        writeSubscribe(out, packetId, new String[] { topicFilter }, qos);
    }

    /** One SUBSCRIBE with several filters, all at the same QoS. */
    static void writeSubscribe(ByteBuf out, int packetId, String[] topicFilters, int qos) {
        byte[][] filters = new byte[topicFilters.length][];
        int remaining = 2;
        for (int i = 0; i < topicFilters.length; i++) {
            filters[i] = topicFilters[i].getBytes(StandardCharsets.UTF_8);
            remaining += 2 + filters[i].length + 1;
        }
        out.writeByte(SUBSCRIBE << 4 | 0x02); // [MQTT-3.8.1-1] reserved flags 0010
        writeRemainingLength(out, remaining);
        out.writeShort(packetId);
        for (byte[] filter : filters) {
            out.writeShort(filter.length).writeBytes(filter);
            out.writeByte(qos);
        }
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP: a type, the packet identifier, nothing else in 3.1.1. */
    static void writeAck(ByteBuf out, int type, int packetId) {
        // [MQTT-3.6.1-1] PUBREL carries the reserved flags 0010
        out.writeByte(type << 4 | (type == PUBREL ? 0x02 : 0));
        out.writeByte(2);
        out.writeShort(packetId);
    }

    static void writePingReq(ByteBuf out) {
        out.writeByte(PINGREQ << 4).writeByte(0);
    }

    static void writeDisconnect(ByteBuf out) {
        out.writeByte(DISCONNECT << 4).writeByte(0);
    }

    static void writeRemainingLength(ByteBuf out, int length) {
        int value = length;
        do {
            int digit = value & 0x7F;
            value >>>= 7;
            out.writeByte(value > 0 ? digit | 0x80 : digit);
        }
        while (value > 0);
    }

    static int remainingLengthSize(int length) {
        return length < 128 ? 1 : length < 16_384 ? 2 : length < 2_097_152 ? 3 : 4;
    }

}
