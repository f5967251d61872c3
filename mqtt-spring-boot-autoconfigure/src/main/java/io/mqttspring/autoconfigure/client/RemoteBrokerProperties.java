package io.mqttspring.autoconfigure.client;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How to reach a broker over the network: client mode's ({@code mqtt.client.*}) and each bridge's.
 */
public class RemoteBrokerProperties {

    /**
     * Broker to connect to: tcp://host:1883, ssl://host:8883, ws://host:80/mqtt or wss://host:443/mqtt. Setting it
     * turns client mode on, and the embedded broker off unless mqtt.broker.enabled=true.
     */
    private @Nullable String url;

    /**
     * Client identifier. When not set the broker assigns one, and a session cannot be resumed after a restart.
     */
    private @Nullable String clientId;

    /**
     * User name to connect with.
     */
    private @Nullable String username;

    /**
     * Password to connect with.
     */
    private @Nullable String password;

    /**
     * Whether each connection starts a new session. Set false, with a client id and a session expiry, to keep
     * subscriptions and receive what was published while the application was away.
     */
    private boolean cleanStart = true;

    /**
     * How long the broker keeps the session after the connection ends.
     */
    private Duration sessionExpiry = Duration.ZERO;

    /**
     * Keep-alive interval.
     */
    private Duration keepAlive = Duration.ofSeconds(60);

    /**
     * How long connecting, subscribing and disconnecting may take; a broker that cannot be reached in this time at
     * start-up fails the application.
     */
    private Duration connectTimeout = Duration.ofSeconds(10);

    private final Reconnect reconnect = new Reconnect();

    private final Ssl ssl = new Ssl();

    public @Nullable String getUrl() {
        return this.url;
    }

    public void setUrl(@Nullable String url) {
        this.url = url;
    }

    public @Nullable String getClientId() {
        return this.clientId;
    }

    public void setClientId(@Nullable String clientId) {
        this.clientId = clientId;
    }

    public @Nullable String getUsername() {
        return this.username;
    }

    public void setUsername(@Nullable String username) {
        this.username = username;
    }

    public @Nullable String getPassword() {
        return this.password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password;
    }

    public boolean isCleanStart() {
        return this.cleanStart;
    }

    public void setCleanStart(boolean cleanStart) {
        this.cleanStart = cleanStart;
    }

    public Duration getSessionExpiry() {
        return this.sessionExpiry;
    }

    public void setSessionExpiry(Duration sessionExpiry) {
        this.sessionExpiry = sessionExpiry;
    }

    public Duration getKeepAlive() {
        return this.keepAlive;
    }

    public void setKeepAlive(Duration keepAlive) {
        this.keepAlive = keepAlive;
    }

    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Reconnect getReconnect() {
        return this.reconnect;
    }

    public Ssl getSsl() {
        return this.ssl;
    }

    /**
     * Automatic reconnection after the connection drops.
     */
    public static class Reconnect {

        /**
         * Delay before the first attempt; it doubles with each failed attempt.
         */
        private Duration initialDelay = Duration.ofSeconds(1);

        /**
         * Longest delay between attempts.
         */
        private Duration maxDelay = Duration.ofSeconds(30);

        public Duration getInitialDelay() {
            return this.initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public Duration getMaxDelay() {
            return this.maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

    }

    /**
     * TLS for ssl:// and wss:// URLs.
     */
    public static class Ssl {

        /**
         * SSL bundle with the trust store (and key store, for client certificates); the JVM's default trust when
         * not set.
         */
        private @Nullable String bundle;

        public @Nullable String getBundle() {
            return this.bundle;
        }

        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }

    }

}
