package io.mqttspring.broker.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits that protect the broker and pace each client.
 *
 * @param maxPacketSize largest packet accepted from a client in bytes, whole packet included; announced to MQTT 5
 * clients as Maximum Packet Size
 * @param maxClientIdLength longest client identifier accepted, in characters
 * @param maxTopicLevels most levels a topic name or filter may have
 * @param receiveMaximum QoS 1 and 2 publications a client may have unacknowledged towards the broker; announced to
 * MQTT 5 clients as Receive Maximum
 * @param maxInflightMessages QoS 1 and 2 messages the broker sends to one client before waiting for acknowledgements
 * (lowered to the client's own Receive Maximum)
 * @param maxQueuedMessages QoS 1 and 2 messages a session queues while its client is offline or its in-flight window
 * is full; beyond it, publishers feeding a connected client are held back instead (see {@link FlowControl})
 * @param queueOverflowPolicy what happens to a message that finds the queue full: of an offline or stalled client, or
 * from a source that cannot be held back
 * @param maxSessionExpiry longest session expiry granted, 7 days by default; a client asking for more gets this
 * (4294967295 seconds means sessions may last for ever)
 * @param maxKeepAlive longest keep-alive granted to MQTT 5 clients; a longer or zero request is answered with
 * Server Keep Alive
 * @param writeBufferHighWaterMark bytes queued for a connection's socket above which the broker stops writing to it
 * @param writeBufferLowWaterMark bytes queued for a connection's socket below which writing resumes
 * @param maxQueuedBytes payload bytes a session queues, besides the message count, 0 for no cap: as the count, it
 * bounds the queue of an offline or stalled client and messages from sources that cannot be held back
 */
public record Limits(int maxPacketSize, int maxClientIdLength, int maxTopicLevels, int receiveMaximum,
        int maxInflightMessages, int maxQueuedMessages, QueueOverflowPolicy queueOverflowPolicy,
        Duration maxSessionExpiry, Duration maxKeepAlive, int writeBufferHighWaterMark,
        int writeBufferLowWaterMark, long maxQueuedBytes) {

    /** The largest packet the protocol allows: 1 byte of header, 4 of remaining length and 268,435,455 more. */
    public static final int PROTOCOL_MAX_PACKET_SIZE = 268_435_460;

    /** The default cap of the session expiry interval, MQTT 3.1.1 persistent sessions included: 7 days. */
    public static final Duration DEFAULT_MAX_SESSION_EXPIRY = Duration.ofDays(7);

    /** Largest value of a four-byte integer such as the session expiry interval. */
    public static final long MAX_FOUR_BYTE_INTEGER = 0xFFFF_FFFFL;

    public Limits {
        Objects.requireNonNull(queueOverflowPolicy, "queueOverflowPolicy");
        Objects.requireNonNull(maxSessionExpiry, "maxSessionExpiry");
        Objects.requireNonNull(maxKeepAlive, "maxKeepAlive");
        ConfigChecks.range("maxPacketSize", maxPacketSize, 16, PROTOCOL_MAX_PACKET_SIZE);
        ConfigChecks.range("maxClientIdLength", maxClientIdLength, 23, 65_535);
        ConfigChecks.range("maxTopicLevels", maxTopicLevels, 1, 65_535);
        ConfigChecks.range("receiveMaximum", receiveMaximum, 1, 65_535);
        ConfigChecks.range("maxInflightMessages", maxInflightMessages, 1, 65_535);
        ConfigChecks.range("maxQueuedMessages", maxQueuedMessages, 0, Integer.MAX_VALUE);
        ConfigChecks.range("maxSessionExpiry", maxSessionExpiry.toSeconds(), 0, MAX_FOUR_BYTE_INTEGER);
        ConfigChecks.range("maxKeepAlive", maxKeepAlive.toSeconds(), 1, 65_535);
        ConfigChecks.range("writeBufferLowWaterMark", writeBufferLowWaterMark, 1, Integer.MAX_VALUE);
        ConfigChecks.range("maxQueuedBytes", maxQueuedBytes, 0, Long.MAX_VALUE);
        if (writeBufferHighWaterMark < writeBufferLowWaterMark) {
            throw new InvalidConfigurationException("writeBufferHighWaterMark", writeBufferHighWaterMark,
                    "must not be lower than writeBufferLowWaterMark (" + writeBufferLowWaterMark + ")");
        }
    }

    /**
     * Return the maximum session expiry in seconds.
     * @return seconds, at most 4294967295
     */
    public long maxSessionExpirySeconds() {
        return this.maxSessionExpiry.toSeconds();
    }

}
