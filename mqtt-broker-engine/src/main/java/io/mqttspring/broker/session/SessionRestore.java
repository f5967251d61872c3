package io.mqttspring.broker.session;

import java.util.List;
import java.util.Set;

import io.mqttspring.broker.subscription.Subscription;

import org.jspecify.annotations.Nullable;

/**
 * A session as a store kept it, ready to be recreated on its event loop.
 *
 * @param expiryInterval the session expiry interval in seconds
 * @param remainingSeconds how long it has left before it expires
 * @param subscriptions its subscriptions
 * @param pending its unacknowledged messages, oldest first
 * @param awaitingRelease inbound QoS 2 packet identifiers awaiting PUBREL
 * @param storageId its identifier in the store's journal, or 0
 * @param will its will whose delay runs, or {@code null}
 */
record SessionRestore(long expiryInterval, long remainingSeconds, List<Subscription<Session>> subscriptions,
        List<Outbox.Pending> pending, Set<Integer> awaitingRelease, long storageId, @Nullable RestoredWill will) {
}
