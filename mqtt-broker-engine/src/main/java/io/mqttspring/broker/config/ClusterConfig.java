package io.mqttspring.broker.config;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Whether the broker joins a cluster of brokers that act as one, and how its Hazelcast member finds the others when
 * the broker builds that member itself (an application may hand the broker its own Hazelcast instance instead).
 *
 * @param enabled whether the broker joins a cluster
 * @param clusterName the Hazelcast cluster name; only members with the same name join each other
 * @param host the address the member binds and announces, or {@code null} for Hazelcast's choice
 * @param port the member's port
 * @param members the other members to find, as {@code host} or {@code host:port}; multicast discovery stays off
 */
public record ClusterConfig(boolean enabled, String clusterName, @Nullable String host, int port,
        List<String> members) {

    /** Default cluster name. */
    public static final String DEFAULT_NAME = "mqtt";

    /** Default member port, Hazelcast's. */
    public static final int DEFAULT_PORT = 5701;

    /** Not in a cluster. */
    public static final ClusterConfig NONE = new ClusterConfig(false, DEFAULT_NAME, null, DEFAULT_PORT, List.of());

    public ClusterConfig {
        Objects.requireNonNull(clusterName, "clusterName");
        if (clusterName.isBlank()) {
            throw new InvalidConfigurationException("cluster.name", clusterName, "must not be blank");
        }
        ConfigChecks.range("cluster.port", port, 1, 65_535);
        members = List.copyOf(members);
    }

}
