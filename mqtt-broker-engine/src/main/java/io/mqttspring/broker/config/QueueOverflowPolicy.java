package io.mqttspring.broker.config;

/**
 * What a session does with a QoS 1 or 2 message when its queue is full.
 */
public enum QueueOverflowPolicy {

    /** Drop the message that just arrived and keep the queue as it is (Mosquitto's and HiveMQ's default). */
    DROP_NEWEST,

    /** Drop the oldest queued message to make room, so the subscriber sees the latest values. */
    DROP_OLDEST

}
