package io.mqttspring.bench.load;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FrameParserTests {

    /** CONNACK, a QoS 1 PUBLISH with a two-byte remaining length, PUBACK, PINGRESP. */
    private static ByteBuf fourPackets() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(new byte[] { 0x20, 0x02, 0x00, 0x00 });
        new PublishTemplate("bench/in/3", 1, 1024).write(buf, 7, 3, 42, 0);
        Mqtt311Frames.writeAck(buf, Mqtt311Frames.PUBACK, 9);
        buf.writeBytes(new byte[] { (byte) 0xD0, 0x00 });
        return buf;
    }

    private static final List<String> EXPECTED = List.of("2/2", "3/1038", "4/2", "13/0");

    @Test
    void mergedPacketsAreCutApartInOneCall() {
        ByteBuf buf = fourPackets();
        List<String> frames = new ArrayList<>();
        FrameParser.parse(buf, (header, b, index, length) -> frames.add((header >>> 4) + "/" + length));
        assertThat(frames).isEqualTo(EXPECTED);
        assertThat(buf.isReadable()).isFalse();
    }

    @Test
    void packetsSplitAtEveryByteWaitForTheirLastByte() {
        ByteBuf all = fourPackets();
        ByteBuf cumulation = Unpooled.buffer();
        List<String> frames = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        while (all.isReadable()) {
            cumulation.writeByte(all.readByte());
            FrameParser.parse(cumulation, (header, b, index, length) -> {
                frames.add((header >>> 4) + "/" + length);
                if (header >>> 4 == Mqtt311Frames.PUBLISH) {
                    // topic length (2) + "bench/in/3" (10) + packet identifier (2), then the payload
                    sequences.add(b.getLong(index + 14 + PublishTemplate.SEQUENCE_OFFSET));
                }
            });
        }
        assertThat(frames).isEqualTo(EXPECTED);
        assertThat(sequences).containsExactly(42L);
        assertThat(cumulation.isReadable()).isFalse();
    }

    @Test
    void remainingLengthLongerThanFourBytesIsCorrupt() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] { 0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                0x01 });
        assertThatExceptionOfType(CorruptedFrameException.class)
            .isThrownBy(() -> FrameParser.parse(buf, (header, b, index, length) -> {
            }));
    }

    @Test
    void publishTemplateIsWhatNettysDecoderReads() {
        ByteBuf buf = Unpooled.buffer();
        new PublishTemplate("bench/out/t", 2, 64).write(buf, 513, 5, 77, 123_456_789L);
        EmbeddedChannel channel = new EmbeddedChannel(new MqttDecoder());
        channel.writeInbound(buf);
        MqttPublishMessage publish = channel.readInbound();
        try {
            assertThat(publish.decoderResult().isSuccess()).isTrue();
            assertThat(publish.variableHeader().topicName()).isEqualTo("bench/out/t");
            assertThat(publish.variableHeader().packetId()).isEqualTo(513);
            assertThat(publish.fixedHeader().qosLevel().value()).isEqualTo(2);
            ByteBuf payload = publish.payload();
            assertThat(payload.readableBytes()).isEqualTo(64);
            assertThat(payload.getInt(payload.readerIndex() + PublishTemplate.PUBLISHER_OFFSET)).isEqualTo(5);
            assertThat(payload.getLong(payload.readerIndex() + PublishTemplate.SEQUENCE_OFFSET)).isEqualTo(77);
            assertThat(payload.getLong(payload.readerIndex() + PublishTemplate.SENT_AT_OFFSET))
                .isEqualTo(123_456_789L);
        }
        finally {
            publish.release();
            channel.finishAndReleaseAll();
        }
    }

}
