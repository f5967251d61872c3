package io.mqttspring.broker.routing;

import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.subscription.TopicName;

import org.jspecify.annotations.Nullable;

/**
 * Where a publication goes beyond this broker: the other nodes of a cluster. Called by the router on the
 * publisher's thread before local delivery; must return at once.
 */
@FunctionalInterface
public interface RemoteRouting {

    /** A broker on its own: every shared group is served here. */
    RemoteRouting NONE = (message, topic, publisherClientId, receipt) -> ServedGroups.ALL;

    /**
     * Hand a publication to the other nodes whose clients may want it, and decide which node serves each matching
     * shared subscription group, so that a group gets the message once across the cluster.
     * @param message the message as published
     * @param topic its topic name
     * @param publisherClientId the publisher, or {@code null}
     * @param receipt told what the publisher's acknowledgement must wait for, or {@code null} when none waits
     * @return the shared groups this node serves for the publication
     */
    ServedGroups forward(ApplicationMessage message, TopicName topic, @Nullable String publisherClientId,
            @Nullable RoutingReceipt receipt);

}
