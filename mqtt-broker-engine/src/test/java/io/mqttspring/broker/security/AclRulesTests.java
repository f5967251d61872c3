package io.mqttspring.broker.security;

import java.util.List;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.security.AclRule.Action;
import io.mqttspring.broker.security.AclRule.Subject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ACL rules, the authorizer that applies them and the Mosquitto ACL file reader.
 */
class AclRulesTests {

    private static final ClientInfo ALICE = new ClientInfo("alice-phone", "alice", ProtocolVersion.MQTT_5, null);

    private static final ClientInfo BOB = new ClientInfo("bob-1", "bob", ProtocolVersion.MQTT_3_1_1, null);

    private static final ClientInfo ANONYMOUS = new ClientInfo("anon", null, ProtocolVersion.MQTT_3_1_1, null);

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({ "sensors/#, sensors/a/temp, true", "sensors/#, sensors, true", "sensors/#, sensors/+/temp, true",
            "sensors/#, #, false", "sensors/+, sensors/a, true", "sensors/+, sensors/#, false",
            "sensors/+, sensors/a/b, false", "+/temp, a/temp, true", "#, a/b/c, true", "#, $SYS/uptime, false",
            "+/uptime, $SYS/uptime, false", "$SYS/#, $SYS/uptime, true", "a/b, a/b, true", "a/b, a/bc, false",
            "a//b, a//b, true", "a/+/#, a, false", "a/+/#, a/x, true" })
    @DisplayName("A pattern covers a topic or filter when everything the filter matches, it matches [MQTT-4.7.1-2] "
            + "[MQTT-4.7.1-3] [MQTT-4.7.2-1]")
    void covers(String pattern, String filter, boolean expected) {
        assertThat(TopicPatterns.covers(pattern, filter)).isEqualTo(expected);
    }

    @Test
    @DisplayName("First match wins, deny by default once a rule exists; %u and %c stand for the client")
    void firstMatchWins() {
        AclAuthorizer acl = new AclAuthorizer(List.of(
                AclRule.deny(Subject.anyone(), "users/+/secret", Action.SUBSCRIBE),
                AclRule.allow(Subject.anyone(), "users/%u/#", Action.PUBLISH, Action.SUBSCRIBE),
                AclRule.allow(Subject.clientId("bob-1"), "clients/%c", Action.PUBLISH),
                AclRule.allow(Subject.user("alice"), "public/#", Action.SUBSCRIBE)));
        assertThat(acl.maySubscribe(ALICE, "users/alice/inbox", null, QoS.AT_LEAST_ONCE)).isTrue();
        assertThat(acl.maySubscribe(ALICE, "users/alice/secret", null, QoS.AT_LEAST_ONCE)).isFalse();
        assertThat(acl.maySubscribe(ALICE, "users/bob/inbox", null, QoS.AT_LEAST_ONCE)).isFalse();
        assertThat(acl.mayPublish(BOB, "clients/bob-1", QoS.AT_MOST_ONCE, false)).isTrue();
        assertThat(acl.mayPublish(ALICE, "clients/bob-1", QoS.AT_MOST_ONCE, false)).isFalse();
        assertThat(acl.maySubscribe(ALICE, "public/news", null, QoS.AT_MOST_ONCE)).isTrue();
        assertThat(acl.mayPublish(ALICE, "public/news", QoS.AT_MOST_ONCE, false)).isFalse();
        // %u never applies to a client without a user name
        assertThat(acl.maySubscribe(ANONYMOUS, "users//inbox", null, QoS.AT_MOST_ONCE)).isFalse();
        assertThat(new AclAuthorizer(List.of()).mayPublish(ANONYMOUS, "anything", QoS.AT_MOST_ONCE, false)).isTrue();
    }

    @Test
    @DisplayName("A user name with wildcards or slashes does not widen a %u pattern")
    void substitutionCannotWiden() {
        AclAuthorizer acl = new AclAuthorizer(List.of(AclRule.allow(Subject.anyone(), "users/%u/#",
                Action.SUBSCRIBE)));
        ClientInfo sneaky = new ClientInfo("x", "#", ProtocolVersion.MQTT_5, null);
        ClientInfo slashed = new ClientInfo("y", "alice/..", ProtocolVersion.MQTT_5, null);
        assertThat(acl.maySubscribe(sneaky, "users/#", null, QoS.AT_MOST_ONCE)).isFalse();
        assertThat(acl.maySubscribe(slashed, "users/alice/inbox", null, QoS.AT_MOST_ONCE)).isFalse();
    }

    @Test
    @DisplayName("Rules replaced while running apply to the next request at once")
    void rulesReplaced() {
        AclAuthorizer acl = new AclAuthorizer(List.of(AclRule.allow(Subject.anyone(), "#", Action.PUBLISH)));
        assertThat(acl.mayPublish(BOB, "a", QoS.AT_MOST_ONCE, false)).isTrue();
        acl.setRules(List.of(AclRule.deny(Subject.user("bob"), "#", Action.PUBLISH)));
        assertThat(acl.mayPublish(BOB, "a", QoS.AT_MOST_ONCE, false)).isFalse();
    }

