package io.mqttspring.broker;

import java.util.List;

/**
 * How this broker's cluster node is doing.
 *
 * @param nodeId this node's identifier (its Hazelcast member UUID)
 * @param role {@code coordinator} for the oldest member, which cleans up after members that leave (their
 * subscriptions, clients and wills), {@code member} for the others
 * @param members every member, this one included, as {@code uuid@address}, oldest first
 * @param remoteFilters topic filters the other nodes' clients subscribe to, as this node sees them
 * @param forwarded publications sent to other nodes, one per node
 * @param received publications other nodes sent here
 * @param forwardsCompleted publications other nodes answered they took
 * @param forwardLatencyNanos the time those took, from this node's hand-over to the other node's answer, in total
 * @param dropped publications nobody waits for (QoS 0, the application's, wills) not sent to a node too far
 * behind
 */
public record ClusterStatus(String nodeId, String role, List<String> members, int remoteFilters, long forwarded,
        long received, long forwardsCompleted, long forwardLatencyNanos, long dropped) {

    public ClusterStatus {
        members = List.copyOf(members);
    }

}
