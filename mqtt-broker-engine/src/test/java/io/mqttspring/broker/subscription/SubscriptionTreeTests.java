package io.mqttspring.broker.subscription;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.mqttspring.broker.message.QoS;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscription trie: which subscriptions a topic name finds, replacement, removal and pruning, shared groups and
 * the size gauge. Subscribers are plain strings.
 */
class SubscriptionTreeTests {

    private static final int MAX_LEVELS = 128;

    private final SubscriptionTree<String> tree = new SubscriptionTree<>();

    private static Subscription<String> subscription(String subscriber, String filter) {
        return subscription(subscriber, filter, QoS.AT_MOST_ONCE);
    }

    private static Subscription<String> subscription(String subscriber, String filter, QoS qos) {
        return new Subscription<>(subscriber, TopicFilter.of(filter, MAX_LEVELS), SubscriptionOptions.of(qos), 0);
    }

    private Collected match(String topic) {
        Collected collected = new Collected();
        this.tree.match(TopicName.of(topic, MAX_LEVELS), collected);
        return collected;
    }

    @ParameterizedTest(name = "\"{0}\" ~ \"{1}\" -> {2}")
    @MethodSource("io.mqttspring.broker.subscription.TopicMatchingCases#cases")
    @DisplayName("[MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.2-1] [MQTT-4.7.3-4] the tree matches as section 4.7 says")
    void singleSubscriptionMatchesAsSpecified(String filter, String topic, boolean expected) {
        this.tree.subscribe(subscription("s", filter));
        assertThat(match(topic).filters()).isEqualTo(expected ? List.of(filter) : List.of());
    }

    @ParameterizedTest(name = "\"{0}\" ~ \"{1}\" -> {2}")
    @MethodSource("io.mqttspring.broker.subscription.TopicMatchingCases#cases")
    @DisplayName("[MQTT-4.7.2-1] shared groups follow the same matching rules")
    void sharedGroupMatchesAsSpecified(String filter, String topic, boolean expected) {
        this.tree.subscribe(subscription("s", "$share/g/" + filter));
        Collected collected = match(topic);
        assertThat(collected.subscriptions).isEmpty();
        assertThat(collected.groups).hasSize(expected ? 1 : 0);
    }

