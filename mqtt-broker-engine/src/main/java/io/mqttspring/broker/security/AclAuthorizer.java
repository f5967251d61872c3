package io.mqttspring.broker.security;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.security.AclRule.Action;
import io.mqttspring.broker.security.AclRule.Permission;

import org.jspecify.annotations.Nullable;

/**
 * Authorizes by an ordered access control list: the first rule that applies to the client, the action and the topic
 * decides; when none applies, the answer is no. An empty list allows everything. Subscriptions are judged by their
 * filter, so a rule on {@code sensors/#} allows {@code sensors/+/temp} but not {@code #}; a shared subscription is
 * judged by its filter without the share prefix. When a rule denies subscribing, each delivered message is checked
 * too, so a deny on {@code test/secret} holds under an allowed {@code test/#}. Rules can be replaced while the broker
 * runs and apply to the next publication, subscription or delivery at once. Thread-safe.
 */
public final class AclAuthorizer implements Authorizer {

    private static final int[] NONE = new int[0];

    private volatile Rules rules;

    /**
     * Create a new instance.
     * @param rules the rules, in order
     */
    public AclAuthorizer(List<AclRule> rules) {
        this.rules = new Rules(rules);
    }

    /**
     * Replace the rules.
     * @param rules the new rules, in order
     */
    public void setRules(List<AclRule> rules) {
        this.rules = new Rules(rules);
    }

    /**
     * Return the rules.
     * @return the rules, in order
     */
    public List<AclRule> getRules() {
        return this.rules.list;
    }

    @Override
    public boolean mayPublish(ClientInfo client, String topic, QoS qos, boolean retain) {
        return decide(client, Action.PUBLISH, topic);
    }

    @Override
    public boolean maySubscribe(ClientInfo client, String topicFilter, @Nullable String shareGroup, QoS qos) {
        return decide(client, Action.SUBSCRIBE, topicFilter);
    }

    @Override
    public boolean mayReceive(ClientInfo subscriber, String topic) {
        // without a deny rule on subscribing, what the subscription's filter was allowed covers every message
        return !this.rules.deniesSubscriptions || decide(subscriber, Action.SUBSCRIBE, topic);
    }

    // only the rules that can cover the topic's first level are tried, in the list's order: with rules on many
    // subtrees, a check costs a few rules rather than all of them
    private boolean decide(ClientInfo client, Action action, String topic) {
        Rules current = this.rules;
        int[] literal = current.byFirstLevel.getOrDefault(firstLevel(topic), NONE);
        int[] open = current.openFirstLevel;
        int i = 0;
        int j = 0;
        while (i < literal.length || j < open.length) {
            int next = (j >= open.length || (i < literal.length && literal[i] < open[j])) ? literal[i++] : open[j++];
            AclRule rule = current.list.get(next);
            if (rule.applies(client, action, topic)) {
                return rule.permission() == Permission.ALLOW;
            }
        }
        return current.list.isEmpty();
    }

    private static String firstLevel(String topic) {
        int slash = topic.indexOf('/');
        return (slash < 0) ? topic : topic.substring(0, slash);
    }

    /**
     * The rules, and their positions by the first level of their pattern: a literal first level can only cover
     * topics and filters with that first level; a wildcard or a {@code %u}/{@code %c} one may cover any.
     */
    private static final class Rules {

        final List<AclRule> list;

        final Map<String, int[]> byFirstLevel;

        final int[] openFirstLevel;

        final boolean deniesSubscriptions;

        Rules(List<AclRule> rules) {
            this.list = List.copyOf(rules);
            Map<String, List<Integer>> literal = new HashMap<>();
            List<Integer> open = new ArrayList<>();
            for (int i = 0; i < this.list.size(); i++) {
                String first = firstLevel(this.list.get(i).topicPattern());
                if (first.equals("+") || first.equals("#") || first.indexOf('%') >= 0) {
                    open.add(i);
                }
                else {
                    literal.computeIfAbsent(first, (key) -> new ArrayList<>()).add(i);
                }
            }
            Map<String, int[]> indexed = new HashMap<>();
            literal.forEach((first, positions) -> indexed.put(first, toArray(positions)));
            this.byFirstLevel = Map.copyOf(indexed);
            this.openFirstLevel = toArray(open);
            this.deniesSubscriptions = rules.stream()
                .anyMatch((rule) -> rule.permission() == Permission.DENY && rule.actions().contains(Action.SUBSCRIBE));
        }

        private static int[] toArray(List<Integer> positions) {
            return positions.stream().mapToInt(Integer::intValue).toArray();
        }

    }

}
