package io.mqttspring.broker.codec;

/**
 * Translates a Maximum Packet Size, which counts the whole packet, into the Remaining Length limit Netty's decoder
 * enforces, which leaves out the fixed header.
 */
public final class DecoderLimits {

    private DecoderLimits() {
    }

    /**
     * Return the largest Remaining Length of a packet that fits in {@code maxPacketSize} bytes.
     * @param maxPacketSize the limit for the whole packet
     * @return the limit for the Remaining Length
     */
    public static int maxRemainingLength(int maxPacketSize) {
        int remaining = maxPacketSize - 2;
        while (1 + variableByteIntegerLength(remaining) + remaining > maxPacketSize) {
            remaining--;
        }
        return remaining;
    }

    /**
     * Return how many bytes a variable byte integer takes.
     * @param value the value
     * @return 1 to 4
     */
    public static int variableByteIntegerLength(int value) {
        if (value < 128) {
            return 1;
        }
        if (value < 16_384) {
            return 2;
        }
        return (value < 2_097_152) ? 3 : 4;
    }

}
