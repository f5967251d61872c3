package io.mqttspring.broker.subscription;

import java.util.stream.Stream;

import io.mqttspring.broker.core.InvalidTopicException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Validation and level splitting of topic names (MQTT 5.0 section 4.7; IDs from the MQTT 5 checklist, the 3.1.1
 * rules are the same).
 */
class TopicNameTests {

    private static final int MAX_LEVELS = 128;

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "a", "a/b", "sport/tennis/player1", "/", "a/", "/a", "//", "a//b", "$SYS/broker/uptime",
            "$share", "sp ace", "ünïcødé/トピック", "A/B" })
    @DisplayName("[MQTT-4.7.3-1] non-empty names without wildcards or U+0000 are valid")
    void acceptsValidNames(String value) {
        assertThat(TopicName.of(value, MAX_LEVELS).value()).isEqualTo(value);
    }

    @Test
    @DisplayName("[MQTT-4.7.3-1] the empty topic name is invalid")
    void rejectsEmptyName() {
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicName.of("", MAX_LEVELS));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "+", "#", "a/+", "a/#", "a/+/b", "a+", "a#", "#/a", "sport/tennis#", "a/b+c" })
    @DisplayName("[MQTT-4.7.0-1] wildcards are not allowed in topic names")
    void rejectsWildcards(String value) {
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicName.of(value, MAX_LEVELS));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "\u0000", "a\u0000", "a/\u0000/b" })
    @DisplayName("[MQTT-4.7.3-2] topic names containing U+0000 are invalid")
    void rejectsNullCharacter(String value) {
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicName.of(value, MAX_LEVELS));
    }

    @Test
    @DisplayName("[MQTT-4.7.3-3] a topic name that encodes to more than 65,535 bytes is invalid")
    void rejectsNameLongerThan65535Bytes() {
        String tooLong = "a".repeat(65_536);
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicName.of(tooLong, MAX_LEVELS));
    }

    @Test
    @DisplayName("[MQTT-4.7.3-3] the limit counts UTF-8 bytes, not characters")
    void limitCountsEncodedBytes() {
        // 21,846 three-byte characters: 65,538 bytes in UTF-8 but only 21,846 chars
        String tooLong = "\u20ac".repeat(21_846);
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicName.of(tooLong, MAX_LEVELS));
    }

    @Test
    @DisplayName("[MQTT-4.7.3-3] a topic name of exactly 65,535 bytes is valid")
    void acceptsNameOf65535Bytes() {
        String longest = "a".repeat(65_535);
        assertThat(TopicName.of(longest, MAX_LEVELS).value()).hasSize(65_535);
    }

    @Test
    void rejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> TopicName.of(null, MAX_LEVELS));
    }

    static Stream<Arguments> levels() {
        return Stream.of(
                Arguments.of("a", new String[] { "a" }),
                Arguments.of("a/b/c", new String[] { "a", "b", "c" }),
                Arguments.of("/", new String[] { "", "" }),
                Arguments.of("/finance", new String[] { "", "finance" }),
                Arguments.of("finance/", new String[] { "finance", "" }),
                Arguments.of("a//b", new String[] { "a", "", "b" }),
                Arguments.of("$SYS/x", new String[] { "$SYS", "x" }));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("levels")
    @DisplayName("MQTT 5.0 section 4.7.1.1: '/' separates levels, leading, trailing and adjacent ones make empty "
            + "levels")
    void splitsIntoLevels(String value, String[] expected) {
        TopicName topic = TopicName.of(value, MAX_LEVELS);
        assertThat(topic.levelCount()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(topic.level(i)).as("level %d", i).isEqualTo(expected[i]);
        }
    }

    @Test
    @DisplayName("names with more levels than the limit are refused, names at the limit accepted")
    void enforcesLevelLimit() {
        assertThat(TopicName.of("a/b/c", 3).levelCount()).isEqualTo(3);
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicName.of("a/b/c/d", 3))
                .withMessageContaining("4 levels");
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> TopicName.of("///", 3));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @MethodSource("dollarTopics")
    @DisplayName("MQTT 5.0 section 4.7.2: names starting with '$' are recognised")
    void recognisesDollarTopics(String value, boolean dollar) {
        assertThat(TopicName.of(value, MAX_LEVELS).isDollarTopic()).isEqualTo(dollar);
    }

    static Stream<Arguments> dollarTopics() {
        return Stream.of(Arguments.of("$SYS/broker", true), Arguments.of("$", true), Arguments.of("a/$SYS", false),
                Arguments.of("/$SYS", false), Arguments.of("SYS$", false));
    }

    @Test
    @DisplayName("[MQTT-4.7.3-4] names are compared exactly: case and Unicode normalisation matter")
    void comparesExactly() {
        assertThat(TopicName.of("a/B", MAX_LEVELS)).isNotEqualTo(TopicName.of("a/b", MAX_LEVELS));
        // "é" precomposed (U+00E9) and decomposed (e + U+0301)
        assertThat(TopicName.of("caf\u00e9", MAX_LEVELS)).isNotEqualTo(TopicName.of("cafe\u0301", MAX_LEVELS));
        assertThat(TopicName.of("a/b", MAX_LEVELS)).isEqualTo(TopicName.of("a/b", MAX_LEVELS))
                .hasSameHashCodeAs(TopicName.of("a/b", MAX_LEVELS));
    }

}
