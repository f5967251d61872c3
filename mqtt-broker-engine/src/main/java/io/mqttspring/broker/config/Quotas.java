package io.mqttspring.broker.config;

/**
 * Caps per broker, per source address and per client that keep one party from taking what others need. Zero means
 * no cap, the default for each but the failed-login slow-down; the values to start from are in
 * {@code docs/security.md}.
 *
 * @param maxConnections open connections in all, every listener counted; more are closed as they arrive
 * @param maxConnectionsPerAddress open connections from one source address
 * @param connectRatePerAddress new connections per second from one source address
 * @param maxSubscriptionsPerClient subscriptions one session may hold; more get SUBACK 0x97 (0x80 for MQTT 3.1.1)
 * @param maxRetainedMessages retained messages in all; a new retained topic beyond it is refused
 * @param maxRetainedBytes payload bytes of retained messages in all
 * @param maxRetainedMessageSize payload bytes of one retained message
 * @param publishRatePerClient PUBLISH packets per second one connection may send; beyond it the broker stops
 * reading from the connection until the rate is back under the cap
 * @param bandwidthPerClient bytes per second one connection may send, held back the same way
 * @param slowFailedLogins whether CONNACKs refusing bad credentials come later and later from a source address that
 * keeps failing (from 100 ms after 5 failures, doubling up to 5 s)
 */
public record Quotas(int maxConnections, int maxConnectionsPerAddress, int connectRatePerAddress,
        int maxSubscriptionsPerClient, int maxRetainedMessages, long maxRetainedBytes, int maxRetainedMessageSize,
        int publishRatePerClient, long bandwidthPerClient, boolean slowFailedLogins) {

    /** No caps, failed logins slowed. */
    public static final Quotas DEFAULTS = new Quotas(0, 0, 0, 0, 0, 0, 0, 0, 0, true);

    public Quotas {
        ConfigChecks.range("maxConnections", maxConnections, 0, Integer.MAX_VALUE);
        ConfigChecks.range("maxConnectionsPerAddress", maxConnectionsPerAddress, 0, Integer.MAX_VALUE);
        ConfigChecks.range("connectRatePerAddress", connectRatePerAddress, 0, Integer.MAX_VALUE);
        ConfigChecks.range("maxSubscriptionsPerClient", maxSubscriptionsPerClient, 0, Integer.MAX_VALUE);
        ConfigChecks.range("maxRetainedMessages", maxRetainedMessages, 0, Integer.MAX_VALUE);
        ConfigChecks.range("maxRetainedBytes", maxRetainedBytes, 0, Long.MAX_VALUE);
        ConfigChecks.range("maxRetainedMessageSize", maxRetainedMessageSize, 0, Integer.MAX_VALUE);
        ConfigChecks.range("publishRatePerClient", publishRatePerClient, 0, Integer.MAX_VALUE);
        ConfigChecks.range("bandwidthPerClient", bandwidthPerClient, 0, Long.MAX_VALUE);
    }

    /**
     * Return whether any retained-message cap is set.
     * @return {@code true} when retained messages are counted against a cap
     */
    public boolean limitsRetained() {
        return this.maxRetainedMessages > 0 || this.maxRetainedBytes > 0 || this.maxRetainedMessageSize > 0;
    }

}
