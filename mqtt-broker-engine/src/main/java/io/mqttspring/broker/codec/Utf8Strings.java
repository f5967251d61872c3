package io.mqttspring.broker.codec;

import org.jspecify.annotations.Nullable;

/**
 * Checks decoded UTF-8 strings for what MQTT forbids. Netty's decoder replaces ill-formed byte sequences (including
 * encoded surrogates) with U+FFFD, so a U+FFFD in a decoded string is treated as ill-formed input: the broker
 * cannot tell it from a well-formed U+FFFD, and rejects both.
 */
public final class Utf8Strings {

    private static final char REPLACEMENT = '\uFFFD';

    private Utf8Strings() {
    }

    /**
     * Return whether a string is acceptable in an MQTT UTF-8 string field.
     * @param value the decoded string, or {@code null} for an absent field
     * @return {@code false} if it holds U+0000 [MQTT-1.5.4-2] or came from ill-formed UTF-8 [MQTT-1.5.4-1]
     */
    public static boolean isWellFormed(@Nullable String value) {
        if (value == null) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000' || c == REPLACEMENT) {
                return false;
            }
        }
        return true;
    }

}
