package io.mqttspring.broker.persistence;

import java.util.function.Consumer;

/**
 * Holds the retained message of each topic. The broker calls it on its event loops, so every method must be
 * thread-safe and must return without blocking: a durable implementation serves reads from memory and writes
 * behind.
 */
public interface RetainedMessageStore {

    /**
     * Store a message, replacing the one retained for the same topic.
     * @param message the message
     */
    void put(RetainedMessage message);

    /**
     * Remove the message retained for a topic, if any.
     * @param topic the topic name
     */
    void remove(String topic);

    /**
     * Visit the retained messages whose topic names match a topic filter, following the matching rules of MQTT
     * section 4.7 (including that leading wildcards do not match topics starting with {@code $}).
     * @param topicFilter a valid topic filter without share prefix
     * @param consumer receives each match
     */
    void forEachMatching(String topicFilter, Consumer<RetainedMessage> consumer);

    /**
     * Return the number of retained messages.
     * @return the count
     */
    int size();

    /**
     * Make earlier writes durable; called once when the broker stops, after its last write. The broker may start
     * again and use the store afterwards, so this must not release what later calls need. The default does
     * nothing.
     */
    default void flush() {
    }

}
