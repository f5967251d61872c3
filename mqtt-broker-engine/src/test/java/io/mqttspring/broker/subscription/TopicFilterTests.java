package io.mqttspring.broker.subscription;

import io.mqttspring.broker.core.InvalidTopicException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Validation, shared-subscription parsing and matching of topic filters (MQTT 5.0 sections 4.7 and 4.8.2; IDs from
 * the MQTT 5 checklist, the 3.1.1 topic rules are the same).
 */
class TopicFilterTests {

    private static final int MAX_LEVELS = 128;

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "a", "a/b", "/", "//", "#", "+", "+/+", "/+", "+/", "a/#", "a/+/b", "+/tennis/#",
            "sport/tennis/player1/#", "$SYS/#", "$SYS/+", "$share", "$sharex/a", "a/$share/g/b" })
    @DisplayName("[MQTT-4.7.1-1] [MQTT-4.7.1-2] wildcards that fill whole levels ('#' last) are valid")
    void acceptsValidFilters(String value) {
        TopicFilter filter = TopicFilter.of(value, MAX_LEVELS);
        assertThat(filter.value()).isEqualTo(value);
        assertThat(filter.filter()).isEqualTo(value);
        assertThat(filter.isShared()).isFalse();
        assertThat(filter.shareName()).isNull();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "a#", "#a", "a/#/b", "#/a", "#/#", "sport/tennis#", "sport/tennis/#/ranking", "a/b#",
            "a/#/" })
    @DisplayName("[MQTT-4.7.1-1] '#' must stand alone as the last level")
    void rejectsMisplacedMultiLevelWildcard(String value) {
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicFilter.of(value, MAX_LEVELS));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "a+", "+a", "sport+", "a/b+/c", "++", "a/++", "+#" })
    @DisplayName("[MQTT-4.7.1-2] '+' must fill a whole level")
    void rejectsPartialSingleLevelWildcard(String value) {
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicFilter.of(value, MAX_LEVELS));
    }

    @Test
    @DisplayName("[MQTT-4.7.3-1] the empty topic filter is invalid")
    void rejectsEmptyFilter() {
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicFilter.of("", MAX_LEVELS));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "\u0000", "a/\u0000", "a\u0000/#", "$share/g/a\u0000" })
    @DisplayName("[MQTT-4.7.3-2] topic filters containing U+0000 are invalid")
    void rejectsNullCharacter(String value) {
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicFilter.of(value, MAX_LEVELS));
    }

    @Test
    @DisplayName("[MQTT-4.7.3-3] a topic filter that encodes to more than 65,535 bytes is invalid")
    void rejectsFilterLongerThan65535Bytes() {
        String tooLong = "a/".repeat(20_000) + "\u20ac".repeat(8_600) + "/#";
        assertThatExceptionOfType(InvalidTopicException.class)
                .isThrownBy(() -> TopicFilter.of(tooLong, Integer.MAX_VALUE));
    }

    @Test
    @DisplayName("filters with more levels than the limit are refused, filters at the limit accepted")
    void enforcesLevelLimit() {
        assertThat(TopicFilter.of("a/+/#", 3).levelCount()).isEqualTo(3);
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicFilter.of("a/b/c/#", 3));
        // the share prefix does not count as levels
        assertThat(TopicFilter.of("$share/group/a/+/#", 3).levelCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("levels and the wildcard flag are exposed")
    void exposesLevels() {
        TopicFilter filter = TopicFilter.of("/a/+/#", MAX_LEVELS);
        assertThat(filter.levelCount()).isEqualTo(4);
        assertThat(filter.level(0)).isEmpty();
        assertThat(filter.level(1)).isEqualTo("a");
        assertThat(filter.level(2)).isEqualTo("+");
        assertThat(filter.level(3)).isEqualTo("#");
        assertThat(filter.hasWildcard()).isTrue();
        assertThat(TopicFilter.of("a/b", MAX_LEVELS).hasWildcard()).isFalse();
        assertThat(TopicFilter.of("a/+", MAX_LEVELS).hasWildcard()).isTrue();
        assertThat(TopicFilter.of("#", MAX_LEVELS).hasWildcard()).isTrue();
    }

    // ---- shared subscriptions -------------------------------------------------------------------------------

    @ParameterizedTest(name = "\"{0}\" -> share \"{1}\", filter \"{2}\"")
    @CsvSource({
            "$share/group/a/b,     group,    a/b",
            "$share/g/#,           g,        #",
            "$share/g/+,           g,        +",
            "$share/consumer1/sport/tennis/+, consumer1, sport/tennis/+",
            "$share/g/$SYS/#,      g,        $SYS/#",
            "$share/g//a,          g,        /a",
            "$share/g/$share/h/a,  g,        $share/h/a" })
    @DisplayName("[MQTT-4.8.2-1] [MQTT-4.8.2-2] $share/{ShareName}/{filter} names a group and a filter")
    void parsesSharedSubscriptions(String value, String shareName, String filter) {
        TopicFilter parsed = TopicFilter.of(value, MAX_LEVELS);
        assertThat(parsed.isShared()).isTrue();
        assertThat(parsed.shareName()).isEqualTo(shareName);
        assertThat(parsed.filter()).isEqualTo(filter);
        assertThat(parsed.value()).isEqualTo(value);
        assertThat(parsed.levelCount()).isEqualTo(filter.split("/", -1).length);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "$share/", "$share//a", "$share/group", "$share/group/", "$share/g+/a", "$share/+/a",
            "$share/#/a", "$share/g#/a", "$share/group/a/#/b", "$share/group/a+" })
    @DisplayName("[MQTT-4.8.2-1] [MQTT-4.8.2-2] a share name of at least one character without '+' or '#', then '/' "
            + "and a valid filter")
    void rejectsInvalidSharedSubscriptions(String value) {
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicFilter.of(value, MAX_LEVELS));
    }

    @Test
    @DisplayName("filters compare by their full text, share prefix included")
    void equalityUsesFullValue() {
        assertThat(TopicFilter.of("a/+", MAX_LEVELS)).isEqualTo(TopicFilter.of("a/+", MAX_LEVELS))
                .hasSameHashCodeAs(TopicFilter.of("a/+", MAX_LEVELS));
        assertThat(TopicFilter.of("$share/g/a/+", MAX_LEVELS)).isNotEqualTo(TopicFilter.of("a/+", MAX_LEVELS));
        assertThat(TopicFilter.of("$share/g/a", MAX_LEVELS)).isNotEqualTo(TopicFilter.of("$share/h/a", MAX_LEVELS));
        assertThat(TopicFilter.of("a/B", MAX_LEVELS)).isNotEqualTo(TopicFilter.of("a/b", MAX_LEVELS));
    }

    // ---- matching -------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "\"{0}\" ~ \"{1}\" -> {2}")
    @MethodSource("io.mqttspring.broker.subscription.TopicMatchingCases#cases")
    @DisplayName("[MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.2-1] [MQTT-4.7.3-4] filter matches topic name as in section "
            + "4.7")
    void matches(String filter, String topic, boolean expected) {
        assertThat(TopicFilter.of(filter, MAX_LEVELS).matches(TopicName.of(topic, MAX_LEVELS))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" ~ \"{1}\" -> {2}")
    @MethodSource("io.mqttspring.broker.subscription.TopicMatchingCases#cases")
    @DisplayName("[MQTT-4.8.2-2] a shared filter matches as the filter after its share name")
    void sharedFilterMatchesLikeItsFilter(String filter, String topic, boolean expected) {
        TopicFilter shared = TopicFilter.of("$share/group/" + filter, MAX_LEVELS);
        assertThat(shared.matches(TopicName.of(topic, MAX_LEVELS))).isEqualTo(expected);
    }

    @Test
    @DisplayName("MQTT 5.0 section 4.7.1.2: 'a/#' matches the parent level 'a' itself")
    void multiLevelWildcardMatchesParent() {
        assertThat(TopicFilter.of("a/#", MAX_LEVELS).matches(TopicName.of("a", MAX_LEVELS))).isTrue();
        assertThat(TopicFilter.of("a/b/#", MAX_LEVELS).matches(TopicName.of("a/b", MAX_LEVELS))).isTrue();
    }

}
