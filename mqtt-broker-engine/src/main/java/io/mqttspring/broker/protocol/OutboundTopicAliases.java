package io.mqttspring.broker.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Topic aliases the broker assigns on its own PUBLISH packets to one MQTT 5 client, reusing the least recently used
 * alias once all are taken. Event-loop confined; lives and dies with the connection [MQTT-3.3.2-7].
 */
final class OutboundTopicAliases {

    private final int maximum;

    private final LinkedHashMap<String, Integer> aliases;

    /**
     * Create a new instance.
     * @param maximum highest alias to use: at most the client's Topic Alias Maximum [MQTT-3.3.2-11]
     */
    OutboundTopicAliases(int maximum) {
        this.maximum = maximum;
        this.aliases = new LinkedHashMap<>(Math.min(maximum, 16), 0.75f, true);
    }

    /**
     * Return whether the client already knows an alias for a topic; does not count as a use.
     * @param topic the topic name
     * @return {@code true} if a PUBLISH may leave the topic name out
     */
    boolean isKnown(String topic) {
        return this.aliases.containsKey(topic);
    }

    /**
     * Return the alias for a topic, assigning one when the topic has none.
     * @param topic the topic name
     * @return the alias (1 to the maximum) in the low bits; bit 32 set when the alias is new and the topic name
     * must be sent with it
     */
    long aliasFor(String topic) {
        Integer alias = this.aliases.get(topic);
        if (alias != null) {
            return alias;
        }
        int assigned;
        if (this.aliases.size() < this.maximum) {
            assigned = this.aliases.size() + 1;
        }
        else {
            Map.Entry<String, Integer> eldest = this.aliases.entrySet().iterator().next();
            assigned = eldest.getValue();
            this.aliases.remove(eldest.getKey());
        }
        this.aliases.put(topic, assigned);
        return (1L << 32) | assigned;
    }

}
