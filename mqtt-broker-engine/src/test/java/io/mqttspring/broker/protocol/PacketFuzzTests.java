package io.mqttspring.broker.protocol;

import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing (Jazzer) of what a client can send: the decoder, CONNECT, PUBLISH, SUBSCRIBE and the rest
 * of the packet flows, on the broker's real pipeline over an embedded channel. Whatever arrives, nothing may escape
 * the pipeline, the broker may answer only with well-formed packets and never with 0x80 (the reason of an internal
 * failure), and no buffer may leak. The committed inputs under {@code PacketFuzzTestsInputs} run as regression tests
 * with the suite; {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration} (CI does).
 */
class PacketFuzzTests {

    private static final EmbeddedBroker broker = new EmbeddedBroker((config) -> config.maxPacketSize(4096));

    // the suite's default timeout is 60 s; fuzzing stops well before
    @FuzzTest(maxDuration = "45s")
    @Timeout(120)
    void anyBytes(FuzzedDataProvider data) {
        EmbeddedChannel channel = broker.newChannel();
        try {
            // half the inputs start with a valid CONNECT, so the fuzzer reaches the flows behind it quickly
            if (data.consumeBoolean()) {
                EmbeddedBroker.send(channel, MqttBytes.connect(data.pickValue(new int[] { 3, 4, 5 }), "fuzz",
                        data.consumeBoolean(), data.consumeInt(0, 120)));
            }
            while (data.remainingBytes() > 0 && channel.isOpen()) {
                EmbeddedBroker.send(channel, data.consumeBytes(data.consumeInt(1, 600)));
            }
            List<RawClient.Packet> answers = EmbeddedBroker.received(channel);
            for (RawClient.Packet answer : answers) {
                assertThat(answer.type()).as("packet type").isBetween(2, 15);
                if (answer.type() == RawClient.Packet.DISCONNECT && answer.body().length > 0) {
                    assertThat(answer.disconnectReason()).as("DISCONNECT reason").isNotEqualTo(0x80);
                }
                if (answer.type() == RawClient.Packet.CONNACK && answer.body().length > 1) {
                    assertThat(answer.u8(1)).as("CONNACK reason").isNotEqualTo(0x80);
                }
            }
            channel.checkException();
        }
        finally {
            channel.finishAndReleaseAll();
        }
    }

}
