package io.mqttspring.broker.persistence.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.persistence.RetainedMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory retained message store: one message per topic, and lookup by topic filter with the matching rules
 * of MQTT 5.0 section 4.7 (IDs from the MQTT 5 checklist).
 */
class InMemoryRetainedMessageStoreTests {

    private final InMemoryRetainedMessageStore store = new InMemoryRetainedMessageStore();

    private static RetainedMessage retained(String topic, String payload) {
        ApplicationMessage message = ApplicationMessage.builder(topic).payload(payload).qos(QoS.AT_LEAST_ONCE)
                .retain(true).build();
        return new RetainedMessage(message, Instant.now());
    }

    private List<RetainedMessage> matching(String filter) {
        List<RetainedMessage> found = new ArrayList<>();
        this.store.forEachMatching(filter, found::add);
        return found;
    }

    private List<String> topicsMatching(String filter) {
        return matching(filter).stream().map(RetainedMessage::topic).toList();
    }

    @Test
    @DisplayName("[MQTT-3.3.1-5] a stored message is found by its topic")
    void putStores() {
        RetainedMessage message = retained("a/b", "one");
        this.store.put(message);
        assertThat(this.store.size()).isEqualTo(1);
        assertThat(matching("a/b")).containsExactly(message);
    }

    @Test
    @DisplayName("[MQTT-3.3.1-5] a newer message for the same topic replaces the stored one")
    void putReplaces() {
        this.store.put(retained("a/b", "one"));
        RetainedMessage newer = retained("a/b", "two");
        this.store.put(newer);
        assertThat(this.store.size()).isEqualTo(1);
        assertThat(matching("a/b")).containsExactly(newer);
        assertThat(matching("a/b").get(0).message().payloadAsString()).isEqualTo("two");
    }

    @Test
    @DisplayName("[MQTT-3.3.1-6] removing a topic's message leaves the others")
    void removeDeletes() {
        this.store.put(retained("a", "parent"));
        this.store.put(retained("a/b", "child"));
        this.store.put(retained("a/b/c", "grandchild"));
        this.store.remove("a/b");
        assertThat(this.store.size()).isEqualTo(2);
        assertThat(topicsMatching("#")).containsExactlyInAnyOrder("a", "a/b/c");
        assertThat(matching("a/b")).isEmpty();
    }

    @Test
    @DisplayName("removing a topic without a retained message changes nothing")
    void removeUnknownIsNoOp() {
        this.store.put(retained("a/b", "x"));
        this.store.remove("a");
        this.store.remove("a/b/c");
        this.store.remove("x");
        this.store.remove("a/b");
        this.store.remove("a/b");
        assertThat(this.store.size()).isZero();
        assertThat(matching("#")).isEmpty();
    }

    @Test
    @DisplayName("a topic can be retained again after its message was removed")
    void putAfterRemove() {
        this.store.put(retained("a/b/c", "x"));
        this.store.remove("a/b/c");
        RetainedMessage again = retained("a/b/c", "y");
        this.store.put(again);
        assertThat(this.store.size()).isEqualTo(1);
        assertThat(matching("a/+/c")).containsExactly(again);
    }

    @ParameterizedTest(name = "\"{0}\" ~ \"{1}\" -> {2}")
    @MethodSource("io.mqttspring.broker.subscription.TopicMatchingCases#cases")
    @DisplayName("[MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.2-1] [MQTT-4.7.3-4] lookup matches as section 4.7 says")
    void forEachMatchingFollowsTheMatchingRules(String filter, String topic, boolean expected) {
        this.store.put(retained(topic, "x"));
        assertThat(topicsMatching(filter)).isEqualTo(expected ? List.of(topic) : List.of());
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("#", List.of("a", "a/b", "a/b/c", "a/c", "b", "/", "/x", "a/")),
                Arguments.of("a/#", List.of("a", "a/b", "a/b/c", "a/c", "a/")),
                Arguments.of("a/+", List.of("a/b", "a/c", "a/")),
                Arguments.of("+", List.of("a", "b")),
                Arguments.of("+/+", List.of("a/b", "a/c", "/", "/x", "a/")),
                Arguments.of("+/b/#", List.of("a/b", "a/b/c")),
                Arguments.of("/#", List.of("/", "/x")),
                Arguments.of("$SYS/#", List.of("$SYS/broker/uptime", "$SYS/broker/clients/connected")),
                Arguments.of("$SYS/broker/+", List.of("$SYS/broker/uptime")),
                Arguments.of("$SYS/+/uptime", List.of("$SYS/broker/uptime")),
                Arguments.of("+/broker/uptime", List.of()),
                Arguments.of("a/b/c/#", List.of("a/b/c")),
                Arguments.of("a/b/c/d", List.of()));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("filters")
    @DisplayName("[MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.2-1] a filter finds exactly the matching retained topics")
    void forEachMatchingFindsEveryMatchAndNoOther(String filter, List<String> expected) {
        for (String topic : List.of("a", "a/b", "a/b/c", "a/c", "b", "/", "/x", "a/", "$SYS/broker/uptime",
                "$SYS/broker/clients/connected")) {
            this.store.put(retained(topic, topic));
        }
        assertThat(topicsMatching(filter)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @DisplayName("[MQTT-4.7.2-1] '#' and '+' at the start do not return topics beginning with '$'")
    void leadingWildcardsSkipDollarTopics() {
        this.store.put(retained("$SYS/broker/uptime", "1"));
        this.store.put(retained("$other", "2"));
        this.store.put(retained("plain", "3"));
        this.store.put(retained("a/$x", "4"));
        assertThat(topicsMatching("#")).containsExactlyInAnyOrder("plain", "a/$x");
        assertThat(topicsMatching("+")).containsExactly("plain");
        assertThat(topicsMatching("+/broker/+")).isEmpty();
        assertThat(topicsMatching("a/+")).containsExactly("a/$x");
        assertThat(topicsMatching("$other")).containsExactly("$other");
    }

    @Test
    @DisplayName("MQTT 5.0 section 4.7.1.2: 'a/#' returns the message retained on 'a' itself")
    void multiLevelWildcardIncludesParent() {
        this.store.put(retained("a", "parent"));
        assertThat(topicsMatching("a/#")).containsExactly("a");
    }

    @Test
    @DisplayName("lookups with nothing stored find nothing")
    void emptyStore() {
        assertThat(this.store.size()).isZero();
        assertThat(matching("#")).isEmpty();
        assertThat(matching("a/+")).isEmpty();
        assertThat(matching("a")).isEmpty();
    }

}
