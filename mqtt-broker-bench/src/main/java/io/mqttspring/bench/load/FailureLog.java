package io.mqttspring.bench.load;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection and protocol problems seen by any client during a run; the first few are kept word for word for the
 * failure text and echoed on stderr. Thread-safe.
 */
final class FailureLog {

    private static final int KEPT = 3;

    private final AtomicLong count = new AtomicLong();
    private final Queue<String> first = new ConcurrentLinkedQueue<>();

    void add(String problem) {
        long n = this.count.incrementAndGet();
        if (n <= KEPT) {
            this.first.add(problem);
        }
        if (n <= 20) {
            System.err.println("[load] problem: " + problem);
        }
    }

    /** One sentence naming the count and the first problems; {@code null} if there were none. */
    String summary() {
        long n = this.count.get();
        if (n == 0) {
            return null;
        }
        return n + " connection or protocol problem" + (n == 1 ? "" : "s") + " (" + String.join("; ", this.first)
                + (n > KEPT ? "; ..." : "") + ")";
    }

}
