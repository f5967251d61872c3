package io.mqttspring.broker;

import com.hazelcast.core.HazelcastInstance;
import io.mqttspring.broker.cluster.ClusterNode;
import io.mqttspring.broker.config.ClusterConfig;
import io.mqttspring.broker.config.InvalidConfigurationException;
import io.mqttspring.broker.routing.MessageRouter;
import io.mqttspring.broker.session.SessionRegistry;
import io.mqttspring.broker.will.WillPublisher;

import org.jspecify.annotations.Nullable;

/**
 * Joins a broker to its cluster. Kept apart so that a broker on its own never loads a Hazelcast class, and Hazelcast
 * stays an optional dependency.
 */
final class ClusterJoin {

    private ClusterJoin() {
    }

    /**
     * @param hazelcast the application's {@code HazelcastInstance}, or {@code null} to build one from the settings
     */
    static ClusterNode join(ClusterConfig config, @Nullable Object hazelcast, MessageRouter router,
            SessionRegistry sessions, WillPublisher wills) {
        try {
            return (hazelcast != null) ? ClusterNode.join((HazelcastInstance) hazelcast, router, sessions, wills)
                    : ClusterNode.join(config, router, sessions, wills);
        }
        catch (NoClassDefFoundError ex) {
            throw new InvalidConfigurationException("cluster.enabled", true,
                    "needs Hazelcast: add com.hazelcast:hazelcast to the application's dependencies (" + ex + ")");
        }
    }

    static ClusterStatus status(ClusterNode node) {
        return new ClusterStatus(node.nodeId(), node.isCoordinator() ? "coordinator" : "member", node.members(),
                node.remoteFilters(), node.forwarded(), node.received(), node.forwardsCompleted(),
                node.forwardLatencyTotalNanos(), node.dropped());
    }

}
