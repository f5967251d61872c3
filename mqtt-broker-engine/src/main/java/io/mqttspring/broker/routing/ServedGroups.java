package io.mqttspring.broker.routing;

import java.util.Set;

import io.mqttspring.broker.subscription.SharedGroup;

/**
 * Which shared subscription groups one node serves for one publication: in a cluster, each group gets a message on
 * one node only.
 */
@FunctionalInterface
public interface ServedGroups {

    /** Every group: a broker on its own, or no other node has members of a matching group. */
    ServedGroups ALL = (group) -> true;

    /** No group: a publication another node forwarded for its plain subscriptions only. */
    ServedGroups NONE = (group) -> false;

    /**
     * Return whether this node delivers the publication to a member of the group.
     * @param group the matching group of this node
     * @return {@code true} to pick a member here
     */
    boolean serves(SharedGroup<?> group);

    /**
     * Return the groups named, by {@link #key(String, String)}.
     * @param keys the groups
     * @return the selection
     */
    static ServedGroups only(Set<String> keys) {
        return keys.isEmpty() ? NONE : (group) -> keys.contains(key(group.shareName(), group.filter()));
    }

    /**
     * Return every group but those named, by {@link #key(String, String)}.
     * @param keys the groups served elsewhere
     * @return the selection
     */
    static ServedGroups except(Set<String> keys) {
        return keys.isEmpty() ? ALL : (group) -> !keys.contains(key(group.shareName(), group.filter()));
    }

    /**
     * Return how a group is named across the cluster: as its subscribers write it.
     * @param shareName the share name
     * @param filter the topic filter
     * @return {@code $share/{shareName}/{filter}}
     */
    static String key(String shareName, String filter) {
        return "$share/" + shareName + "/" + filter;
    }

}
