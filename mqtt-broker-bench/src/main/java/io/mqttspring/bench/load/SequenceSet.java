package io.mqttspring.bench.load;

import java.util.Arrays;

/**
 * The sequence numbers received from one publisher, as a bitset that grows with the highest one seen.
 * Confined to one thread.
 */
final class SequenceSet {

    /** Beyond any run's count (a billion messages from one publisher); a larger number is corrupt. */
    static final long MAX_SEQUENCE = 1L << 30;

    private long[] words = new long[0];
    private long cardinality;

    /**
     * Mark {@code sequence} as received.
     * @return {@code false} if it was already marked
     */
    boolean add(long sequence) {
        if (sequence < 0 || sequence >= MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence out of range: " + sequence);
        }
        int word = (int) (sequence >>> 6);
        if (word >= this.words.length) {
            this.words = Arrays.copyOf(this.words, Math.max(word + 1, this.words.length * 2));
        }
        long bit = 1L << sequence;
        if ((this.words[word] & bit) != 0) {
            return false;
        }
        this.words[word] |= bit;
        this.cardinality++;
        return true;
    }

    long cardinality() {
        return this.cardinality;
    }

    /** Count the marked sequence numbers below {@code limit}. */
    long countBelow(long limit) {
        long count = 0;
        int fullWords = (int) Math.min(limit >>> 6, this.words.length);
        for (int i = 0; i < fullWords; i++) {
            count += Long.bitCount(this.words[i]);
        }
        if (fullWords < this.words.length && (limit & 63) != 0) {
            count += Long.bitCount(this.words[fullWords] & ((1L << limit) - 1));
        }
        return count;
    }

}
