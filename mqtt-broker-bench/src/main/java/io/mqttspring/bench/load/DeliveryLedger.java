package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * What one subscriber received from each publisher it expects, judged message by message: a payload of the wrong
 * size, from a publisher it did not subscribe to or on a topic that does not belong to its publisher is misrouted;
 * a sequence number seen before is a duplicate. Loss is known only once the publishers' counts are final.
 *
 * <p>Event-loop confined, except {@link #deliveredSoFar()} which the main thread polls.
 */
final class DeliveryLedger {

    private final int firstPublisher;
    private final byte[][] topics;
    private boolean prefixes;
    private final int qos;
    private final int payloadSize;
    private final LatencyRecorder latency;
    private final SequenceSet[] seen;
    private final long[] next;

    private long delivered;
    private long duplicates;
    private long misrouted;
    private long wrongQos;
    private String firstProblem;
    private volatile long deliveredView;

    /**
     * @param firstPublisher index of the first publisher this subscriber expects
     * @param topics the topic name of each expected publisher, from {@code firstPublisher} on
     * @param qos the QoS every delivery must carry
     * @param payloadSize the size every payload must have
     * @param latency where new messages' latency goes, or {@code null}
     */
    DeliveryLedger(int firstPublisher, byte[][] topics, int qos, int payloadSize, LatencyRecorder latency) {
        this.firstPublisher = firstPublisher;
        this.topics = topics;
        this.qos = qos;
        this.payloadSize = payloadSize;
        this.latency = latency;
        this.seen = new SequenceSet[topics.length];
        this.next = new long[topics.length];
        for (int i = 0; i < topics.length; i++) {
            this.seen[i] = new SequenceSet();
        }
    }

    /** Take each expected topic as a prefix: every publisher publishes to many topics under its own. */
    DeliveryLedger topicPrefixes() {
        this.prefixes = true;
        return this;
    }

    /** Judge and record one PUBLISH read in place from {@code buf}. */
    void onPublish(int deliveredQos, ByteBuf buf, int topicIndex, int topicLength, int payloadIndex,
            int payloadLength) {
        if (payloadLength != this.payloadSize) {
            reject("a payload of " + payloadLength + " bytes instead of " + this.payloadSize);
            return;
        }
        int publisher = buf.getInt(payloadIndex + PublishTemplate.PUBLISHER_OFFSET);
        int slot = publisher - this.firstPublisher;
        if (slot < 0 || slot >= this.topics.length) {
            reject("a message from publisher " + publisher + " it did not subscribe to");
            return;
        }
        boolean expected = this.prefixes ? startsWith(buf, topicIndex, topicLength, this.topics[slot])
                : sameBytes(buf, topicIndex, topicLength, this.topics[slot]);
        if (!expected) {
            reject("publisher " + publisher + "'s message on topic "
                    + buf.toString(topicIndex, topicLength, StandardCharsets.UTF_8));
            return;
        }
        long sequence = buf.getLong(payloadIndex + PublishTemplate.SEQUENCE_OFFSET);
        if (sequence < 0 || sequence >= SequenceSet.MAX_SEQUENCE) {
            reject("sequence number " + sequence + " from publisher " + publisher);
            return;
        }
        if (deliveredQos != this.qos) {
            this.wrongQos++;
            problem("a delivery at QoS " + deliveredQos + " on a QoS " + this.qos + " subscription");
        }
        if (!this.seen[slot].add(sequence)) {
            this.duplicates++;
            return;
        }
        this.delivered++;
        if (sequence >= this.next[slot]) {
            this.next[slot] = sequence + 1;
        }
        if (this.latency != null) {
            this.latency.record(buf.getLong(payloadIndex + PublishTemplate.SENT_AT_OFFSET), System.nanoTime());
        }
    }

    /** Make the delivered count visible to the main thread; called once per read batch. */
    void publish() {
        this.deliveredView = this.delivered;
    }

    long deliveredSoFar() {
        return this.deliveredView;
    }

    int slots() {
        return this.topics.length;
    }

    /** One past the highest sequence number received in {@code slot}: how far the publisher's stream got here. */
    long next(int slot) {
        return this.next[slot];
    }

    long delivered() {
        return this.delivered;
    }

    long duplicates() {
        return this.duplicates;
    }

    long wrongQos() {
        return this.wrongQos;
    }

    /** Misrouted messages, plus sequence numbers the publisher in {@code slot} never sent. */
    long misrouted(long[] sentBySlot) {
        long phantoms = 0;
        for (int slot = 0; slot < this.seen.length; slot++) {
            phantoms += this.seen[slot].cardinality() - this.seen[slot].countBelow(sentBySlot[slot]);
        }
        if (phantoms > 0) {
            problem(phantoms + " sequence numbers that were never sent");
        }
        return this.misrouted + phantoms;
    }

    /** Messages the publisher in each slot sent that never arrived here. */
    long lost(long[] sentBySlot) {
        long lost = 0;
        for (int slot = 0; slot < this.seen.length; slot++) {
            lost += sentBySlot[slot] - this.seen[slot].countBelow(sentBySlot[slot]);
        }
        return lost;
    }

    /** The first misrouting or QoS problem seen, for the failure text; {@code null} if none. */
    String firstProblem() {
        return this.firstProblem;
    }

    private void reject(String what) {
        this.misrouted++;
        problem(what);
    }

    private void problem(String what) {
        if (this.firstProblem == null) {
            this.firstProblem = "received " + what;
        }
    }

    private static boolean startsWith(ByteBuf buf, int index, int length, byte[] prefix) {
        return length >= prefix.length && sameBytes(buf, index, prefix.length, prefix);
    }

    private static boolean sameBytes(ByteBuf buf, int index, int length, byte[] expected) {
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf.getByte(index + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

}
