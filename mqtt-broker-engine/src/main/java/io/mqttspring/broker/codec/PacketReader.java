package io.mqttspring.broker.codec;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Reads the fields of one whole packet in place, checking each against the packet's end: a field that runs past it
 * makes the packet malformed (MQTT 5.0 section 4.13, [MQTT-4.8.0-1]) instead of a wait for more bytes, since the
 * decoder hands over only whole packets. Strings are checked on their raw bytes, before they become Java strings,
 * for what MQTT forbids: ill-formed UTF-8, encoded surrogates and U+0000 (3.1.1 [MQTT-1.5.3-1] [MQTT-1.5.3-2], 5.0
 * [MQTT-1.5.4-1] [MQTT-1.5.4-2]). Not thread-safe: one per packet.
 */
final class PacketReader {

    private final ByteBuf buffer;

    private final int end;

    private int index;

    /**
     * Create a reader of the bytes from {@code index} up to {@code end}; the buffer's own indexes are not moved.
     */
    PacketReader(ByteBuf buffer, int index, int end) {
        this.buffer = buffer;
        this.index = index;
        this.end = end;
    }

    int index() {
        return this.index;
    }

    int end() {
        return this.end;
    }

    boolean hasRemaining() {
        return this.index < this.end;
    }

    int remaining() {
        return this.end - this.index;
    }

    ByteBuf buffer() {
        return this.buffer;
    }

    int u8() {
        need(1);
        return this.buffer.getUnsignedByte(this.index++);
    }

    int u16() {
        need(2);
        int value = this.buffer.getUnsignedShort(this.index);
        this.index += 2;
        return value;
    }

    int u32() {
        need(4);
        int value = this.buffer.getInt(this.index);
        this.index += 4;
        return value;
    }

    /**
     * Read a packet identifier, which is never 0 [MQTT-2.3.1-1].
     */
    int packetId() {
        int packetId = u16();
        if (packetId == 0) {
            throw PacketDecodeException.malformed("packet identifier 0");
        }
        return packetId;
    }

    /**
     * Read a Variable Byte Integer in its shortest encoding only [MQTT-1.5.5-1].
     */
    int variableByteInteger() {
        int value = 0;
        int multiplier = 1;
        for (int i = 0; i < 4; i++) {
            int digit = u8();
            value += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                if (i > 0 && digit == 0) {
                    throw PacketDecodeException.malformed("variable byte integer not minimally encoded");
                }
                return value;
            }
            multiplier *= 128;
        }
        throw PacketDecodeException.malformed("variable byte integer longer than four bytes");
    }

    /**
     * Read a UTF-8 string field, checked on its raw bytes.
     */
    String string() {
        int length = u16();
        need(length);
        int start = this.index;
        if (!Utf8Strings.isWellFormed(this.buffer, start, start + length)) {
            throw PacketDecodeException.malformed("ill-formed UTF-8 string");
        }
        this.index += length;
        return this.buffer.toString(start, length, StandardCharsets.UTF_8);
    }

    /**
     * Return whether the UTF-8 string field at the reader's position has the same bytes as a known string's, without
     * moving; a string already checked and decoded then needs neither again.
     * @param known the UTF-8 bytes of the known string
     */
    boolean nextStringEquals(byte[] known) {
        if (remaining() < 2 + known.length || this.buffer.getUnsignedShort(this.index) != known.length) {
            return false;
        }
        int start = this.index + 2;
        for (int i = 0; i < known.length; i++) {
            if (this.buffer.getByte(start + i) != known[i]) {
                return false;
            }
        }
        return true;
    }

    byte[] binary() {
        int length = u16();
        need(length);
        byte[] bytes = new byte[length];
        this.buffer.getBytes(this.index, bytes);
        this.index += length;
        return bytes;
    }

    void skip(int bytes) {
        need(bytes);
        this.index += bytes;
    }

    /**
     * Take the rest of the packet as a retained slice, owned by the caller.
     */
    ByteBuf retainedRest() {
        ByteBuf rest = this.buffer.retainedSlice(this.index, this.end - this.index);
        this.index = this.end;
        return rest;
    }

    /**
     * Check that nothing follows the last field.
     * @param what the packet, for the message
     */
    void expectEnd(String what) {
        if (this.index != this.end) {
            throw PacketDecodeException.malformed((this.end - this.index) + " bytes after the end of the " + what);
        }
    }

    private void need(int bytes) {
        if (bytes > this.end - this.index) {
            throw PacketDecodeException.malformed("packet ends before the fields it announces");
        }
    }

}
