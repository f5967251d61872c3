package io.mqttspring.listener;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TopicTemplate}.
 */
class TopicTemplateTests {

    @Test
    void variablesBecomeSingleLevelWildcards() {
        TopicTemplate template = TopicTemplate.parse("sensors/{building}/{room}/temperature");
        assertThat(template.filter()).isEqualTo("sensors/+/+/temperature");
        assertThat(template.template()).isEqualTo("sensors/{building}/{room}/temperature");
        assertThat(template.hasVariables()).isTrue();
        assertThat(template).hasToString("sensors/{building}/{room}/temperature");
    }

    @Test
    void plainFilterIsATemplateWithoutVariables() {
        TopicTemplate template = TopicTemplate.parse("sensors/+/temperature/#");
        assertThat(template.filter()).isEqualTo("sensors/+/temperature/#");
        assertThat(template.hasVariables()).isFalse();
        assertThat(template.match("sensors/a/temperature/x/y")).isEmpty();
    }

    @Test
    void matchExtractsVariables() {
        TopicTemplate template = TopicTemplate.parse("sensors/{building}/{room}/temperature");
        assertThat(template.match("sensors/main/kitchen/temperature"))
            .containsExactly(Map.entry("building", "main"), Map.entry("room", "kitchen"));
        assertThat(template.match("sensors/main/kitchen/humidity")).isNull();
        assertThat(template.match("sensors/main/temperature")).isNull();
        assertThat(template.match("sensors/main/kitchen/temperature/extra")).isNull();
    }

    @Test
    void variableMatchesAnEmptyLevel() {
        assertThat(TopicTemplate.parse("a/{b}/c").match("a//c")).containsEntry("b", "");
    }

    @Test
    void multiLevelWildcardMatchesItsParentLevel() {
        TopicTemplate template = TopicTemplate.parse("{site}/events/#");
        assertThat(template.match("north/events")).containsEntry("site", "north");
        assertThat(template.match("north/events/door/open")).containsEntry("site", "north");
        assertThat(template.match("north/alarms")).isNull();
    }

    @Test
    void leadingWildcardsDoNotMatchDollarTopics() {
        assertThat(TopicTemplate.parse("#").match("$SYS/broker/uptime")).isNull();
        assertThat(TopicTemplate.parse("+/broker/uptime").match("$SYS/broker/uptime")).isNull();
        assertThat(TopicTemplate.parse("{root}/broker/uptime").match("$SYS/broker/uptime")).isNull();
        assertThat(TopicTemplate.parse("$SYS/broker/{figure}").match("$SYS/broker/uptime"))
            .containsEntry("figure", "uptime");
    }

    @Test
    void expandFillsVariables() {
        TopicTemplate template = TopicTemplate.parse("alerts/{building}/{room}");
        assertThat(template.expand(Map.of("building", "main", "room", "hall"))).isEqualTo("alerts/main/hall");
        assertThat(TopicTemplate.parse("plain/topic").expand(Map.of())).isEqualTo("plain/topic");
        assertThatIllegalArgumentException().isThrownBy(() -> template.expand(Map.of("building", "main")))
            .withMessageContaining("room");
    }

    @Test
    void invalidTemplatesAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> TopicTemplate.parse("a/b{c}/d"))
            .withMessageContaining("whole level");
        assertThatIllegalArgumentException().isThrownBy(() -> TopicTemplate.parse("a/{x}/{x}"))
            .withMessageContaining("repeats");
        assertThatIllegalArgumentException().isThrownBy(() -> TopicTemplate.parse(""));
    }

}
