package io.mqttspring.broker.protocol;

import io.mqttspring.broker.core.InvalidTopicException;
import io.mqttspring.broker.subscription.TopicName;

import org.jspecify.annotations.Nullable;

/**
 * What a client's PUBLISH packets on one connection established about topics: the aliases it defined
 * [MQTT-3.3.2-7], and the last topic name validated, which most publishers repeat packet after packet (the decoder
 * then hands over the same string), so it is neither validated nor split again. Event-loop confined.
 */
final class InboundTopics {

    private final String[] aliases;

    private @Nullable TopicName last;

    InboundTopics(int aliasMaximum) {
        this.aliases = new String[aliasMaximum + 1];
    }

    @Nullable String resolve(int alias) {
        return this.aliases[alias];
    }

    void define(int alias, String topic) {
        this.aliases[alias] = topic;
    }

    /**
     * Return a topic name validated, reusing the last one when the client repeats it.
     * @param value the topic name as received
     * @param maxLevels the topic level limit
     * @return the topic name
     * @throws InvalidTopicException if the name is not valid
     */
    TopicName validate(String value, int maxLevels) {
        TopicName known = this.last;
        if (known != null && known.value().equals(value)) {
            return known;
        }
        TopicName topic = TopicName.of(value, maxLevels);
        this.last = topic;
        return topic;
    }

}
