package io.mqttspring.broker.codec;

import io.netty.buffer.ByteBuf;

/**
 * The Variable Byte Integer of MQTT (5.0 section 1.5.5, 3.1.1 section 2.2.3): seven bits a byte, one to four bytes,
 * as the outbound writers size and write it.
 */
public final class VariableByteInteger {

    /** The largest value four bytes hold. */
    public static final int MAX_VALUE = 268_435_455;

    private VariableByteInteger() {
    }

    /**
     * Return how many bytes a value takes.
     * @param value the value
     * @return 1 to 4
     */
    public static int length(int value) {
        if (value < 128) {
            return 1;
        }
        if (value < 16_384) {
            return 2;
        }
        return (value < 2_097_152) ? 3 : 4;
    }

    /**
     * Write a value in its shortest form.
     * @param buffer the buffer
     * @param value the value, at most {@link #MAX_VALUE}
     */
    public static void write(ByteBuf buffer, int value) {
        int remaining = value;
        do {
            int digit = remaining & 0x7F;
            remaining >>>= 7;
            buffer.writeByte((remaining > 0) ? (digit | 0x80) : digit);
        }
        while (remaining > 0);
    }

}
