package io.mqttspring.bench.load;

/**
 * Delivery totals over all subscribers of a run, and the rules they must meet: nothing misrouted, nothing lost at
 * QoS 1 and 2, no duplicate at QoS 0 and 2 (only QoS 1 may deliver twice). Loss at QoS 0 is reported, not failed.
 * Thread-safe, so soak clients can add themselves from their event loops as they leave.
 */
final class Tally {

    private long delivered;
    private long lost;
    private long duplicates;
    private long misrouted;
    private long wrongQos;
    private String firstProblem;

    /** Add one subscriber's ledger; {@code sentBySlot} holds the final count of each publisher it expects. */
    synchronized void add(DeliveryLedger ledger, long[] sentBySlot) {
        this.delivered += ledger.delivered();
        this.lost += ledger.lost(sentBySlot);
        this.duplicates += ledger.duplicates();
        this.misrouted += ledger.misrouted(sentBySlot);
        this.wrongQos += ledger.wrongQos();
        if (this.firstProblem == null) {
            this.firstProblem = ledger.firstProblem();
        }
    }

    synchronized long delivered() {
        return this.delivered;
    }

    synchronized void judge(Verdict verdict, int qos, long expected) {
        verdict.require(this.misrouted == 0, this.misrouted + " misrouted messages (first " + this.firstProblem + ")");
        verdict.require(this.wrongQos == 0, this.wrongQos + " deliveries at the wrong QoS (first "
                + this.firstProblem + ")");
        if (qos > 0) {
            verdict.require(this.lost == 0, this.lost + " of " + expected + " QoS " + qos + " deliveries lost");
        }
        if (qos == 0) {
            verdict.require(this.duplicates == 0, this.duplicates + " duplicates at QoS 0, which is never resent");
        }
        if (qos == 2) {
            verdict.require(this.duplicates == 0, this.duplicates + " duplicates at QoS 2");
        }
    }

    synchronized void fill(LoadResult result) {
        result.received = this.delivered;
        result.lost = this.lost;
        result.duplicates = this.duplicates;
        result.misrouted = this.misrouted;
    }

}
