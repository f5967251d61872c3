package io.mqttspring.broker.codec;

import io.mqttspring.broker.message.ReasonCode;
import io.netty.buffer.ByteBuf;

import org.jspecify.annotations.Nullable;

/**
 * Checks a complete packet for what Netty's decoder lets through: in MQTT 5 property sections, a property that does
 * not belong to the packet (a Malformed Packet) and a single-use property given twice (a Protocol Error), per MQTT
 * 5.0 section 2.2.2.2; in SUBSCRIBE, reserved bits of the subscription options, which the decoder drops
 * (3.1.1 [MQTT-3.8.3-4], 5.0 [MQTT-3.8.3-5]). Reads without moving the buffer's indexes. Other structural problems
 * are left to the decoder.
 */
final class PacketScanner {

    private static final int BYTE = 1;

    private static final int TWO_BYTES = 2;

    private static final int FOUR_BYTES = 4;

    private static final int VARIABLE_BYTE_INTEGER = 5;

    private static final int UTF8_STRING = 6;

    private static final int BINARY = 7;

    private static final int UTF8_PAIR = 8;

    private static final int CONNECT = 1;

    private static final int WILL = 2;

    private static final int PUBLISH = 3;

    private static final int ACK = 4;

    private static final int SUBSCRIBE = 5;

    private static final int UNSUBSCRIBE = 6;

    private static final int DISCONNECT = 7;

    private static final int AUTH = 8;

    private static final int USER_PROPERTY = 0x26;

    private static final int[] TYPES = new int[0x2B];

    private static final int[] ALLOWED = new int[0x2B];

    static {
        define(0x01, BYTE, PUBLISH, WILL);
        define(0x02, FOUR_BYTES, PUBLISH, WILL);
        define(0x03, UTF8_STRING, PUBLISH, WILL);
        define(0x08, UTF8_STRING, PUBLISH, WILL);
        define(0x09, BINARY, PUBLISH, WILL);
        define(0x0B, VARIABLE_BYTE_INTEGER, PUBLISH, SUBSCRIBE);
        define(0x11, FOUR_BYTES, CONNECT, DISCONNECT);
        define(0x15, UTF8_STRING, CONNECT, AUTH);
        define(0x16, BINARY, CONNECT, AUTH);
        define(0x17, BYTE, CONNECT);
        define(0x18, FOUR_BYTES, WILL);
        define(0x19, BYTE, CONNECT);
        define(0x1C, UTF8_STRING, DISCONNECT);
        define(0x1F, UTF8_STRING, ACK, DISCONNECT, AUTH);
        define(0x21, TWO_BYTES, CONNECT);
        define(0x22, TWO_BYTES, CONNECT);
        define(0x23, TWO_BYTES, PUBLISH);
        define(USER_PROPERTY, UTF8_PAIR, CONNECT, WILL, PUBLISH, ACK, SUBSCRIBE, UNSUBSCRIBE, DISCONNECT, AUTH);
        define(0x27, FOUR_BYTES, CONNECT);
    }

    private final ByteBuf frame;

    private final int end;

    private final boolean mqtt5;

    private int position;

    private @Nullable FrameViolation violation;

    private PacketScanner(ByteBuf frame, int start, int end, boolean mqtt5) {
        this.frame = frame;
        this.position = start;
        this.end = end;
        this.mqtt5 = mqtt5;
    }

    private static void define(int id, int type, int... kinds) {
        TYPES[id] = type;
        for (int kind : kinds) {
            ALLOWED[id] |= 1 << kind;
        }
    }

    /**
     * Check a complete packet.
     * @param frame the packet, fixed header included, at its reader index
     * @param headerLength the length of the fixed header
     * @param mqtt5 whether the connection speaks MQTT 5 (and packets carry properties)
     * @return what is wrong, or {@code null}
     */
    static @Nullable FrameViolation check(ByteBuf frame, int headerLength, boolean mqtt5) {
        int start = frame.readerIndex();
        int firstByte = frame.getUnsignedByte(start);
        PacketScanner scanner = new PacketScanner(frame, start + headerLength, frame.writerIndex(), mqtt5);
        scanner.scan(firstByte >> 4, firstByte & 0x0F);
        return scanner.violation;
    }

    private void scan(int type, int flags) {
        switch (type) {
            case 1 -> {
                checkString();
                skip(1);
                int connectFlags = readByte();
                skip(2);
                if (!section(CONNECT)) {
                    return;
                }
                checkString();
                if ((connectFlags & 0x04) != 0) {
                    if (!section(WILL)) {
                        return;
                    }
                    checkString();
                    skipLengthPrefixed(this.end);
                }
                if ((connectFlags & 0x80) != 0) {
                    checkString();
                }
            }
            case 3 -> {
                int qos = (flags >> 1) & 0x03;
                if (qos == 0 && (flags & 0x08) != 0) {
                    // [MQTT-3.3.1-2] a QoS 0 PUBLISH is never a duplicate
                    malformed("DUP set on a QoS 0 PUBLISH");
                    return;
                }
                checkString();
                if (qos > 0) {
                    skip(2);
                }
                section(PUBLISH);
            }
            case 4, 5, 6, 7 -> {
                skip(2);
                if (this.end - this.position > 1) {
                    skip(1);
                    section(ACK);
                }
            }
            case 8 -> {
                skip(2);
                if (section(SUBSCRIBE)) {
                    subscriptionOptions();
                }
            }
            case 10 -> {
                skip(2);
                if (section(UNSUBSCRIBE)) {
                    while (this.violation == null && this.position < this.end) {
                        checkString();
                    }
                }
            }
            case 14, 15 -> {
                if (this.end - this.position > 1) {
                    skip(1);
                    section((type == 14) ? DISCONNECT : AUTH);
                }
            }
            default -> {
                // no strings, no properties
            }
        }
    }

