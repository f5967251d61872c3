package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLedgerTests {

    private static final int PAYLOAD = 32;

    /** Two expected publishers, 4 and 5, on bench/in/4 and bench/in/5, at QoS 1. */
    private final DeliveryLedger ledger = new DeliveryLedger(4,
            new byte[][] { bytes("bench/in/4"), bytes("bench/in/5") }, 1, PAYLOAD, null);

    @Test
    void everySequenceOnceIsNeitherLostNorDuplicated() {
        for (long seq = 0; seq < 100; seq++) {
            deliver("bench/in/4", 4, seq);
            deliver("bench/in/5", 5, 99 - seq);
        }
        assertThat(this.ledger.delivered()).isEqualTo(200);
        assertThat(this.ledger.lost(new long[] { 100, 100 })).isZero();
        assertThat(this.ledger.duplicates()).isZero();
        assertThat(this.ledger.misrouted(new long[] { 100, 100 })).isZero();
        assertThat(this.ledger.next(0)).isEqualTo(100);
    }

    @Test
    void aSequenceSeenTwiceIsADuplicate() {
        deliver("bench/in/4", 4, 0);
        deliver("bench/in/4", 4, 1);
        deliver("bench/in/4", 4, 1);
        assertThat(this.ledger.delivered()).isEqualTo(2);
        assertThat(this.ledger.duplicates()).isEqualTo(1);
    }

    @Test
    void sentButNeverReceivedIsLost() {
        deliver("bench/in/4", 4, 0);
        deliver("bench/in/4", 4, 2);
        deliver("bench/in/5", 5, 0);
        assertThat(this.ledger.lost(new long[] { 4, 1 })).isEqualTo(2); // 1 and 3 from publisher 4
        assertThat(this.ledger.next(0)).isEqualTo(3);
    }

    @Test
    void aMessageOnAnotherPublishersTopicIsMisrouted() {
        deliver("bench/in/5", 4, 0);
        assertThat(this.ledger.misrouted(new long[] { 1, 1 })).isEqualTo(1);
        assertThat(this.ledger.delivered()).isZero();
        assertThat(this.ledger.firstProblem()).contains("publisher 4").contains("bench/in/5");
    }

    @Test
    void aMessageFromAPublisherNotSubscribedToIsMisrouted() {
        deliver("bench/in/6", 6, 0);
        assertThat(this.ledger.misrouted(new long[] { 0, 0 })).isEqualTo(1);
        assertThat(this.ledger.firstProblem()).contains("did not subscribe to");
    }

    @Test
    void aPayloadOfTheWrongSizeIsMisrouted() {
        ByteBuf buf = publish("bench/in/4", 4, 0, PAYLOAD + 1);
        this.ledger.onPublish(1, buf, 2, 10, 12, PAYLOAD + 1);
        assertThat(this.ledger.misrouted(new long[] { 1, 0 })).isEqualTo(1);
    }

    @Test
    void aSequenceNumberNeverSentCountsAsMisrouted() {
        deliver("bench/in/4", 4, 0);
        deliver("bench/in/4", 4, 7);
        assertThat(this.ledger.misrouted(new long[] { 1, 0 })).isEqualTo(1);
        assertThat(this.ledger.lost(new long[] { 1, 0 })).isZero();
    }

    @Test
    void aDeliveryAtAnotherQosIsCounted() {
        ByteBuf buf = publish("bench/in/4", 4, 0, PAYLOAD);
        this.ledger.onPublish(0, buf, 2, 10, 12, PAYLOAD);
        assertThat(this.ledger.wrongQos()).isEqualTo(1);
    }

    @Test
    void countBelowCountsOnlyBitsUnderTheLimit() {
        SequenceSet set = new SequenceSet();
        for (long seq : new long[] { 0, 63, 64, 65, 200 }) {
            assertThat(set.add(seq)).isTrue();
        }
        assertThat(set.add(64)).isFalse();
        assertThat(set.countBelow(0)).isZero();
        assertThat(set.countBelow(64)).isEqualTo(2);
        assertThat(set.countBelow(65)).isEqualTo(3);
        assertThat(set.countBelow(1_000)).isEqualTo(5);
        assertThat(set.cardinality()).isEqualTo(5);
    }

    private void deliver(String topic, int publisher, long sequence) {
        ByteBuf buf = publish(topic, publisher, sequence, PAYLOAD);
        this.ledger.onPublish(1, buf, 2, topic.length(), 2 + topic.length(), PAYLOAD);
    }

    /** Topic length, topic and payload as they follow the fixed header of a QoS 0 PUBLISH. */
    private static ByteBuf publish(String topic, int publisher, long sequence, int payloadSize) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeShort(topic.length()).writeBytes(bytes(topic));
        buf.writeInt(publisher).writeLong(sequence).writeLong(System.nanoTime());
        buf.writeZero(payloadSize - PublishTemplate.MIN_PAYLOAD);
        return buf;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}
