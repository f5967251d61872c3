package io.mqttspring.broker.session;

import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The packet identifiers of inbound QoS 2 publications that were routed and acknowledged with PUBREC and await the
 * client's PUBREL: a resend of one of them is acknowledged again but not routed again [MQTT-4.3.3-10]. Event-loop
 * confined, owned by a session.
 */
final class AwaitingRelease {

    // created on the first inbound QoS 2 message: most sessions never see one
    private @Nullable Set<Integer> packetIds;

    /**
     * Record a publication.
     * @return {@code false} if the identifier already awaits PUBREL
     */
    boolean add(int packetId) {
        if (this.packetIds == null) {
            this.packetIds = new HashSet<>();
        }
        return this.packetIds.add(packetId);
    }

    boolean contains(int packetId) {
        return this.packetIds != null && this.packetIds.contains(packetId);
    }

    /**
     * Forget a publication the client released.
     * @return whether it awaited PUBREL
     */
    boolean release(int packetId) {
        return this.packetIds != null && this.packetIds.remove(packetId);
    }

    int size() {
        return (this.packetIds != null) ? this.packetIds.size() : 0;
    }

    void clear() {
        this.packetIds = null;
    }

    Set<Integer> snapshot() {
        return (this.packetIds != null) ? Set.copyOf(this.packetIds) : Set.of();
    }

}
