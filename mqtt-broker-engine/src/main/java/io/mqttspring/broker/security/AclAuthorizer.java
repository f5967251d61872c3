package io.mqttspring.broker.security;

import java.util.List;

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

    private boolean decide(ClientInfo client, Action action, String topic) {
        List<AclRule> current = this.rules.list;
        for (AclRule rule : current) {
            if (rule.applies(client, action, topic)) {
                return rule.permission() == Permission.ALLOW;
            }
        }
        return current.isEmpty();
    }

    private static final class Rules {

        final List<AclRule> list;

        final boolean deniesSubscriptions;

        Rules(List<AclRule> rules) {
            this.list = List.copyOf(rules);
            this.deniesSubscriptions = rules.stream()
                .anyMatch((rule) -> rule.permission() == Permission.DENY && rule.actions().contains(Action.SUBSCRIBE));
        }

    }

}
