package io.mqttspring.broker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.mqttspring.broker.message.QoS;

import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a broker. Build one with {@link #builder()}; every setting has a default.
 *
 * @param host address to bind, {@code 0.0.0.0} for every interface
 * @param port TCP port to listen on; 0 picks a free port (read it back with {@code MqttBroker.port()})
 * @param ioThreads number of event-loop threads serving connections; 0 means one per processor
 * @param nativeTransport whether to use the native epoll transport where the platform offers it
 * @param connectTimeout how long a new connection may take to send CONNECT and finish authentication before it
 *     is closed
 * @param sysInterval how often statistics are published on {@code $SYS} topics; zero turns them off
 * @param shutdownTimeout how long a graceful stop may take before connections are closed regardless
 * @param limits limits that protect the broker and pace each client
 * @param capabilities optional protocol features
 * @param webSocket the MQTT over WebSocket listener
 * @param flowControl how publishers are held back rather than messages dropped
 * @param tcpEnabled whether the plain MQTT over TCP listener on {@code host} and {@code port} runs
 * @param tlsListeners the MQTT over TLS and secure WebSocket listeners
 * @param anonymousAccess whether clients may connect without authenticating, and from where
 * @param quotas caps per broker, per source address and per client
 * @param persistence whether and where state is kept on disk
 * @param cluster whether and how the broker joins a cluster
 */
public record BrokerConfig(String host, int port, int ioThreads, boolean nativeTransport, Duration connectTimeout,
        Duration sysInterval, Duration shutdownTimeout, Limits limits, Capabilities capabilities,
        WebSocketConfig webSocket, FlowControl flowControl, boolean tcpEnabled, TlsListeners tlsListeners,
        AnonymousAccess anonymousAccess, Quotas quotas, Persistence persistence, ClusterConfig cluster) {

    public BrokerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(sysInterval, "sysInterval");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(webSocket, "webSocket");
        Objects.requireNonNull(flowControl, "flowControl");
        Objects.requireNonNull(tlsListeners, "tlsListeners");
        Objects.requireNonNull(anonymousAccess, "anonymousAccess");
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(persistence, "persistence");
        Objects.requireNonNull(cluster, "cluster");
        if (host.isBlank()) {
            throw new InvalidConfigurationException("host", host, "must not be blank");
        }
        ConfigChecks.range("port", port, 0, 65_535);
        ConfigChecks.range("ioThreads", ioThreads, 0, 1024);
        positive("connectTimeout", connectTimeout);
        notNegative("sysInterval", sysInterval);
        notNegative("shutdownTimeout", shutdownTimeout);
        if (!tcpEnabled && !webSocket.enabled() && tlsListeners.tls() == null && tlsListeners.webSocketTls() == null) {
            throw new InvalidConfigurationException("tcpEnabled", false, "leaves the broker without any listener");
        }
    }

    /**
     * Return the listeners that run, in a fixed order: {@code mqtt}, {@code mqtts}, {@code ws}, {@code wss}.
     * @return the enabled listeners
     */
    public List<ListenerConfig> listeners() {
        List<ListenerConfig> listeners = new ArrayList<>(4);
        if (this.tcpEnabled) {
            listeners.add(new ListenerConfig("mqtt", this.host, this.port, null, null));
        }
        TlsListeners secure = this.tlsListeners;
        if (secure.tls() != null) {
            listeners.add(new ListenerConfig("mqtts", secure.host(), secure.port(), null, secure.tls()));
        }
        if (this.webSocket.enabled()) {
            listeners.add(new ListenerConfig("ws", this.webSocket.host(), this.webSocket.port(),
                    this.webSocket.path(), null));
        }
        if (secure.webSocketTls() != null) {
            listeners.add(new ListenerConfig("wss", secure.webSocketHost(), secure.webSocketPort(),
                    this.webSocket.path(), secure.webSocketTls()));
        }
        return listeners;
    }

    private static void positive(String setting, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new InvalidConfigurationException(setting, value, "must be positive");
        }
    }

    private static void notNegative(String setting, Duration value) {
        if (value.isNegative()) {
            throw new InvalidConfigurationException(setting, value, "must not be negative");
        }
    }

    /**
     * Return a configuration with every default.
     * @return the default configuration
     */
    public static BrokerConfig defaults() {
        return builder().build();
    }

    /**
     * Start building a configuration from the defaults.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder for {@link BrokerConfig}. Method names are the setting names used in validation messages.
     * Not thread-safe.
     */
    public static final class Builder {

        private String host = "0.0.0.0";

        private int port = 1883;

        private int ioThreads;

        private boolean nativeTransport = true;

        private Duration connectTimeout = Duration.ofSeconds(10);

        private Duration sysInterval = Duration.ofSeconds(10);

        private Duration shutdownTimeout = Duration.ofSeconds(5);

        private int maxPacketSize = 1024 * 1024;

        private int maxClientIdLength = 65_535;

        private int maxTopicLevels = 128;

        // high enough that MQTT 5 publishers on a fast link are not held back, low enough to bound what one
        // connection has in flight: see mqtt-broker-bench/OPTIMISATIONS.md
        private int receiveMaximum = 256;

        private int maxInflightMessages = 32;

        private int maxQueuedMessages = 1000;

        private long maxQueuedBytes;

        private QueueOverflowPolicy queueOverflowPolicy = QueueOverflowPolicy.DROP_NEWEST;

        // abandoned persistent sessions must not live for ever: a week, then a client reconnecting starts afresh
        private Duration maxSessionExpiry = Limits.DEFAULT_MAX_SESSION_EXPIRY;

        private Duration maxKeepAlive = Duration.ofSeconds(65_535);

        private int writeBufferHighWaterMark = 64 * 1024;

        private int writeBufferLowWaterMark = 32 * 1024;

        private QoS maximumQos = QoS.EXACTLY_ONCE;

        private boolean retainAvailable = true;

        private boolean wildcardSubscriptionsAvailable = true;

        private boolean subscriptionIdentifiersAvailable = true;

        private boolean sharedSubscriptionsAvailable = true;

        private SharedSubscriptionStrategy sharedSubscriptionStrategy = SharedSubscriptionStrategy.ROUND_ROBIN;

        private int topicAliasMaximum = 10;

        private int outboundTopicAliasMaximum;

        private @Nullable String responseInformation;

        private boolean dollarTopicPublishAllowed;

        private boolean webSocketEnabled;

        private @Nullable String webSocketHost;

        private int webSocketPort = 8083;

        private String webSocketPath = "/mqtt";

        private List<String> webSocketAllowedOrigins = List.of();

        private Duration stallTimeout = FlowControl.DEFAULT_STALL_TIMEOUT;

        private StallPolicy stallPolicy = StallPolicy.OVERFLOW;

        private Duration unwritableTimeout = FlowControl.DEFAULT_UNWRITABLE_TIMEOUT;

        private long memoryBudget;

        private boolean tcpEnabled = true;

        private @Nullable TlsConfig tls;

        private @Nullable String tlsHost;

        private int tlsPort = TlsListeners.DEFAULT_PORT;

        private boolean secureWebSocketEnabled;

        private @Nullable TlsConfig secureWebSocketTls;

        private @Nullable String secureWebSocketHost;

        private int secureWebSocketPort = TlsListeners.DEFAULT_WEBSOCKET_PORT;

        private AnonymousAccess anonymousAccess = AnonymousAccess.LOOPBACK_ONLY;

        private int maxConnections;

        private int maxConnectionsPerAddress;

        private int connectRatePerAddress;

        private int maxSubscriptionsPerClient;

        private int maxRetainedMessages;

        private long maxRetainedBytes;

        private int maxRetainedMessageSize;

        private int publishRatePerClient;

        private long bandwidthPerClient;

        private boolean slowFailedLogins = true;

        private @Nullable Path persistencePath;

        private SyncPolicy syncPolicy = SyncPolicy.SYNC;

        private Duration syncInterval = Persistence.DEFAULT_SYNC_INTERVAL;

        private boolean clusterEnabled;

        private String clusterName = ClusterConfig.DEFAULT_NAME;

        private @Nullable String clusterHost;

        private int clusterPort = ClusterConfig.DEFAULT_PORT;

        private List<String> clusterMembers = List.of();

        private Builder() {
        }

        /**
         * Set whether the plain MQTT over TCP listener runs; it does by default.
         * @param enabled whether it runs
         * @return this builder
         */
        public Builder tcpEnabled(boolean enabled) {
            this.tcpEnabled = enabled;
            return this;
        }

        /**
         * Run the MQTT over TLS listener with these settings; {@code null} (the default) turns it off. The secure
         * WebSocket listener uses them too unless given its own.
         * @param tls the TLS settings
         * @return this builder
         */
        public Builder tls(@Nullable TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Set the address the TLS listener binds; the TCP listener's by default.
         * @param host the address
         * @return this builder
         */
        public Builder tlsHost(@Nullable String host) {
            this.tlsHost = host;
            return this;
        }

        public Builder tlsPort(int port) {
            this.tlsPort = port;
            return this;
        }

        /**
         * Set whether MQTT over secure WebSocket runs, with its own TLS settings or else those of {@link #tls}.
         * @param enabled whether it runs
         * @return this builder
         */
        public Builder secureWebSocketEnabled(boolean enabled) {
            this.secureWebSocketEnabled = enabled;
            return this;
        }

        public Builder secureWebSocketTls(@Nullable TlsConfig tls) {
            this.secureWebSocketTls = tls;
            return this;
        }

        /**
         * Set the address the secure WebSocket listener binds; the WebSocket listener's by default.
         * @param host the address
         * @return this builder
         */
        public Builder secureWebSocketHost(@Nullable String host) {
            this.secureWebSocketHost = host;
            return this;
        }

        public Builder secureWebSocketPort(int port) {
            this.secureWebSocketPort = port;
            return this;
        }

        public Builder anonymousAccess(AnonymousAccess anonymousAccess) {
            this.anonymousAccess = anonymousAccess;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder maxConnectionsPerAddress(int maxConnections) {
            this.maxConnectionsPerAddress = maxConnections;
            return this;
        }

        public Builder connectRatePerAddress(int connectionsPerSecond) {
            this.connectRatePerAddress = connectionsPerSecond;
            return this;
        }

        public Builder maxSubscriptionsPerClient(int maxSubscriptions) {
            this.maxSubscriptionsPerClient = maxSubscriptions;
            return this;
        }

        public Builder maxRetainedMessages(int maxRetainedMessages) {
            this.maxRetainedMessages = maxRetainedMessages;
            return this;
        }

        public Builder maxRetainedBytes(long maxRetainedBytes) {
            this.maxRetainedBytes = maxRetainedBytes;
            return this;
        }

        public Builder maxRetainedMessageSize(int maxRetainedMessageSize) {
            this.maxRetainedMessageSize = maxRetainedMessageSize;
            return this;
        }

        public Builder publishRatePerClient(int messagesPerSecond) {
            this.publishRatePerClient = messagesPerSecond;
            return this;
        }

        public Builder bandwidthPerClient(long bytesPerSecond) {
            this.bandwidthPerClient = bytesPerSecond;
            return this;
        }

        public Builder slowFailedLogins(boolean slowFailedLogins) {
            this.slowFailedLogins = slowFailedLogins;
            return this;
        }

        public Builder webSocketEnabled(boolean enabled) {
            this.webSocketEnabled = enabled;
            return this;
        }

        /**
         * Set the address the WebSocket listener binds; the TCP listener's by default.
         * @param host the address
         * @return this builder
         */
        public Builder webSocketHost(@Nullable String host) {
            this.webSocketHost = host;
            return this;
        }

        public Builder webSocketPort(int port) {
            this.webSocketPort = port;
            return this;
        }

        public Builder webSocketPath(String path) {
            this.webSocketPath = path;
            return this;
        }

        /**
         * Set the browser origins allowed to open WebSocket connections besides the listener's own; none by
         * default, so a page on another site cannot connect from a visitor's browser. {@code *} allows every origin.
         * @param origins origins such as {@code https://app.example} or {@code http://localhost:*}
         * @return this builder
         */
        public Builder webSocketAllowedOrigins(List<String> origins) {
            this.webSocketAllowedOrigins = List.copyOf(origins);
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
            return this;
        }

        public Builder nativeTransport(boolean nativeTransport) {
            this.nativeTransport = nativeTransport;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder sysInterval(Duration sysInterval) {
            this.sysInterval = sysInterval;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        public Builder maxPacketSize(int maxPacketSize) {
            this.maxPacketSize = maxPacketSize;
            return this;
        }

        public Builder maxClientIdLength(int maxClientIdLength) {
            this.maxClientIdLength = maxClientIdLength;
            return this;
        }

        public Builder maxTopicLevels(int maxTopicLevels) {
            this.maxTopicLevels = maxTopicLevels;
            return this;
        }

        public Builder receiveMaximum(int receiveMaximum) {
            this.receiveMaximum = receiveMaximum;
            return this;
        }

        public Builder maxInflightMessages(int maxInflightMessages) {
            this.maxInflightMessages = maxInflightMessages;
            return this;
        }

        public Builder maxQueuedMessages(int maxQueuedMessages) {
            this.maxQueuedMessages = maxQueuedMessages;
            return this;
        }

        /**
         * Set the payload bytes a session may queue besides the message count; 0 (the default) for no cap.
         * @param bytes the cap
         * @return this builder
         */
        public Builder maxQueuedBytes(long bytes) {
            this.maxQueuedBytes = bytes;
            return this;
        }

        public Builder queueOverflowPolicy(QueueOverflowPolicy queueOverflowPolicy) {
            this.queueOverflowPolicy = queueOverflowPolicy;
            return this;
        }

        public Builder maxSessionExpiry(Duration maxSessionExpiry) {
            this.maxSessionExpiry = maxSessionExpiry;
            return this;
        }

        public Builder maxKeepAlive(Duration maxKeepAlive) {
            this.maxKeepAlive = maxKeepAlive;
            return this;
        }

        public Builder writeBufferHighWaterMark(int bytes) {
            this.writeBufferHighWaterMark = bytes;
            return this;
        }

        public Builder writeBufferLowWaterMark(int bytes) {
            this.writeBufferLowWaterMark = bytes;
            return this;
        }

        public Builder maximumQos(QoS maximumQos) {
            this.maximumQos = maximumQos;
            return this;
        }

        public Builder retainAvailable(boolean retainAvailable) {
            this.retainAvailable = retainAvailable;
            return this;
        }

        public Builder wildcardSubscriptionsAvailable(boolean available) {
            this.wildcardSubscriptionsAvailable = available;
            return this;
        }

        public Builder subscriptionIdentifiersAvailable(boolean available) {
            this.subscriptionIdentifiersAvailable = available;
            return this;
        }

        public Builder sharedSubscriptionsAvailable(boolean available) {
            this.sharedSubscriptionsAvailable = available;
            return this;
        }

        public Builder sharedSubscriptionStrategy(SharedSubscriptionStrategy strategy) {
            this.sharedSubscriptionStrategy = strategy;
            return this;
        }

        public Builder topicAliasMaximum(int topicAliasMaximum) {
            this.topicAliasMaximum = topicAliasMaximum;
            return this;
        }

        public Builder outboundTopicAliasMaximum(int outboundTopicAliasMaximum) {
            this.outboundTopicAliasMaximum = outboundTopicAliasMaximum;
            return this;
        }

        public Builder responseInformation(@Nullable String responseInformation) {
            this.responseInformation = responseInformation;
            return this;
        }

        public Builder dollarTopicPublishAllowed(boolean allowed) {
            this.dollarTopicPublishAllowed = allowed;
            return this;
        }

        public Builder stallTimeout(Duration stallTimeout) {
            this.stallTimeout = stallTimeout;
            return this;
        }

        public Builder stallPolicy(StallPolicy stallPolicy) {
            this.stallPolicy = stallPolicy;
            return this;
        }

        public Builder unwritableTimeout(Duration unwritableTimeout) {
            this.unwritableTimeout = unwritableTimeout;
            return this;
        }

        /**
         * Set the memory budget of queued and in-flight messages; 0 for the default, a quarter of the heap.
         * @param bytes the budget
         * @return this builder
         */
        public Builder memoryBudget(long bytes) {
            this.memoryBudget = bytes;
            return this;
        }

        /**
         * Keep state on disk in a directory, created when missing; {@code null}, the default, keeps it in memory.
         * @param path the store's directory
         * @return this builder
         */
        public Builder persistencePath(@Nullable Path path) {
            this.persistencePath = path;
            return this;
        }

        /**
         * Set when changes reach the disk; {@link SyncPolicy#SYNC} by default.
         * @param policy the policy
         * @return this builder
         */
        public Builder syncPolicy(SyncPolicy policy) {
            this.syncPolicy = policy;
            return this;
        }

        /**
         * Set how often {@link SyncPolicy#PERIODIC} syncs to disk; one second by default.
         * @param interval the interval
         * @return this builder
         */
        public Builder syncInterval(Duration interval) {
            this.syncInterval = interval;
            return this;
        }

        /**
         * Set whether the broker joins a cluster; it does not by default.
         * @param enabled whether it joins
         * @return this builder
         */
        public Builder clusterEnabled(boolean enabled) {
            this.clusterEnabled = enabled;
            return this;
        }

        /**
         * Set the cluster name; {@code mqtt} by default.
         * @param name the name
         * @return this builder
         */
        public Builder clusterName(String name) {
            this.clusterName = name;
            return this;
        }

        /**
         * Set the address the cluster member binds and announces; Hazelcast's choice by default.
         * @param host the address
         * @return this builder
         */
        public Builder clusterHost(@Nullable String host) {
            this.clusterHost = host;
            return this;
        }

        /**
         * Set the cluster member's port; 5701 by default.
         * @param port the port
         * @return this builder
         */
        public Builder clusterPort(int port) {
            this.clusterPort = port;
            return this;
        }

        /**
         * Set the other members to find, as {@code host} or {@code host:port}.
         * @param members the members
         * @return this builder
         */
        public Builder clusterMembers(List<String> members) {
            this.clusterMembers = List.copyOf(members);
            return this;
        }

        /**
         * Build and validate the configuration.
         * @return the configuration
         * @throws InvalidConfigurationException naming the first setting out of range
         */
        public BrokerConfig build() {
            Limits limits = new Limits(this.maxPacketSize, this.maxClientIdLength, this.maxTopicLevels,
                    this.receiveMaximum, this.maxInflightMessages, this.maxQueuedMessages,
                    this.queueOverflowPolicy, this.maxSessionExpiry, this.maxKeepAlive,
                    this.writeBufferHighWaterMark, this.writeBufferLowWaterMark, this.maxQueuedBytes);
            Capabilities capabilities = new Capabilities(this.maximumQos, this.retainAvailable,
                    this.wildcardSubscriptionsAvailable, this.subscriptionIdentifiersAvailable,
                    this.sharedSubscriptionsAvailable, this.sharedSubscriptionStrategy, this.topicAliasMaximum,
                    this.outboundTopicAliasMaximum, this.responseInformation, this.dollarTopicPublishAllowed);
            WebSocketConfig webSocket = new WebSocketConfig(this.webSocketEnabled,
                    (this.webSocketHost != null) ? this.webSocketHost : this.host, this.webSocketPort,
                    this.webSocketPath, this.webSocketAllowedOrigins);
            FlowControl flowControl = new FlowControl(this.stallTimeout, this.stallPolicy, this.unwritableTimeout,
                    (this.memoryBudget != 0) ? this.memoryBudget : FlowControl.defaultMemoryBudget());
            TlsConfig webSocketTls = (this.secureWebSocketTls != null) ? this.secureWebSocketTls : this.tls;
            if (this.secureWebSocketEnabled && webSocketTls == null) {
                throw new InvalidConfigurationException("secureWebSocketEnabled", true,
                        "needs TLS settings: give secureWebSocketTls or tls");
            }
            TlsListeners tlsListeners = new TlsListeners(this.tls, (this.tlsHost != null) ? this.tlsHost : this.host,
                    this.tlsPort, this.secureWebSocketEnabled ? webSocketTls : null,
                    (this.secureWebSocketHost != null) ? this.secureWebSocketHost : webSocket.host(),
                    this.secureWebSocketPort);
            return new BrokerConfig(this.host, this.port, this.ioThreads, this.nativeTransport,
                    this.connectTimeout, this.sysInterval, this.shutdownTimeout, limits, capabilities, webSocket,
                    flowControl, this.tcpEnabled, tlsListeners, this.anonymousAccess, new Quotas(this.maxConnections,
                            this.maxConnectionsPerAddress, this.connectRatePerAddress, this.maxSubscriptionsPerClient,
                            this.maxRetainedMessages, this.maxRetainedBytes, this.maxRetainedMessageSize,
                            this.publishRatePerClient, this.bandwidthPerClient, this.slowFailedLogins),
                    new Persistence(this.persistencePath, this.syncPolicy, this.syncInterval),
                    new ClusterConfig(this.clusterEnabled, this.clusterName, this.clusterHost, this.clusterPort,
                            this.clusterMembers));
        }

    }

}
