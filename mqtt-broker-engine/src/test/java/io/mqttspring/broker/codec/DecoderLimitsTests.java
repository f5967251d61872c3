package io.mqttspring.broker.codec;

import java.util.stream.IntStream;

import io.mqttspring.broker.config.Limits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Translation of a Maximum Packet Size (whole packet) into the Remaining Length limit of Netty's decoder (MQTT 5.0
 * sections 1.5.5 and 2.1.4).
 */
class DecoderLimitsTests {

    @ParameterizedTest(name = "{0} -> {1} bytes")
    @CsvSource({ "0, 1", "1, 1", "127, 1", "128, 2", "16383, 2", "16384, 3", "2097151, 3", "2097152, 4",
            "268435455, 4" })
    @DisplayName("MQTT 5.0 section 1.5.5: a Variable Byte Integer takes 1 to 4 bytes, 7 bits each")
    void variableByteIntegerLength(int value, int expected) {
        assertThat(DecoderLimits.variableByteIntegerLength(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Maximum Packet Size {0} -> Remaining Length {1}")
    @CsvSource({
            // the smallest configurable size: 1 byte type, 1 byte length, 14 bytes
            "16, 14",
            "129, 127",
            // 128 would need a second length byte: 1 + 2 + 128 = 131 > 130
            "130, 127",
            "131, 128",
            "16386, 16383",
            "16387, 16383",
            "16388, 16384",
            "2097155, 2097151",
            "2097156, 2097151",
            "2097157, 2097152",
            // the default, 1 MiB
            "1048576, 1048572",
            // the protocol's largest packet: Remaining Length 268,435,455
            "268435460, 268435455" })
    @DisplayName("MQTT 5.0 section 3.2.2.3.6: Maximum Packet Size counts the whole packet, fixed header included")
    void maxRemainingLength(int maxPacketSize, int expected) {
        assertThat(DecoderLimits.maxRemainingLength(maxPacketSize)).isEqualTo(expected);
    }

    @Test
    @DisplayName("the Remaining Length limit is the largest whose packet still fits, for every size up to 20,000 bytes")
    void largestFittingRemainingLength() {
        IntStream.rangeClosed(16, 20_000).forEach((size) -> {
            int remaining = DecoderLimits.maxRemainingLength(size);
            assertThat(packetSize(remaining)).as("packet with Remaining Length %d, limit %d", remaining, size)
                    .isLessThanOrEqualTo(size);
            assertThat(packetSize(remaining + 1)).as("packet with Remaining Length %d, limit %d", remaining + 1, size)
                    .isGreaterThan(size);
        });
    }

    @Test
    @DisplayName("the protocol maximum packet size gives the largest Remaining Length a Variable Byte Integer holds")
    void protocolMaximum() {
        assertThat(DecoderLimits.maxRemainingLength(Limits.PROTOCOL_MAX_PACKET_SIZE)).isEqualTo(268_435_455);
    }

    private static long packetSize(int remainingLength) {
        return 1L + DecoderLimits.variableByteIntegerLength(remainingLength) + remainingLength;
    }

}
