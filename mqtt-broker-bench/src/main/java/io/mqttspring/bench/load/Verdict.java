package io.mqttspring.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The reasons a run failed, gathered from its checks.
 */
final class Verdict {

    private final List<String> reasons = new ArrayList<>();

    /** Record {@code reason} unless {@code condition} holds. */
    void require(boolean condition, String reason) {
        if (!condition) {
            this.reasons.add(reason);
        }
    }

    /** Record {@code reason} if it is not {@code null}. */
    void add(String reason) {
        if (reason != null) {
            this.reasons.add(reason);
        }
    }

    boolean ok() {
        return this.reasons.isEmpty();
    }

    String failure() {
        return this.reasons.isEmpty() ? null : String.join("; ", this.reasons);
    }

}
