package io.mqttspring.broker.subscription;

import java.util.Objects;

import io.mqttspring.broker.core.InvalidTopicException;

/**
 * A validated topic name: the concrete topic an application message is published to.
 */
public final class TopicName {

    private final String value;

    private final String[] levels;

    private TopicName(String value, String[] levels) {
        this.value = value;
        this.levels = levels;
    }

    /**
     * Return whether a string is a valid topic name of any depth, as a Response Topic must be.
     * @param value the string
     * @return {@code true} if not empty and free of wildcards and U+0000
     */
    public static boolean isValid(String value) {
        return !value.isEmpty() && !Topics.isTooLong(value) && value.indexOf('+') < 0 && value.indexOf('#') < 0
                && value.indexOf('\u0000') < 0;
    }

    /**
     * Validate a topic name.
     * @param value the topic name
     * @param maxLevels most levels allowed
     * @return the topic name
     * @throws InvalidTopicException if the name is empty, contains a wildcard or U+0000, or is too deep
     */
    public static TopicName of(String value, int maxLevels) {
        Objects.requireNonNull(value, "value");
        // [MQTT-4.7.3-1] topic names are at least one character long
        if (value.isEmpty()) {
            throw new InvalidTopicException("Topic name must not be empty");
        }
        if (Topics.isTooLong(value)) {
            // [MQTT-4.7.3-3]
            throw new InvalidTopicException("Topic name longer than 65535 bytes");
        }
        int levelCount = 1;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // [MQTT-4.7.0-1] wildcards belong to filters only
            if (c == '+' || c == '#') {
                throw new InvalidTopicException("Topic name must not contain wildcards: " + value);
            }
            // [MQTT-4.7.3-2] no null character
            if (c == '\u0000') {
                throw new InvalidTopicException("Topic name must not contain U+0000");
            }
            if (c == '/') {
                levelCount++;
            }
        }
        if (levelCount > maxLevels) {
            throw new InvalidTopicException("Topic name has " + levelCount + " levels, more than " + maxLevels);
        }
        return new TopicName(value, Topics.split(value, levelCount));
    }

    /**
     * Return the topic name as published.
     * @return the topic name
     */
    public String value() {
        return this.value;
    }

    /**
     * Return the number of levels.
     * @return at least one
     */
    public int levelCount() {
        return this.levels.length;
    }

    /**
     * Return one level.
     * @param index the level index, from 0
     * @return the level, possibly empty
     */
    public String level(int index) {
        return this.levels[index];
    }

    /**
     * Return whether the name starts with {@code $}, which leading wildcards do not match.
     * @return {@code true} for names such as {@code $SYS/broker/uptime}
     */
    public boolean isDollarTopic() {
        return this.value.charAt(0) == '$';
    }

    @Override
    public boolean equals(Object other) {
        return (this == other) || (other instanceof TopicName that && this.value.equals(that.value));
    }

    @Override
    public int hashCode() {
        return this.value.hashCode();
    }

    @Override
    public String toString() {
        return this.value;
    }

}