    @Test
    @DisplayName("A Mosquitto acl_file: anonymous section, user sections, patterns, read/write/readwrite/deny, "
            + "deny wins over allow as in Mosquitto")
    void mosquittoAclFile() {
        List<AclRule> rules = MosquittoAclFile.parse(List.of(
                "# anonymous clients",
                "topic read public/#",
                "",
                "user alice",
                "topic readwrite users/alice/#",
                "topic deny test/nosubscribe",
                "topic test/#",
                "user bob",
                "topic write telemetry/bob",
                "pattern read devices/%c/commands"), "acl");
        AclAuthorizer acl = new AclAuthorizer(rules);
        assertThat(rules.get(0).permission()).isEqualTo(AclRule.Permission.DENY);
        assertThat(acl.maySubscribe(ANONYMOUS, "public/weather", null, QoS.AT_MOST_ONCE)).isTrue();
        assertThat(acl.mayPublish(ANONYMOUS, "public/weather", QoS.AT_MOST_ONCE, false)).isFalse();
        assertThat(acl.maySubscribe(ALICE, "public/weather", null, QoS.AT_MOST_ONCE)).isFalse();
        assertThat(acl.mayPublish(ALICE, "users/alice/x", QoS.AT_LEAST_ONCE, true)).isTrue();
        assertThat(acl.maySubscribe(ALICE, "test/nosubscribe", null, QoS.AT_MOST_ONCE)).isFalse();
        assertThat(acl.mayPublish(ALICE, "test/nosubscribe", QoS.AT_MOST_ONCE, false)).isFalse();
        assertThat(acl.maySubscribe(ALICE, "test/other", null, QoS.AT_MOST_ONCE)).isTrue();
        assertThat(acl.mayPublish(BOB, "telemetry/bob", QoS.AT_MOST_ONCE, false)).isTrue();
        assertThat(acl.maySubscribe(BOB, "telemetry/bob", null, QoS.AT_MOST_ONCE)).isFalse();
        assertThat(acl.maySubscribe(BOB, "devices/bob-1/commands", null, QoS.AT_MOST_ONCE)).isTrue();
        assertThat(acl.maySubscribe(ALICE, "devices/bob-1/commands", null, QoS.AT_MOST_ONCE)).isFalse();
    }

    @Test
    @DisplayName("A line Mosquitto would not accept fails naming the file and the line")
    void badAclLine() {
        assertThatThrownBy(() -> MosquittoAclFile.parse(List.of("user carol", "topik read a/b"), "/etc/acl"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("/etc/acl line 2")
            .hasMessageContaining("topik");
        assertThatThrownBy(() -> MosquittoAclFile.parse(List.of("topic read a/#/b"), "acl"))
            .hasMessageContaining("acl line 1");
    }

    @Test
    @DisplayName("Deliveries are checked only when a rule denies subscribing: a deny on one topic holds under an "
            + "allowed wildcard, as Mosquitto's per-message read check")
    void receiveChecks() {
        AclAuthorizer allowOnly = new AclAuthorizer(List.of(AclRule.allow(Subject.anyone(), "test/#",
                Action.SUBSCRIBE)));
        assertThat(allowOnly.mayReceive(ALICE, "anything/else")).as("no deny rule: nothing to check").isTrue();
        AclAuthorizer withDeny = new AclAuthorizer(MosquittoAclFile.parse(List.of("user alice",
                "topic deny test/nosubscribe", "topic read test/#"), "acl"));
        assertThat(withDeny.maySubscribe(ALICE, "test/#", null, QoS.AT_MOST_ONCE)).isTrue();
        assertThat(withDeny.mayReceive(ALICE, "test/other")).isTrue();
        assertThat(withDeny.mayReceive(ALICE, "test/nosubscribe")).isFalse();
    }

    @Test
    @DisplayName("Rules indexed by their first level keep first-match order across wildcard and literal patterns")
    void indexKeepsOrder() {
        AclAuthorizer acl = new AclAuthorizer(List.of(
                AclRule.deny(Subject.anyone(), "+/secret", Action.PUBLISH, Action.SUBSCRIBE),
                AclRule.allow(Subject.anyone(), "a/#", Action.PUBLISH, Action.SUBSCRIBE),
                AclRule.deny(Subject.anyone(), "a/late", Action.PUBLISH),
                AclRule.allow(Subject.anyone(), "%u/#", Action.PUBLISH),
                AclRule.allow(Subject.anyone(), "#", Action.SUBSCRIBE)));
        assertThat(acl.mayPublish(ALICE, "a/secret", QoS.AT_MOST_ONCE, false)).isFalse();
        assertThat(acl.mayPublish(ALICE, "a/late", QoS.AT_MOST_ONCE, false)).as("the earlier allow wins").isTrue();
        assertThat(acl.mayPublish(ALICE, "alice/notes", QoS.AT_MOST_ONCE, false)).isTrue();
        assertThat(acl.mayPublish(ALICE, "b/notes", QoS.AT_MOST_ONCE, false)).isFalse();
        assertThat(acl.maySubscribe(ALICE, "+/x", null, QoS.AT_MOST_ONCE)).as("only '#' covers it").isTrue();
        assertThat(acl.maySubscribe(ALICE, "+/secret", null, QoS.AT_MOST_ONCE)).isFalse();
        assertThat(acl.maySubscribe(ALICE, "$SYS/uptime", null, QoS.AT_MOST_ONCE)).isFalse();
    }

}
