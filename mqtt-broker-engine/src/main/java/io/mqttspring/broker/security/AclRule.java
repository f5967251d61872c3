package io.mqttspring.broker.security;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import io.mqttspring.broker.core.ClientInfo;

import org.jspecify.annotations.Nullable;

/**
 * One line of an access control list: who, may or may not, publish or subscribe to which topics. The topic pattern
 * may use {@code +} and {@code #}, and {@code %u} and {@code %c} for the client's user name and client identifier
 * (a rule with {@code %u} never applies to a client without a user name).
 *
 * @param permission allow or deny
 * @param actions what the rule is about
 * @param subject whom the rule is about
 * @param topicPattern the topics, a topic filter with optional {@code %u} and {@code %c}
 */
public record AclRule(Permission permission, Set<Action> actions, Subject subject, String topicPattern) {

    public AclRule {
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(topicPattern, "topicPattern");
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("An ACL rule needs at least one action");
        }
        actions = Set.copyOf(EnumSet.copyOf(actions));
        if (topicPattern.isEmpty()) {
            throw new IllegalArgumentException("An ACL rule needs a topic pattern");
        }
        int hash = topicPattern.indexOf('#');
        if (hash >= 0 && (hash != topicPattern.length() - 1 || (hash > 0 && topicPattern.charAt(hash - 1) != '/'))) {
            throw new IllegalArgumentException("'#' must be the last level on its own: " + topicPattern);
        }
    }

    /**
     * A rule that allows.
     * @param subject whom it is about
     * @param topicPattern the topics
     * @param actions what it allows
     * @return the rule
     */
    public static AclRule allow(Subject subject, String topicPattern, Action... actions) {
        return new AclRule(Permission.ALLOW, Set.of(actions), subject, topicPattern);
    }

    /**
     * A rule that denies.
     * @param subject whom it is about
     * @param topicPattern the topics
     * @param actions what it denies
     * @return the rule
     */
    public static AclRule deny(Subject subject, String topicPattern, Action... actions) {
        return new AclRule(Permission.DENY, Set.of(actions), subject, topicPattern);
    }

    /**
     * Return whether the rule speaks about this client, this action and this topic.
     * @param client the client
     * @param action publish or subscribe
     * @param topic the topic name of a publication or the topic filter of a subscription
     * @return {@code true} when the rule decides
     */
    boolean applies(ClientInfo client, Action action, String topic) {
        if (!this.actions.contains(action) || !this.subject.includes(client)) {
            return false;
        }
        String pattern = resolve(client);
        return pattern != null && TopicPatterns.covers(pattern, topic);
    }

    private @Nullable String resolve(ClientInfo client) {
        String pattern = this.topicPattern;
        if (pattern.indexOf('%') < 0) {
            return pattern;
        }
        if (pattern.contains("%u")) {
            if (client.username() == null || !isSafeLevelText(client.username())) {
                return null;
            }
            pattern = pattern.replace("%u", client.username());
        }
        if (pattern.contains("%c")) {
            if (!isSafeLevelText(client.clientId())) {
                return null;
            }
            pattern = pattern.replace("%c", client.clientId());
        }
        return pattern;
    }

    // a user name "+" or "a/#" must not widen a pattern: such names match no substituted rule
    private static boolean isSafeLevelText(String value) {
        return !value.isEmpty() && value.indexOf('/') < 0 && value.indexOf('+') < 0 && value.indexOf('#') < 0;
    }

    /** Allow or deny. */
    public enum Permission {
        ALLOW, DENY
    }

    /** What a client asks to do. */
    public enum Action {
        /** Publish to a topic name, wills and retained messages included. */
        PUBLISH,
        /** Subscribe to a topic filter, and so receive what is published to it. */
        SUBSCRIBE
    }

    /**
     * Whom a rule is about.
     *
     * @param kind the kind of subject
     * @param name the user name, client identifier or certificate identity; {@code null} for anyone or anonymous
     */
    public record Subject(Kind kind, @Nullable String name) {

        public Subject {
            Objects.requireNonNull(kind, "kind");
            if ((name == null) != (kind == Kind.ANYONE || kind == Kind.ANONYMOUS)) {
                throw new IllegalArgumentException(kind + " rules " + ((name == null) ? "need" : "take no") + " name");
            }
        }

        public static Subject anyone() {
            return new Subject(Kind.ANYONE, null);
        }

        public static Subject anonymous() {
            return new Subject(Kind.ANONYMOUS, null);
        }

        public static Subject user(String username) {
            return new Subject(Kind.USER, username);
        }

        public static Subject clientId(String clientId) {
            return new Subject(Kind.CLIENT_ID, clientId);
        }

        public static Subject certificate(String identity) {
            return new Subject(Kind.CERTIFICATE, identity);
        }

        boolean includes(ClientInfo client) {
            return switch (this.kind) {
                case ANYONE -> true;
                case ANONYMOUS -> client.username() == null;
                case USER -> Objects.equals(this.name, client.username());
                case CLIENT_ID -> Objects.equals(this.name, client.clientId());
                case CERTIFICATE -> Objects.equals(this.name, client.certificateIdentity());
            };
        }

        /** The kinds of subject. */
        public enum Kind {
            ANYONE, ANONYMOUS, USER, CLIENT_ID, CERTIFICATE
        }

    }

}
