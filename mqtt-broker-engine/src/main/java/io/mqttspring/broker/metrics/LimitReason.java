package io.mqttspring.broker.metrics;

/**
 * Which cap a client ran into; see {@code Quotas} in the configuration.
 */
public enum LimitReason {

    /** A connection beyond the broker's maximum, closed as it arrived. */
    CONNECTIONS,

    /** A connection beyond the maximum from one source address, closed as it arrived. */
    CONNECTIONS_PER_ADDRESS,

    /** A connection beyond the connect rate of its source address, closed as it arrived. */
    CONNECT_RATE,

    /** A subscription beyond the maximum of its session, refused in SUBACK. */
    SUBSCRIPTIONS,

    /** A retained message refused: too large, or beyond the count or bytes of all retained messages. */
    RETAINED_MESSAGES,

    /** A connection held back for a while because it published faster than its rate or bandwidth. */
    PUBLISH_RATE,

    /** A refusal of bad credentials that was delayed because its source address keeps failing. */
    FAILED_LOGINS

}