    private void subscriptionOptions() {
        int reserved = this.mqtt5 ? 0xC0 : 0xFC;
        while (this.violation == null && this.position < this.end) {
            checkString();
            if (this.violation != null || this.position >= this.end) {
                // truncated: the decoder reports it
                return;
            }
            int options = readByte();
            if ((options & reserved) != 0) {
                malformed(String.format("reserved subscription option bits set: 0x%02X", options));
                return;
            }
            if (this.mqtt5 && ((options & 0x03) == 3 || (options & 0x30) == 0x30)) {
                // MQTT 5.0 section 3.8.3.1: Maximum QoS 3 and Retain Handling 3 are protocol errors
                protocolError(String.format("invalid subscription options 0x%02X", options));
                return;
            }
        }
    }

    /**
     * Check a UTF-8 string field on its raw bytes: well-formed, no surrogates, no U+0000 (3.1.1 [MQTT-1.5.3-1]
     * [MQTT-1.5.3-2], 5.0 [MQTT-1.5.4-1] [MQTT-1.5.4-2]); then move past it. Netty's decoder would turn ill-formed
     * bytes into U+FFFD instead.
     */
    private void checkString() {
        if (this.position + 2 > this.end) {
            this.position = this.end + 1;
            return;
        }
        int length = this.frame.getUnsignedShort(this.position);
        int start = this.position + 2;
        int stop = Math.min(start + length, this.end);
        if (!Utf8Strings.isWellFormed(this.frame, start, stop)) {
            malformed("ill-formed UTF-8 string");
        }
        this.position = start + length;
    }

    private boolean section(int kind) {
        if (!this.mqtt5) {
            return true;
        }
        if (this.position >= this.end) {
            // truncated before the section: the decoder reports it
            return false;
        }
        long length = readVariableByteInteger(this.end);
        if (length < 0) {
            return malformed("bad property length");
        }
        int sectionEnd = this.position + (int) length;
        if (sectionEnd > this.end) {
            return malformed("property length beyond the packet");
        }
        long seen = 0;
        while (this.position < sectionEnd) {
            long id = readVariableByteInteger(sectionEnd);
            if (id < 0) {
                return malformed("bad property identifier");
            }
            int propertyId = (int) id;
            if (propertyId >= TYPES.length || TYPES[propertyId] == 0 || (ALLOWED[propertyId] & (1 << kind)) == 0) {
                return malformed(String.format("property 0x%02X not allowed in this packet", propertyId));
            }
            if (propertyId != USER_PROPERTY) {
                long bit = 1L << propertyId;
                if ((seen & bit) != 0) {
                    return protocolError(String.format("property 0x%02X included more than once", propertyId));
                }
                seen |= bit;
            }
            if (!skipValue(TYPES[propertyId], sectionEnd)) {
                return malformed(String.format("property 0x%02X runs past its section", propertyId));
            }
            if (this.violation != null) {
                return false;
            }
        }
        return true;
    }

    private boolean skipValue(int type, int sectionEnd) {
        switch (type) {
            case BYTE -> this.position += 1;
            case TWO_BYTES -> this.position += 2;
            case FOUR_BYTES -> this.position += 4;
            case VARIABLE_BYTE_INTEGER -> {
                if (readVariableByteInteger(sectionEnd) < 0) {
                    return false;
                }
            }
            case BINARY -> skipLengthPrefixed(sectionEnd);
            case UTF8_STRING -> checkString();
            default -> {
                // [MQTT-1.5.7-1] name and value of a pair are strings in their own right
                checkString();
                checkString();
            }
        }
        return this.position <= sectionEnd;
    }

    private void skipLengthPrefixed(int limit) {
        if (this.position + 2 > limit) {
            this.position = limit + 1;
            return;
        }
        this.position += 2 + this.frame.getUnsignedShort(this.position);
    }

    private void skip(int bytes) {
        this.position += bytes;
    }

    private int readByte() {
        return (this.position < this.end) ? this.frame.getUnsignedByte(this.position++) : 0;
    }

    /**
     * Read a variable byte integer at the position and move past it.
     * @return the value, or -1 if it is malformed or runs past {@code limit}
     */
    private long readVariableByteInteger(int limit) {
        int value = 0;
        int multiplier = 1;
        for (int i = 0; i < 4; i++) {
            if (this.position >= limit) {
                return -1;
            }
            int digit = this.frame.getUnsignedByte(this.position++);
            value += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                // [MQTT-1.5.5-1] the shortest encoding only: no trailing zero digit
                return (i > 0 && digit == 0) ? -1 : value;
            }
            multiplier *= 128;
        }
        return -1;
    }

    private boolean malformed(String detail) {
        this.violation = new FrameViolation(ReasonCode.MALFORMED_PACKET, detail);
        return false;
    }

    private boolean protocolError(String detail) {
        this.violation = new FrameViolation(ReasonCode.PROTOCOL_ERROR, detail);
        return false;
    }

}
