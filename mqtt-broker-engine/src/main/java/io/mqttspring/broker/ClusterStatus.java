package io.mqttspring.broker;

import java.util.List;

/**
 * How this broker's cluster node is doing.
 *
 * @param nodeId this node's identifier (its Hazelcast member UUID)
 * @param members every member, this one included, as {@code uuid@address}, oldest first
 * @param remoteFilters topic filters the other nodes' clients subscribe to, as this node sees them
 * @param forwarded publications sent to other nodes, one per node
 * @param received publications other nodes sent here
 */
public record ClusterStatus(String nodeId, List<String> members, int remoteFilters, long forwarded, long received) {

    public ClusterStatus {
        members = List.copyOf(members);
    }

}
