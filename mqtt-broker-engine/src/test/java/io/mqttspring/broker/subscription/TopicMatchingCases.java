package io.mqttspring.broker.subscription;

import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * One table of filter/topic pairs and whether they match (MQTT 5.0 sections 4.7.1 and 4.7.2, examples included),
 * shared by {@link TopicFilterTests}, {@link SubscriptionTreeTests} and the retained message store's tests, so every
 * matcher is held to the same rules.
 */
public final class TopicMatchingCases {

    private TopicMatchingCases() {
    }

    /**
     * Return the table.
     * @return filter, topic name, whether they match
     */
    public static Stream<Arguments> cases() {
        return Stream.of(
                // exact
                Arguments.of("a", "a", true),
                Arguments.of("a/b", "a/b", true),
                Arguments.of("a/b", "a/B", false),
                Arguments.of("a/b", "a", false),
                Arguments.of("a", "a/b", false),
                Arguments.of("a/b", "a/b/", false),
                Arguments.of("/a", "a", false),
                // '#': section 4.7.1.2 examples
                Arguments.of("sport/tennis/player1/#", "sport/tennis/player1", true),
                Arguments.of("sport/tennis/player1/#", "sport/tennis/player1/ranking", true),
                Arguments.of("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true),
                Arguments.of("sport/tennis/player1/#", "sport/tennis/player2", false),
                Arguments.of("sport/#", "sport", true),
                Arguments.of("a/#", "a", true),
                Arguments.of("a/#", "a/", true),
                Arguments.of("a/b/#", "a", false),
                Arguments.of("a/#", "b", false),
                Arguments.of("#", "a", true),
                Arguments.of("#", "a/b/c", true),
                Arguments.of("#", "/", true),
                Arguments.of("/#", "/", true),
                Arguments.of("/#", "/a/b", true),
                Arguments.of("/#", "a", false),
                Arguments.of("+/#", "a", true),
                Arguments.of("+/#", "a/b/c", true),
                // '+': section 4.7.1.3 examples
                Arguments.of("sport/tennis/+", "sport/tennis/player1", true),
                Arguments.of("sport/tennis/+", "sport/tennis/player2", true),
                Arguments.of("sport/tennis/+", "sport/tennis/player1/ranking", false),
                Arguments.of("sport/+", "sport", false),
                Arguments.of("sport/+", "sport/", true),
                Arguments.of("+", "a", true),
                Arguments.of("+", "a/b", false),
                Arguments.of("+", "/finance", false),
                Arguments.of("+/+", "/finance", true),
                Arguments.of("/+", "/finance", true),
                Arguments.of("+/+", "a", false),
                Arguments.of("a/+/c", "a/b/c", true),
                Arguments.of("a/+/c", "a//c", true),
                Arguments.of("a/+/c", "a/b/d", false),
                Arguments.of("+/b/#", "a/b", true),
                Arguments.of("+/b/#", "a/c", false),
                // '$' topics: section 4.7.2
                Arguments.of("#", "$SYS", false),
                Arguments.of("#", "$SYS/broker/uptime", false),
                Arguments.of("+", "$SYS", false),
                Arguments.of("+/monitor/Clients", "$SYS/monitor/Clients", false),
                Arguments.of("+/#", "$SYS/x", false),
                Arguments.of("$SYS/#", "$SYS", true),
                Arguments.of("$SYS/#", "$SYS/broker/uptime", true),
                Arguments.of("$SYS/monitor/+", "$SYS/monitor/Clients", true),
                Arguments.of("$SYS/+/Clients", "$SYS/monitor/Clients", true),
                Arguments.of("$SYS", "$SYS", true),
                // '$' only matters at the start of the name
                Arguments.of("#", "a/$SYS", true),
                Arguments.of("+/$SYS", "a/$SYS", true),
                Arguments.of("a/+", "a/$x", true));
    }

}
