package io.mqttspring.broker.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Validates payloads whose Payload Format Indicator says they are UTF-8 text (MQTT 5.0 section 3.3.2.3.2).
 */
public final class Utf8Payloads {

    private Utf8Payloads() {
    }

    /**
     * Return whether a payload is well-formed UTF-8: no ill-formed sequences, overlong forms or surrogates.
     * @param payload the payload
     * @return {@code true} if it decodes strictly
     */
    public static boolean isWellFormed(byte[] payload) {
        for (byte b : payload) {
            if (b < 0) {
                return decodesStrictly(payload);
            }
        }
        // pure ASCII: well-formed by construction
        return true;
    }

    private static boolean decodesStrictly(byte[] payload) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload));
            return true;
        }
        catch (CharacterCodingException ex) {
            return false;
        }
    }

}
