package io.mqttspring.broker.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The topic aliases a client defined on one connection [MQTT-3.3.2-7]. Event-loop confined.
 */
final class TopicAliases {

    private final String[] topics;

    TopicAliases(int maximum) {
        this.topics = new String[maximum + 1];
    }

    @Nullable String resolve(int alias) {
        return this.topics[alias];
    }

    void define(int alias, String topic) {
        this.topics[alias] = topic;
    }

}
