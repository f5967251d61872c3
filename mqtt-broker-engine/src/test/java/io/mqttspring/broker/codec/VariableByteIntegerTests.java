package io.mqttspring.broker.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Variable Byte Integer as the broker writes it (MQTT 5.0 section 1.5.5, 3.1.1 section 2.2.3).
 */
class VariableByteIntegerTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "0, 00", "1, 01", "127, 7f", "128, 8001", "16383, ff7f", "16384, 808001", "2097151, ffff7f",
            "2097152, 80808001", "268435455, ffffff7f" })
    @DisplayName("[MQTT-1.5.5-1] a Variable Byte Integer takes 1 to 4 bytes, 7 bits each, in its shortest form")
    void writesShortestEncoding(int value, String hex) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            VariableByteInteger.write(buffer, value);
            assertThat(ByteBufUtil.hexDump(buffer)).isEqualTo(hex);
            assertThat(VariableByteInteger.length(value)).isEqualTo(hex.length() / 2);
        }
        finally {
            buffer.release();
        }
    }

}
