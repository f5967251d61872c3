package io.mqttspring.broker.codec;

import io.netty.buffer.ByteBuf;

/**
 * Checks UTF-8 strings for what MQTT forbids: ill-formed sequences, encoded surrogates and U+0000, on their raw bytes
 * (decoding would have replaced ill-formed sequences with U+FFFD).
 */
public final class Utf8Strings {

    private Utf8Strings() {
    }

    /**
     * Return whether bytes are a well-formed UTF-8 string without U+0000 (RFC 3629: no overlong forms, no
     * surrogates, nothing above U+10FFFF).
     * @param buffer the bytes
     * @param from the first index
     * @param to the index after the last
     * @return {@code true} if acceptable in an MQTT UTF-8 string
     */
    public static boolean isWellFormed(ByteBuf buffer, int from, int to) {
        int i = from;
        while (i < to) {
            int c = buffer.getUnsignedByte(i);
            if (c < 0x80) {
                if (c == 0) {
                    return false;
                }
                i++;
                continue;
            }
            int extra;
            int min;
            int max = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                extra = 1;
                min = 0x80;
            }
            else if (c >= 0xE0 && c <= 0xEF) {
                extra = 2;
                // E0 needs A0.. (no overlong forms), ED at most 9F (no surrogates)
                min = (c == 0xE0) ? 0xA0 : 0x80;
                max = (c == 0xED) ? 0x9F : 0xBF;
            }
            else if (c >= 0xF0 && c <= 0xF4) {
                extra = 3;
                min = (c == 0xF0) ? 0x90 : 0x80;
                max = (c == 0xF4) ? 0x8F : 0xBF;
            }
            else {
                return false;
            }
            if (i + extra >= to) {
                return false;
            }
            int second = buffer.getUnsignedByte(i + 1);
            if (second < min || second > max) {
                return false;
            }
            for (int k = 2; k <= extra; k++) {
                int next = buffer.getUnsignedByte(i + k);
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
            i += extra + 1;
        }
        return true;
    }

}