    static Stream<Arguments> combinations() {
        return Stream.of(
                Arguments.of("sport/tennis/player1", List.of("sport/tennis/player1", "sport/tennis/+", "sport/#", "#",
                        "+/#", "+/tennis/#", "+/+/+", "sport/+/player1", "sport/tennis/player1/#")),
                Arguments.of("sport", List.of("sport", "sport/#", "#", "+", "+/#")),
                Arguments.of("sport/", List.of("sport/#", "#", "+/#", "sport/+", "+/+")),
                Arguments.of("/finance", List.of("#", "+/#", "/#", "+/+", "/+")),
                Arguments.of("$SYS/broker/uptime", List.of("$SYS/#", "$SYS/broker/+", "$SYS/+/uptime")),
                Arguments.of("other", List.of("#", "+", "+/#")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("combinations")
    @DisplayName("[MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.2-1] a topic finds exactly the matching filters among many")
    void findsEveryMatchingFilterAndNoOther(String topic, List<String> expected) {
        List<String> all = List.of("sport/tennis/player1", "sport/tennis/+", "sport/#", "#", "+", "+/#",
                "+/tennis/#", "+/+/+", "sport/+/player1", "sport/tennis/player1/#", "sport", "sport/+", "+/+", "/#",
                "/+", "$SYS/#", "$SYS/broker/+", "$SYS/+/uptime", "sport/tennis", "sport/tennis/player2",
                "sport/tennis/player1/ranking", "a/b", "$SYS");
        for (String filter : all) {
            // one subscriber per filter, named after it
            this.tree.subscribe(subscription(filter, filter));
        }
        assertThat(match(topic).filters()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @DisplayName("one subscriber matching through several filters is reported once per filter")
    void overlappingFiltersOfOneSubscriberAreReportedPerFilter() {
        this.tree.subscribe(subscription("s", "a/+", QoS.AT_MOST_ONCE));
        this.tree.subscribe(subscription("s", "a/#", QoS.EXACTLY_ONCE));
        this.tree.subscribe(subscription("s", "a/b", QoS.AT_LEAST_ONCE));
        Collected collected = match("a/b");
        assertThat(collected.subscriptions).extracting(Subscription::subscriber).containsOnly("s").hasSize(3);
        assertThat(collected.filters()).containsExactlyInAnyOrder("a/+", "a/#", "a/b");
        assertThat(this.tree.size()).isEqualTo(3);
    }

    @Test
    @DisplayName("[MQTT-3.8.4-3] subscribing again to the same filter replaces the subscription")
    void resubscribingReplaces() {
        Subscription<String> first = subscription("s", "a/+", QoS.AT_MOST_ONCE);
        Subscription<String> second = subscription("s", "a/+", QoS.EXACTLY_ONCE);
        assertThat(this.tree.subscribe(first)).isNull();
        assertThat(this.tree.subscribe(second)).isEqualTo(first);
        assertThat(this.tree.size()).isEqualTo(1);
        Collected collected = match("a/b");
        assertThat(collected.subscriptions).containsExactly(second);
    }

    @Test
    @DisplayName("two subscribers to one filter are both found")
    void differentSubscribersToOneFilterAreBothFound() {
        this.tree.subscribe(subscription("s1", "a/+"));
        this.tree.subscribe(subscription("s2", "a/+"));
        assertThat(match("a/b").subscriptions).extracting(Subscription::subscriber)
                .containsExactlyInAnyOrder("s1", "s2");
        assertThat(this.tree.size()).isEqualTo(2);
    }

    @Test
    @DisplayName("unsubscribing removes only that subscriber's subscription to that filter")
    void unsubscribeRemovesOneSubscription() {
        Subscription<String> s1 = subscription("s1", "a/+");
        this.tree.subscribe(s1);
        this.tree.subscribe(subscription("s2", "a/+"));
        this.tree.subscribe(subscription("s1", "a/#"));
        assertThat(this.tree.unsubscribe("s1", TopicFilter.of("a/+", MAX_LEVELS))).isEqualTo(s1);
        assertThat(this.tree.size()).isEqualTo(2);
        Collected collected = match("a/b");
        assertThat(collected.subscriptions).extracting((s) -> s.subscriber() + ":" + s.filter())
                .containsExactlyInAnyOrder("s2:a/+", "s1:a/#");
    }

    @Test
    @DisplayName("unsubscribing what does not exist changes nothing and returns null")
    void unsubscribeUnknown() {
        this.tree.subscribe(subscription("s1", "a/b"));
        assertThat(this.tree.unsubscribe("s2", TopicFilter.of("a/b", MAX_LEVELS))).isNull();
        assertThat(this.tree.unsubscribe("s1", TopicFilter.of("a/b/c/d", MAX_LEVELS))).isNull();
        assertThat(this.tree.unsubscribe("s1", TopicFilter.of("a", MAX_LEVELS))).isNull();
        assertThat(this.tree.unsubscribe("s1", TopicFilter.of("$share/g/a/b", MAX_LEVELS))).isNull();
        assertThat(this.tree.size()).isEqualTo(1);
        assertThat(match("a/b").filters()).containsExactly("a/b");
    }

    @Test
    @DisplayName("unsubscribing the last subscription of a branch prunes its nodes")
    void unsubscribePrunesEmptyBranches() throws Exception {
        this.tree.subscribe(subscription("s", "a/b/c/d"));
        this.tree.subscribe(subscription("s", "x/+/#"));
        this.tree.subscribe(subscription("s", "$share/g/q/r"));
        this.tree.unsubscribe("s", TopicFilter.of("a/b/c/d", MAX_LEVELS));
        this.tree.unsubscribe("s", TopicFilter.of("x/+/#", MAX_LEVELS));
        this.tree.unsubscribe("s", TopicFilter.of("$share/g/q/r", MAX_LEVELS));
        assertThat(this.tree.size()).isZero();
        assertThat(rootChildren()).isEmpty();
    }

    @Test
    @DisplayName("pruning keeps nodes that still hold subscriptions or children")
    void pruningKeepsLiveNodes() throws Exception {
        this.tree.subscribe(subscription("s", "a/b"));
        this.tree.subscribe(subscription("s", "a/b/c"));
        this.tree.subscribe(subscription("s", "a/x/y"));
        this.tree.unsubscribe("s", TopicFilter.of("a/b/c", MAX_LEVELS));
        assertThat(match("a/b").filters()).containsExactly("a/b");
        assertThat(match("a/x/y").filters()).containsExactly("a/x/y");
        this.tree.unsubscribe("s", TopicFilter.of("a/b", MAX_LEVELS));
        assertThat(match("a/x/y").filters()).containsExactly("a/x/y");
        assertThat(rootChildren().keySet()).containsExactly("a");
        this.tree.unsubscribe("s", TopicFilter.of("a/x/y", MAX_LEVELS));
        assertThat(rootChildren()).isEmpty();
    }

    @Test
    @DisplayName("a subscription made after pruning is found again")
    void subscribeAfterPruning() {
        this.tree.subscribe(subscription("s", "a/b"));
        this.tree.unsubscribe("s", TopicFilter.of("a/b", MAX_LEVELS));
        assertThat(match("a/b").filters()).isEmpty();
        this.tree.subscribe(subscription("t", "a/b"));
        assertThat(match("a/b").filters()).containsExactly("a/b");
    }

    // ---- shared subscriptions -------------------------------------------------------------------------------

    @Test
    @DisplayName("MQTT 5.0 section 4.8.2: members of one share name form one group, reported once per match")
    void sharedMembersFormOneGroup() {
        this.tree.subscribe(subscription("s1", "$share/g/a/+"));
        this.tree.subscribe(subscription("s2", "$share/g/a/+"));
        Collected collected = match("a/b");
        assertThat(collected.subscriptions).isEmpty();
        assertThat(collected.groups).hasSize(1);
        SharedGroup<String> group = collected.groups.get(0);
        assertThat(group.shareName()).isEqualTo("g");
        assertThat(group.filter()).isEqualTo("a/+");
        assertThat(group.members()).extracting(Subscription::subscriber).containsExactly("s1", "s2");
        assertThat(this.tree.size()).isEqualTo(2);
    }

    @Test
    @DisplayName("MQTT 5.0 section 4.8.2: different share names on one filter are separate groups")
    void differentShareNamesAreSeparateGroups() {
        this.tree.subscribe(subscription("s1", "$share/g1/a/+"));
        this.tree.subscribe(subscription("s2", "$share/g2/a/+"));
        this.tree.subscribe(subscription("s3", "$share/g1/a/#"));
        this.tree.subscribe(subscription("s4", "a/+"));
        Collected collected = match("a/b");
        assertThat(collected.groups).extracting((g) -> g.shareName() + ":" + g.filter())
                .containsExactlyInAnyOrder("g1:a/+", "g2:a/+", "g1:a/#");
        assertThat(collected.filters()).containsExactly("a/+");
    }

    @Test
    @DisplayName("[MQTT-3.8.4-3] a member subscribing to its group again replaces its membership")
    void sharedResubscribeReplacesMembership() {
        Subscription<String> first = subscription("s1", "$share/g/a", QoS.AT_MOST_ONCE);
        Subscription<String> second = subscription("s1", "$share/g/a", QoS.AT_LEAST_ONCE);
        assertThat(this.tree.subscribe(first)).isNull();
        assertThat(this.tree.subscribe(second)).isEqualTo(first);
        assertThat(this.tree.size()).isEqualTo(1);
        assertThat(match("a").groups.get(0).members()).containsExactly(second);
    }

    @Test
    @DisplayName("leaving a shared group removes the member; the last one removes the group")
    void leavingSharedGroup() {
        Subscription<String> s1 = subscription("s1", "$share/g/a");
        this.tree.subscribe(s1);
        this.tree.subscribe(subscription("s2", "$share/g/a"));
        assertThat(this.tree.unsubscribe("s1", TopicFilter.of("$share/g/a", MAX_LEVELS))).isEqualTo(s1);
        assertThat(match("a").groups.get(0).members()).extracting(Subscription::subscriber).containsExactly("s2");
        this.tree.unsubscribe("s2", TopicFilter.of("$share/g/a", MAX_LEVELS));
        assertThat(match("a").groups).isEmpty();
        assertThat(this.tree.size()).isZero();
    }

    @Test
    @DisplayName("a plain unsubscribe does not touch a shared membership on the same filter, and vice versa")
    void sharedAndPlainSubscriptionsAreIndependent() {
        this.tree.subscribe(subscription("s", "a"));
        this.tree.subscribe(subscription("s", "$share/g/a"));
        assertThat(this.tree.size()).isEqualTo(2);
        this.tree.unsubscribe("s", TopicFilter.of("a", MAX_LEVELS));
        Collected collected = match("a");
        assertThat(collected.subscriptions).isEmpty();
        assertThat(collected.groups).hasSize(1);
        this.tree.subscribe(subscription("s", "a"));
        this.tree.unsubscribe("s", TopicFilter.of("$share/g/a", MAX_LEVELS));
        collected = match("a");
        assertThat(collected.filters()).containsExactly("a");
        assertThat(collected.groups).isEmpty();
    }

    @Test
    @DisplayName("a group's round-robin counter counts up from zero and never goes negative")
    void roundRobinCounter() {
        this.tree.subscribe(subscription("s1", "$share/g/a"));
        SharedGroup<String> group = match("a").groups.get(0);
        assertThat(IntStream.range(0, 3).map((i) -> group.nextIndex()).toArray()).containsExactly(0, 1, 2);
    }

    // ---- size and concurrency -------------------------------------------------------------------------------

    @Test
    @DisplayName("size counts subscriptions and shared memberships")
    void sizeCountsEverything() {
        assertThat(this.tree.size()).isZero();
        this.tree.subscribe(subscription("s1", "a"));
        this.tree.subscribe(subscription("s1", "a/#"));
        this.tree.subscribe(subscription("s2", "a"));
        this.tree.subscribe(subscription("s1", "$share/g/a"));
        this.tree.subscribe(subscription("s2", "$share/g/a"));
        this.tree.subscribe(subscription("s2", "$share/h/a"));
        assertThat(this.tree.size()).isEqualTo(6);
        this.tree.subscribe(subscription("s1", "a", QoS.EXACTLY_ONCE));
        assertThat(this.tree.size()).isEqualTo(6);
        this.tree.unsubscribe("s1", TopicFilter.of("a", MAX_LEVELS));
        this.tree.unsubscribe("s1", TopicFilter.of("a", MAX_LEVELS));
        assertThat(this.tree.size()).isEqualTo(5);
    }

    @Test
    @DisplayName("concurrent subscribes and unsubscribes leave a consistent, empty tree")
    void concurrentChanges() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String subscriber = "s" + t;
                tasks.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 500; i++) {
                        this.tree.subscribe(subscription(subscriber, "shared/" + (i % 7) + "/+"));
                        this.tree.subscribe(subscription(subscriber, "$share/g/x/" + (i % 5)));
                        match("shared/3/z");
                        this.tree.unsubscribe(subscriber, TopicFilter.of("shared/" + (i % 7) + "/+", MAX_LEVELS));
                        this.tree.unsubscribe(subscriber, TopicFilter.of("$share/g/x/" + (i % 5), MAX_LEVELS));
                    }
                }, executor));
            }
            CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
        }
        finally {
            executor.shutdownNow();
        }
        assertThat(this.tree.size()).isZero();
        assertThat(match("shared/3/z").filters()).isEmpty();
        assertThat(rootChildren()).isEmpty();
    }

    // the pruning is internal: look at the root's children, the only way to see that empty nodes are gone
    @SuppressWarnings("unchecked")
    private Map<String, ?> rootChildren() throws Exception {
        Field rootField = SubscriptionTree.class.getDeclaredField("root");
        rootField.setAccessible(true);
        Object root = rootField.get(this.tree);
        Field children = root.getClass().getDeclaredField("children");
        children.setAccessible(true);
        return (Map<String, ?>) children.get(root);
    }

    private static final class Collected implements SubscriptionTree.MatchConsumer<String> {

        private final List<Subscription<String>> subscriptions = new ArrayList<>();

        private final List<SharedGroup<String>> groups = new ArrayList<>();

        @Override
        public void subscription(Subscription<String> subscription) {
            this.subscriptions.add(subscription);
        }

        @Override
        public void sharedGroup(SharedGroup<String> group) {
            this.groups.add(group);
        }

        List<String> filters() {
            return this.subscriptions.stream().map((s) -> s.filter().value()).toList();
        }

    }

}
