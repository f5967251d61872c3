package io.mqttspring.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the protocol level of a CONNECT from the first bytes of a connection, before Netty's decoder rejects an
 * unknown level without saying which.
 */
class ProtocolLevelSnifferTests {

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // fixed header | remaining length | protocol name length and "MQTT" | level | rest
            "MQTT 3.1.1 CONNECT          | 10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00          | 4",
            "MQTT 5 CONNECT              | 10 0D 00 04 4D 51 54 54 05 02 00 3C 00 00 00       | 5",
            "MQTT 3.1 CONNECT (MQIsdp)   | 10 0E 00 06 4D 51 49 73 64 70 03 02 00 3C 00 00    | 3",
            "level 6                     | 10 0D 00 04 4D 51 54 54 06 02 00 3C 00 00 00       | 6",
            "level 255                   | 10 0D 00 04 4D 51 54 54 FF 02 00 3C 00 00 00       | 255",
            "two-byte remaining length   | 10 80 01 00 04 4D 51 54 54 05                      | 5",
            "four-byte remaining length  | 10 80 80 80 01 00 04 4D 51 54 54 05                | 5",
            "only up to the level        | 10 0C 00 04 4D 51 54 54 04                         | 4",
            "reserved flag bits set      | 11 0C 00 04 4D 51 54 54 04 02 00 3C 00 00          | 4",
            "empty protocol name         | 10 03 00 00 04                                     | 4",
            "empty buffer                | ''                                                 | -1",
            "PINGREQ                     | C0 00                                              | -1",
            "PUBLISH                     | 30 05 00 01 61 78 78                               | -1",
            "CONNACK                     | 20 02 00 00                                        | -1",
            "first byte only             | 10                                                 | -1",
            "no name length yet          | 10 0C                                              | -1",
            "half the name length        | 10 0C 00                                           | -1",
            "name cut short              | 10 0C 00 04 4D 51 54                               | -1",
            "name without level          | 10 0C 00 04 4D 51 54 54                            | -1",
            "remaining length cut short  | 10 80                                              | -1" })
    @DisplayName("the level byte after the protocol name is found, or -1 when the bytes do not reach it")
    void levelOf(String description, String hex, int expected) {
        ByteBuf buffer = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replace(" ", "")));
        try {
            assertThat(ProtocolLevelSniffer.levelOf(buffer)).isEqualTo(expected);
            assertThat(buffer.readerIndex()).as("reader index untouched").isZero();
        }
        finally {
            buffer.release();
        }
    }

    @Test
    @DisplayName("reading starts at the reader index and leaves it where it was")
    void startsAtReaderIndex() {
        ByteBuf buffer = Unpooled.wrappedBuffer(
                ByteBufUtil.decodeHexDump("FFFF" + "100D00044D5154540502003C000000"));
        try {
            buffer.readerIndex(2);
            assertThat(ProtocolLevelSniffer.levelOf(buffer)).isEqualTo(5);
            assertThat(buffer.readerIndex()).isEqualTo(2);
        }
        finally {
            buffer.release();
        }
    }

    @Test
    @DisplayName("a name length pointing past the bytes received gives -1")
    void nameLengthBeyondBuffer() {
        ByteBuf buffer = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("100CFFFF4D515454"));
        try {
            assertThat(ProtocolLevelSniffer.levelOf(buffer)).isEqualTo(-1);
        }
        finally {
            buffer.release();
        }
    }

}
