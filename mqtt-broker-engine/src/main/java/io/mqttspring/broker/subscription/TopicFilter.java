package io.mqttspring.broker.subscription;

import java.util.Objects;

import io.mqttspring.broker.core.InvalidTopicException;
import org.jspecify.annotations.Nullable;

/**
 * A validated topic filter, possibly with {@code +} and {@code #} wildcards, possibly shared
 * ({@code $share/{ShareName}/{filter}}).
 */
public final class TopicFilter {

    private static final String SHARE_PREFIX = "$share/";

    private final String value;

    private final @Nullable String shareName;

    private final String filter;

    // levels are split again when needed rather than kept: a filter lives as long as its subscription
    private final int levelCount;

    private final boolean wildcard;

    private TopicFilter(String value, @Nullable String shareName, String filter, int levelCount, boolean wildcard) {
        this.value = value;
        this.shareName = shareName;
        this.filter = filter;
        this.levelCount = levelCount;
        this.wildcard = wildcard;
    }

    /**
     * Validate a topic filter.
     * @param value the filter as the client sent it
     * @param maxLevels most levels allowed
     * @return the filter
     * @throws InvalidTopicException if the filter breaks a rule of MQTT section 4.7 or 4.8.2
     */
    public static TopicFilter of(String value, int maxLevels) {
        Objects.requireNonNull(value, "value");
        if (Topics.isTooLong(value)) {
            // [MQTT-4.7.3-3]
            throw new InvalidTopicException("Topic filter longer than 65535 bytes");
        }
        String shareName = null;
        String filter = value;
        if (value.startsWith(SHARE_PREFIX)) {
            int slash = value.indexOf('/', SHARE_PREFIX.length());
            // [MQTT-4.8.2-1] a shared subscription names a group and then a filter
            if (slash < 0) {
                throw new InvalidTopicException("Shared subscription has no topic filter: " + value);
            }
            shareName = value.substring(SHARE_PREFIX.length(), slash);
            // [MQTT-4.8.2-2] the share name is at least one character and holds no '/', '+' or '#'
            if (shareName.isEmpty() || shareName.indexOf('+') >= 0 || shareName.indexOf('#') >= 0) {
                throw new InvalidTopicException("Invalid share name in " + value);
            }
            filter = value.substring(slash + 1);
        }
        // [MQTT-4.7.3-1] filters are at least one character long
        if (filter.isEmpty()) {
            throw new InvalidTopicException("Topic filter must not be empty");
        }
        int levelCount = Topics.countLevels(filter);
        if (levelCount > maxLevels) {
            throw new InvalidTopicException("Topic filter has " + levelCount + " levels, more than " + maxLevels);
        }
        String[] levels = Topics.split(filter, levelCount);
        boolean wildcard = false;
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.indexOf('\u0000') >= 0) {
                // [MQTT-4.7.3-2] no null character
                throw new InvalidTopicException("Topic filter must not contain U+0000");
            }
            if (level.indexOf('#') >= 0) {
                // [MQTT-4.7.1-1] '#' fills a whole level and comes last
                if (level.length() != 1 || i != levels.length - 1) {
                    throw new InvalidTopicException("'#' must be the last level on its own: " + value);
                }
                wildcard = true;
            }
            if (level.indexOf('+') >= 0) {
                // [MQTT-4.7.1-2] '+' fills a whole level
                if (level.length() != 1) {
                    throw new InvalidTopicException("'+' must fill a whole level: " + value);
                }
                wildcard = true;
            }
        }
        return new TopicFilter(value, shareName, filter, levels.length, wildcard);
    }

    /**
     * Return the filter exactly as the client sent it, including any share prefix.
     * @return the filter
     */
    public String value() {
        return this.value;
    }

    /**
     * Return the filter without the share prefix.
     * @return the part matched against topic names
     */
    public String filter() {
        return this.filter;
    }

    /**
     * Return the share name of a shared subscription.
     * @return the share name, or {@code null} for a non-shared filter
     */
    public @Nullable String shareName() {
        return this.shareName;
    }

    /**
     * Return whether this is a shared subscription filter.
     * @return {@code true} for {@code $share/...} filters
     */
    public boolean isShared() {
        return this.shareName != null;
    }

    /**
     * Return whether the filter contains a wildcard.
     * @return {@code true} if some level is {@code +} or {@code #}
     */
    public boolean hasWildcard() {
        return this.wildcard;
    }

    /**
     * Return the number of levels.
     * @return at least one
     */
    public int levelCount() {
        return this.levelCount;
    }

    /**
     * Return the levels, split on each call: callers that walk them take them once.
     * @return a new array of the levels
     */
    public String[] levels() {
        return Topics.split(this.filter, this.levelCount);
    }

    /**
     * Return one level.
     * @param index the level index, from 0
     * @return the level
     */
    public String level(int index) {
        return levels()[index];
    }

    /**
     * Return whether this filter matches a topic name.
     * @param topic the topic name
     * @return {@code true} on a match
     */
    public boolean matches(TopicName topic) {
        String[] levels = levels();
        // [MQTT-4.7.2-1] a leading wildcard never matches a topic that starts with '$'
        if (topic.isDollarTopic() && (levels[0].equals("+") || levels[0].equals("#"))) {
            return false;
        }
        int i = 0;
        for (; i < levels.length; i++) {
            String level = levels[i];
            if (level.equals("#")) {
                return true;
            }
            if (i >= topic.levelCount()) {
                return false;
            }
            if (!level.equals("+") && !level.equals(topic.level(i))) {
                return false;
            }
        }
        return i == topic.levelCount();
    }

    @Override
    public boolean equals(Object other) {
        return (this == other) || (other instanceof TopicFilter that && this.value.equals(that.value));
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
