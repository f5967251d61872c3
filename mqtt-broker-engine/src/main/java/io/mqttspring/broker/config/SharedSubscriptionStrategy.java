package io.mqttspring.broker.config;

/**
 * How a shared subscription group picks the member that receives a message. Every strategy prefers connected
 * members; a message goes to a disconnected member's session queue only when no member is connected.
 */
public enum SharedSubscriptionStrategy {

    /** Members take turns. */
    ROUND_ROBIN,

    /** A member picked at random. */
    RANDOM,

    /** The member picked by the topic's hash, so all messages of one topic reach one member, in order. */
    HASH_TOPIC

}
