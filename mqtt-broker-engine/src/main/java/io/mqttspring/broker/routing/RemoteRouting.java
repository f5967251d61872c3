package io.mqttspring.broker.routing;

import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.subscription.TopicName;

import org.jspecify.annotations.Nullable;

/**
 * Where a publication goes beyond this broker: the other nodes of a cluster. Called by the router on the
 * publisher's thread after local delivery; must return at once.
 */
@FunctionalInterface
public interface RemoteRouting {

    /** A broker on its own. */
    RemoteRouting NONE = (message, topic, publisherClientId) -> {
    };

    /**
     * Hand a publication to the other nodes whose clients may want it.
     * @param message the message as published
     * @param topic its topic name
     * @param publisherClientId the publisher, or {@code null}
     */
    void forward(ApplicationMessage message, TopicName topic, @Nullable String publisherClientId);

}
