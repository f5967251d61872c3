package io.mqttspring.broker.metrics;

/**
 * Why the broker did not deliver a message to a subscriber.
 */
public enum DropReason {

    /** The session's queue was full (QoS 1 and 2). */
    QUEUE_FULL,

    /** The subscriber could not keep up: its socket buffer was full when a QoS 0 message arrived. */
    SLOW_CONSUMER,

    /** The message expired before it could be sent. */
    EXPIRED,

    /** The message was larger than the subscriber's Maximum Packet Size. */
    TOO_LARGE,

    /** The subscriber was offline and the message was QoS 0, which is not queued, or its session had just ended. */
    OFFLINE,

    /**
     * The broker's memory budget for queued messages was used up and the message was for an offline or stalled
     * subscriber, or came from a source that cannot be paused (the application, a will).
     */
    MEMORY_BUDGET

}
