package io.mqttspring.broker.will;

import io.mqttspring.broker.core.ClientInfo;

/**
 * Publishes a will message as if its client had published it.
 */
@FunctionalInterface
public interface WillPublisher {

    /**
     * Publish a will now.
     * @param client the client the will belongs to
     * @param will the will
     */
    void publish(ClientInfo client, WillMessage will);

}
