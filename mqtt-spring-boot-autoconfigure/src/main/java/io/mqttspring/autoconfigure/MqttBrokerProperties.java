package io.mqttspring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mqttspring.broker.config.CertificateIdentity;
import io.mqttspring.broker.config.ClientAuth;
import io.mqttspring.broker.config.QueueOverflowPolicy;
import io.mqttspring.broker.config.SyncPolicy;
import io.mqttspring.broker.config.SharedSubscriptionStrategy;
import io.mqttspring.broker.config.StallPolicy;
import io.mqttspring.broker.message.QoS;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the embedded MQTT broker.
 */
@ConfigurationProperties("mqtt.broker")
public class MqttBrokerProperties {

    /**
     * Whether to run the embedded broker. When not set, it runs unless client mode (mqtt.client.url) is on.
     */
    private boolean enabled = true;

    /**
     * Address the TCP listener binds to.
     */
    private String host = "0.0.0.0";

    /**
     * TCP port of the listener. Use 0 for a free port, published as 'local.mqtt.broker.port'.
     */
    private int port = 1883;

    /**
     * Number of event-loop threads serving connections, up to 1024. 0 means one per processor.
     */
    private int ioThreads;

    /**
     * Whether to use the native epoll transport when the platform offers it.
     */
    private boolean nativeTransport = true;

    /**
     * Time a new connection may take to send CONNECT and finish authentication before it is closed.
     */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /**
     * Whether the broker observes each handshake (mqtt.broker.connect) and the routing of each publication
     * (mqtt.broker.route, continuing the publisher's trace), when the application has an ObservationRegistry. Off
     * by default: it costs an observation per message.
     */
    private boolean observationEnabled;

    /**
     * Interval at which statistics are published on $SYS/broker topics. Zero turns them off.
     */
    private Duration sysInterval = Duration.ofSeconds(10);

    /**
     * Time a graceful stop may take before connections are closed regardless.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(5);

    private final Limits limits = new Limits();

    private final Session session = new Session();

    private final Persistence persistence = new Persistence();

    private final Cluster cluster = new Cluster();

    private final Capabilities capabilities = new Capabilities();

    private final WebSocket websocket = new WebSocket();

    private final FlowControl flowControl = new FlowControl();

    /**
     * Whether to run the plain MQTT over TCP listener on 'mqtt.broker.host' and 'mqtt.broker.port'.
     */
    private boolean tcpEnabled = true;

    private final Ssl ssl = new Ssl();

    private final Security security = new Security();

    public boolean isTcpEnabled() {
        return this.tcpEnabled;
    }

    public void setTcpEnabled(boolean tcpEnabled) {
        this.tcpEnabled = tcpEnabled;
    }

    public Ssl getSsl() {
        return this.ssl;
    }

    public Security getSecurity() {
        return this.security;
    }

    public boolean isObservationEnabled() {
        return this.observationEnabled;
    }

    public void setObservationEnabled(boolean observationEnabled) {
        this.observationEnabled = observationEnabled;
    }

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getHost() {
        return this.host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return this.port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public int getIoThreads() {
        return this.ioThreads;
    }

    public void setIoThreads(int ioThreads) {
        this.ioThreads = ioThreads;
    }

    public boolean isNativeTransport() {
        return this.nativeTransport;
    }

    public void setNativeTransport(boolean nativeTransport) {
        this.nativeTransport = nativeTransport;
    }

    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getSysInterval() {
        return this.sysInterval;
    }

    public void setSysInterval(Duration sysInterval) {
        this.sysInterval = sysInterval;
    }

    public Duration getShutdownTimeout() {
        return this.shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Limits getLimits() {
        return this.limits;
    }

    public Session getSession() {
        return this.session;
    }

    public Persistence getPersistence() {
        return this.persistence;
    }

    public Cluster getCluster() {
        return this.cluster;
    }

    public Capabilities getCapabilities() {
        return this.capabilities;
    }

    public WebSocket getWebsocket() {
        return this.websocket;
    }

    public FlowControl getFlowControl() {
        return this.flowControl;
    }

    /**
     * The MQTT over WebSocket listener, for browsers and other WebSocket clients.
     */
    public static class WebSocket {

        /**
         * Whether to run the MQTT over WebSocket listener.
         */
        private boolean enabled = true;

        /**
         * Address the WebSocket listener binds to. Defaults to 'mqtt.broker.host'.
         */
        private @Nullable String host;

        /**
         * Port of the WebSocket listener. Use 0 for a free port, published as 'local.mqtt.broker.websocket-port'.
         */
        private int port = 8083;

        /**
         * HTTP path of the WebSocket endpoint.
         */
        private String path = "/mqtt";

        /**
         * Browser origins allowed to connect besides the listener's own, such as 'https://app.example' or
         * 'http://localhost:*'; '*' allows every origin. Clients that send no Origin header are not browsers and
         * always connect.
         */
        private List<String> allowedOrigins = new ArrayList<>();

        private final SecureWebSocket ssl = new SecureWebSocket();

        public List<String> getAllowedOrigins() {
            return this.allowedOrigins;
        }

        public void setAllowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }

        public SecureWebSocket getSsl() {
            return this.ssl;
        }

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable String getHost() {
            return this.host;
        }

        public void setHost(@Nullable String host) {
            this.host = host;
        }

        public int getPort() {
            return this.port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public String getPath() {
            return this.path;
        }

        public void setPath(String path) {
            this.path = path;
        }

    }

    /**
     * Limits that protect the broker and pace each client.
     */
    public static class Limits {

        /**
         * Largest packet accepted from a client, whole packet included. Announced to MQTT 5 clients as Maximum
         * Packet Size; larger packets close the connection (reason 0x95). From 16B to 256MB.
         */
        private DataSize maxPacketSize = DataSize.ofMegabytes(1);

        /**
         * Longest client identifier accepted, in characters: 23 (what MQTT requires every broker to accept) to
         * 65535.
         */
        private int maxClientIdLength = 65_535;

        /**
         * Most levels a topic name or filter may have, at least 1.
         */
        private int maxTopicLevels = 128;

        /**
         * QoS 1 and 2 publications a client may leave unacknowledged towards the broker, announced to MQTT 5
         * clients as Receive Maximum. From 1 to 65535.
         */
        private int receiveMaximum = 256;

        /**
         * QoS 1 and 2 messages sent to one client before the broker waits for acknowledgements. Lowered to the
         * client's own Receive Maximum. From 1 to 65535.
         */
        private int maxInflightMessages = 32;

        /**
         * Longest keep-alive granted to MQTT 5 clients, 1s to 65535s; a longer or zero request is answered with
         * Server Keep Alive.
         */
        private Duration maxKeepAlive = Duration.ofSeconds(65_535);

        /**
         * Bytes queued for a connection's socket above which the broker stops writing to it (QoS 0 messages are
         * then dropped, QoS 1 and 2 wait in the session queue) and stops reading from it.
         */
        private DataSize writeBufferHighWaterMark = DataSize.ofKilobytes(64);

        /**
         * Bytes queued for a connection's socket below which writing resumes.
         */
        private DataSize writeBufferLowWaterMark = DataSize.ofKilobytes(32);

        public DataSize getMaxPacketSize() {
            return this.maxPacketSize;
        }

        public void setMaxPacketSize(DataSize maxPacketSize) {
            this.maxPacketSize = maxPacketSize;
        }

        public int getMaxClientIdLength() {
            return this.maxClientIdLength;
        }

        public void setMaxClientIdLength(int maxClientIdLength) {
            this.maxClientIdLength = maxClientIdLength;
        }

        public int getMaxTopicLevels() {
            return this.maxTopicLevels;
        }

        public void setMaxTopicLevels(int maxTopicLevels) {
            this.maxTopicLevels = maxTopicLevels;
        }

        public int getReceiveMaximum() {
            return this.receiveMaximum;
        }

        public void setReceiveMaximum(int receiveMaximum) {
            this.receiveMaximum = receiveMaximum;
        }

        public int getMaxInflightMessages() {
            return this.maxInflightMessages;
        }

        public void setMaxInflightMessages(int maxInflightMessages) {
            this.maxInflightMessages = maxInflightMessages;
        }

        public Duration getMaxKeepAlive() {
            return this.maxKeepAlive;
        }

        public void setMaxKeepAlive(Duration maxKeepAlive) {
            this.maxKeepAlive = maxKeepAlive;
        }

        public DataSize getWriteBufferHighWaterMark() {
            return this.writeBufferHighWaterMark;
        }

        public void setWriteBufferHighWaterMark(DataSize writeBufferHighWaterMark) {
            this.writeBufferHighWaterMark = writeBufferHighWaterMark;
        }

        public DataSize getWriteBufferLowWaterMark() {
            return this.writeBufferLowWaterMark;
        }

        public void setWriteBufferLowWaterMark(DataSize writeBufferLowWaterMark) {
            this.writeBufferLowWaterMark = writeBufferLowWaterMark;
        }

        /**
         * Open connections in all, every listener counted; more are closed as they arrive. 0 for no cap.
         */
        private int maxConnections = 0;

        /**
         * Open connections from one source address. 0 for no cap.
         */
        private int maxConnectionsPerAddress = 0;

        /**
         * New connections per second from one source address; more are closed as they arrive. 0 for no cap.
         */
        private int connectRatePerAddress = 0;

        /**
         * Subscriptions one session may hold; more get SUBACK 0x97 (0x80 for MQTT 3.1.1). 0 for no cap.
         */
        private int maxSubscriptionsPerClient = 0;

        /**
         * Retained messages in all; a publication that would retain one more is refused (0x97 for MQTT 5; MQTT 3.1.1
         * subscribers still get it, not retained). 0 for no cap.
         */
        private int maxRetainedMessages = 0;

        /**
         * Payload bytes of all retained messages together. 0 for no cap.
         */
        private DataSize maxRetainedBytes = DataSize.ofBytes(0);

        /**
         * Payload bytes of one retained message. 0 for no cap.
         */
        private DataSize maxRetainedMessageSize = DataSize.ofBytes(0);

        /**
         * PUBLISH packets per second one connection may send; beyond it the broker stops reading from it until it is
         * back under the cap. 0 for no cap.
         */
        private int publishRatePerClient = 0;

        /**
         * Payload bytes per second one connection may publish, held back the same way. 0 for no cap.
         */
        private DataSize bandwidthPerClient = DataSize.ofBytes(0);

        /**
         * Whether refusals of bad credentials come later and later (100 ms doubling to 5 s after five failures) from
         * a source address that keeps failing.
         */
        private boolean slowFailedLogins = true;

        public int getMaxConnections() {
            return this.maxConnections;
        }

        public void setMaxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
        }

        public int getMaxConnectionsPerAddress() {
            return this.maxConnectionsPerAddress;
        }

        public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
            this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        }

        public int getConnectRatePerAddress() {
            return this.connectRatePerAddress;
        }

        public void setConnectRatePerAddress(int connectRatePerAddress) {
            this.connectRatePerAddress = connectRatePerAddress;
        }

        public int getMaxSubscriptionsPerClient() {
            return this.maxSubscriptionsPerClient;
        }

        public void setMaxSubscriptionsPerClient(int maxSubscriptionsPerClient) {
            this.maxSubscriptionsPerClient = maxSubscriptionsPerClient;
        }

        public int getMaxRetainedMessages() {
            return this.maxRetainedMessages;
        }

        public void setMaxRetainedMessages(int maxRetainedMessages) {
            this.maxRetainedMessages = maxRetainedMessages;
        }

        public DataSize getMaxRetainedBytes() {
            return this.maxRetainedBytes;
        }

        public void setMaxRetainedBytes(DataSize maxRetainedBytes) {
            this.maxRetainedBytes = maxRetainedBytes;
        }

        public DataSize getMaxRetainedMessageSize() {
            return this.maxRetainedMessageSize;
        }

        public void setMaxRetainedMessageSize(DataSize maxRetainedMessageSize) {
            this.maxRetainedMessageSize = maxRetainedMessageSize;
        }

        public int getPublishRatePerClient() {
            return this.publishRatePerClient;
        }

        public void setPublishRatePerClient(int publishRatePerClient) {
            this.publishRatePerClient = publishRatePerClient;
        }

        public DataSize getBandwidthPerClient() {
            return this.bandwidthPerClient;
        }

        public void setBandwidthPerClient(DataSize bandwidthPerClient) {
            this.bandwidthPerClient = bandwidthPerClient;
        }

        public boolean isSlowFailedLogins() {
            return this.slowFailedLogins;
        }

        public void setSlowFailedLogins(boolean slowFailedLogins) {
            this.slowFailedLogins = slowFailedLogins;
        }

    }

    /**
     * Persistent sessions and their queues.
     */
    public static class Session {

        /**
         * Longest session expiry granted, so abandoned persistent sessions do not live for ever. A client asking
         * for more gets this; MQTT 3.1.1 persistent sessions get it too. 4294967295 seconds means for ever.
         */
        private Duration maxExpiry = Duration.ofDays(7);

        /**
         * QoS 1 and 2 messages a session queues while its client is offline or its in-flight window is full. Beyond
         * it, publishers feeding a connected client are held back instead of its messages dropped.
         */
        private int maxQueuedMessages = 1000;

        /**
         * Payload bytes a session may queue besides the message count; as the count, it bounds the queue of an
         * offline or stalled client. 0 for no cap.
         */
        private DataSize maxQueuedBytes = DataSize.ofBytes(0);

        /**
         * What happens to a message that finds the session queue full.
         */
        private QueueOverflowPolicy queueOverflowPolicy = QueueOverflowPolicy.DROP_NEWEST;

        public Duration getMaxExpiry() {
            return this.maxExpiry;
        }

        public void setMaxExpiry(Duration maxExpiry) {
            this.maxExpiry = maxExpiry;
        }

        public int getMaxQueuedMessages() {
            return this.maxQueuedMessages;
        }

        public void setMaxQueuedMessages(int maxQueuedMessages) {
            this.maxQueuedMessages = maxQueuedMessages;
        }

        public DataSize getMaxQueuedBytes() {
            return this.maxQueuedBytes;
        }

        public void setMaxQueuedBytes(DataSize maxQueuedBytes) {
            this.maxQueuedBytes = maxQueuedBytes;
        }

        public QueueOverflowPolicy getQueueOverflowPolicy() {
            return this.queueOverflowPolicy;
        }

        public void setQueueOverflowPolicy(QueueOverflowPolicy queueOverflowPolicy) {
            this.queueOverflowPolicy = queueOverflowPolicy;
        }

    }

    /**
     * Several brokers acting as one on Hazelcast. The application's HazelcastInstance is used when there is one;
     * otherwise the broker builds a member from these settings. Needs com.hazelcast:hazelcast on the class path.
     */
    public static class Cluster {

        /**
         * Whether the broker joins a cluster of brokers.
         */
        private boolean enabled;

        /**
         * Cluster name: only members with the same name join each other.
         */
        private String name = "mqtt";

        /**
         * Address the broker's cluster member binds and announces. When not set, Hazelcast picks one.
         */
        private @Nullable String host;

        /**
         * Port of the broker's cluster member.
         */
        private int port = 5701;

        /**
         * Other members to join, as host or host:port. Multicast discovery stays off.
         */
        private List<String> members = new ArrayList<>();

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getName() {
            return this.name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public @Nullable String getHost() {
            return this.host;
        }

        public void setHost(@Nullable String host) {
            this.host = host;
        }

        public int getPort() {
            return this.port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public List<String> getMembers() {
            return this.members;
        }

        public void setMembers(List<String> members) {
            this.members = members;
        }

    }

    /**
     * Persistent sessions, their queued and in-flight messages, and retained messages on disk, so they survive a
     * restart and a crash. Needs org.rocksdb:rocksdbjni on the class path.
     */
    public static class Persistence {

        /**
         * Whether to keep state on disk instead of in memory only.
         */
        private boolean enabled;

        /**
         * Directory of the store, created when missing; relative paths resolve against the working directory.
         */
        private Path path = Path.of("mqtt-data");

        /**
         * When changes reach the disk: 'sync' acknowledges a QoS 1 or 2 publication once it is on disk (group
         * commit), 'periodic' acknowledges at once and syncs every 'sync-interval'.
         */
        private SyncPolicy syncPolicy = SyncPolicy.SYNC;

        /**
         * How often the 'periodic' policy syncs to disk.
         */
        private Duration syncInterval = Duration.ofSeconds(1);

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Path getPath() {
            return this.path;
        }

        public void setPath(Path path) {
            this.path = path;
        }

        public SyncPolicy getSyncPolicy() {
            return this.syncPolicy;
        }

        public void setSyncPolicy(SyncPolicy syncPolicy) {
            this.syncPolicy = syncPolicy;
        }

        public Duration getSyncInterval() {
            return this.syncInterval;
        }

        public void setSyncInterval(Duration syncInterval) {
            this.syncInterval = syncInterval;
        }

    }

    /**
     * How publishers are held back instead of messages dropped: a QoS 1 or 2 message for a connected subscriber whose
     * queue is full pauses the publishers feeding it until the queue is half empty.
     */
    public static class FlowControl {

        /**
         * How long a connected subscriber's queue may stay full before the subscriber counts as stalled and stops
         * holding its publishers back.
         */
        private Duration stallTimeout = Duration.ofSeconds(10);

        /**
         * What happens to a stalled subscriber: 'overflow' drops its own messages beyond the queue limit, counted;
         * 'disconnect' closes it (MQTT 5: 0x97 Quota exceeded).
         */
        private StallPolicy stallPolicy = StallPolicy.OVERFLOW;

        /**
         * How long a connection may leave its outbound buffer full (it does not read) before it is closed. Meanwhile
         * it is not read.
         */
        private Duration unwritableTimeout = Duration.ofSeconds(60);

        /**
         * Bytes of QoS 1 and 2 messages all sessions may hold queued or in flight. Near it the publishers contributing
         * most are paused. Default: a quarter of the maximum heap.
         */
        private @Nullable DataSize memoryBudget;

        public Duration getStallTimeout() {
            return this.stallTimeout;
        }

        public void setStallTimeout(Duration stallTimeout) {
            this.stallTimeout = stallTimeout;
        }

        public StallPolicy getStallPolicy() {
            return this.stallPolicy;
        }

        public void setStallPolicy(StallPolicy stallPolicy) {
            this.stallPolicy = stallPolicy;
        }

        public Duration getUnwritableTimeout() {
            return this.unwritableTimeout;
        }

        public void setUnwritableTimeout(Duration unwritableTimeout) {
            this.unwritableTimeout = unwritableTimeout;
        }

        public @Nullable DataSize getMemoryBudget() {
            return this.memoryBudget;
        }

        public void setMemoryBudget(@Nullable DataSize memoryBudget) {
            this.memoryBudget = memoryBudget;
        }

    }

    /**
     * Optional protocol features, announced to MQTT 5 clients in CONNACK and enforced for every client.
     */
    public static class Capabilities {

        /**
         * Highest QoS accepted on PUBLISH and granted on SUBSCRIBE.
         */
        private QoS maximumQos = QoS.EXACTLY_ONCE;

        /**
         * Whether retained messages are supported.
         */
        private boolean retainAvailable = true;

        /**
         * Whether topic filters may contain wildcards.
         */
        private boolean wildcardSubscriptionsAvailable = true;

        /**
         * Whether MQTT 5 subscription identifiers are supported.
         */
        private boolean subscriptionIdentifiersAvailable = true;

        /**
         * Whether shared subscriptions ($share/group/filter) are supported.
         */
        private boolean sharedSubscriptionsAvailable = true;

        /**
         * How a shared subscription group picks the member that gets a message.
         */
        private SharedSubscriptionStrategy sharedSubscriptionStrategy = SharedSubscriptionStrategy.ROUND_ROBIN;

        /**
         * Highest topic alias an MQTT 5 client may use towards the broker. 0 disables inbound topic aliases.
         */
        private int topicAliasMaximum = 10;

        /**
         * Most topic aliases the broker assigns on its own PUBLISH packets to one MQTT 5 client, within the
         * client's Topic Alias Maximum. 0 sends topic names only.
         */
        private int outboundTopicAliasMaximum;

        /**
         * Basis for response topics, sent to MQTT 5 clients that request response information.
         */
        private @Nullable String responseInformation;

        /**
         * Whether clients may publish to topics starting with '$' (such as $SYS/...), which otherwise belong to the
         * broker: refused with 0x87 for MQTT 5 clients, acknowledged and dropped for MQTT 3.1.1 clients.
         */
        private boolean dollarTopicPublishAllowed;

        public QoS getMaximumQos() {
            return this.maximumQos;
        }

        public void setMaximumQos(QoS maximumQos) {
            this.maximumQos = maximumQos;
        }

        public boolean isRetainAvailable() {
            return this.retainAvailable;
        }

        public void setRetainAvailable(boolean retainAvailable) {
            this.retainAvailable = retainAvailable;
        }

        public boolean isWildcardSubscriptionsAvailable() {
            return this.wildcardSubscriptionsAvailable;
        }

        public void setWildcardSubscriptionsAvailable(boolean wildcardSubscriptionsAvailable) {
            this.wildcardSubscriptionsAvailable = wildcardSubscriptionsAvailable;
        }

        public boolean isSubscriptionIdentifiersAvailable() {
            return this.subscriptionIdentifiersAvailable;
        }

        public void setSubscriptionIdentifiersAvailable(boolean subscriptionIdentifiersAvailable) {
            this.subscriptionIdentifiersAvailable = subscriptionIdentifiersAvailable;
        }

        public boolean isSharedSubscriptionsAvailable() {
            return this.sharedSubscriptionsAvailable;
        }

        public void setSharedSubscriptionsAvailable(boolean sharedSubscriptionsAvailable) {
            this.sharedSubscriptionsAvailable = sharedSubscriptionsAvailable;
        }

        public SharedSubscriptionStrategy getSharedSubscriptionStrategy() {
            return this.sharedSubscriptionStrategy;
        }

        public void setSharedSubscriptionStrategy(SharedSubscriptionStrategy sharedSubscriptionStrategy) {
            this.sharedSubscriptionStrategy = sharedSubscriptionStrategy;
        }

        public int getTopicAliasMaximum() {
            return this.topicAliasMaximum;
        }

        public void setTopicAliasMaximum(int topicAliasMaximum) {
            this.topicAliasMaximum = topicAliasMaximum;
        }

        public int getOutboundTopicAliasMaximum() {
            return this.outboundTopicAliasMaximum;
        }

        public void setOutboundTopicAliasMaximum(int outboundTopicAliasMaximum) {
            this.outboundTopicAliasMaximum = outboundTopicAliasMaximum;
        }

        public @Nullable String getResponseInformation() {
            return this.responseInformation;
        }

        public void setResponseInformation(@Nullable String responseInformation) {
            this.responseInformation = responseInformation;
        }

        public boolean isDollarTopicPublishAllowed() {
            return this.dollarTopicPublishAllowed;
        }

        public void setDollarTopicPublishAllowed(boolean dollarTopicPublishAllowed) {
            this.dollarTopicPublishAllowed = dollarTopicPublishAllowed;
        }

    }

    /**
     * The MQTT over TLS listener, running when an SSL bundle is named.
     */
    public static class Ssl {

        /**
         * Name of the SSL bundle (spring.ssl.bundle.*) with the server's key material and, for client certificates,
         * its trust material. The MQTT over TLS listener runs when it is set; a reloaded bundle serves new
         * connections without a restart.
         */
        private @Nullable String bundle;

        /**
         * Address the TLS listener binds to. Defaults to 'mqtt.broker.host'.
         */
        private @Nullable String host;

        /**
         * Port of the TLS listener. Use 0 for a free port.
         */
        private int port = 8883;

        /**
         * Whether clients are asked for a certificate: none, optional or required (mutual TLS).
         */
        private ClientAuth clientAuth = ClientAuth.NONE;

        /**
         * Which certificate name identifies a client, for ACL rules and as its user name.
         */
        private CertificateIdentity certificateIdentity = CertificateIdentity.SUBJECT_CN;

        /**
         * Whether a client with a verified certificate is authenticated by it, its identity used as its user name
         * (Mosquitto's use_identity_as_username).
         */
        private boolean identityAsUsername;

        public @Nullable String getBundle() {
            return this.bundle;
        }

        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }

        public @Nullable String getHost() {
            return this.host;
        }

        public void setHost(@Nullable String host) {
            this.host = host;
        }

        public int getPort() {
            return this.port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public ClientAuth getClientAuth() {
            return this.clientAuth;
        }

        public void setClientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
        }

        public CertificateIdentity getCertificateIdentity() {
            return this.certificateIdentity;
        }

        public void setCertificateIdentity(CertificateIdentity certificateIdentity) {
            this.certificateIdentity = certificateIdentity;
        }

        public boolean isIdentityAsUsername() {
            return this.identityAsUsername;
        }

        public void setIdentityAsUsername(boolean identityAsUsername) {
            this.identityAsUsername = identityAsUsername;
        }

    }

    /**
     * The MQTT over secure WebSocket listener, on the WebSocket path, running when an SSL bundle is named.
     */
    public static class SecureWebSocket {

        /**
         * Name of the SSL bundle for MQTT over secure WebSocket (wss). The listener runs when it is set; client
         * certificate settings are those of 'mqtt.broker.ssl'.
         */
        private @Nullable String bundle;

        /**
         * Address the secure WebSocket listener binds to. Defaults to 'mqtt.broker.websocket.host'.
         */
        private @Nullable String host;

        /**
         * Port of the secure WebSocket listener. Use 0 for a free port.
         */
        private int port = 8084;

        public @Nullable String getBundle() {
            return this.bundle;
        }

        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }

        public @Nullable String getHost() {
            return this.host;
        }

        public void setHost(@Nullable String host) {
            this.host = host;
        }

        public int getPort() {
            return this.port;
        }

        public void setPort(int port) {
            this.port = port;
        }

    }

    /**
     * Who may connect and what they may do, unless the application defines its own Authenticator or Authorizer bean.
     */
    public static class Security {

        /**
         * Whether clients without credentials may connect: true from anywhere, false from nowhere. When not set,
         * from loopback addresses only.
         */
        private @Nullable Boolean allowAnonymous;

        /**
         * Users by name. Passwords are PasswordEncoder strings with their encoding id, such as '{bcrypt}...';
         * plain text must be marked '{noop}'.
         */
        private final Map<String, User> users = new LinkedHashMap<>();

        /**
         * Mosquitto password file (as mosquitto_passwd writes it), read again when it changes. Users from
         * 'users' are asked first.
         */
        private @Nullable Path passwordFile;

        /**
         * Access rules, in order: the first that applies decides; with any rule, what none allows is denied.
         */
        private final List<AclRule> acl = new ArrayList<>();

        private final SpringSecurity springSecurity = new SpringSecurity();

        public SpringSecurity getSpringSecurity() {
            return this.springSecurity;
        }

        /**
         * Mosquitto ACL file, its rules applied after those of 'acl'.
         */
        private @Nullable Path aclFile;

        public @Nullable Boolean getAllowAnonymous() {
            return this.allowAnonymous;
        }

        public void setAllowAnonymous(@Nullable Boolean allowAnonymous) {
            this.allowAnonymous = allowAnonymous;
        }

        public Map<String, User> getUsers() {
            return this.users;
        }

        public @Nullable Path getPasswordFile() {
            return this.passwordFile;
        }

        public void setPasswordFile(@Nullable Path passwordFile) {
            this.passwordFile = passwordFile;
        }

        public List<AclRule> getAcl() {
            return this.acl;
        }

        public @Nullable Path getAclFile() {
            return this.aclFile;
        }

        public void setAclFile(@Nullable Path aclFile) {
            this.aclFile = aclFile;
        }

        /**
         * The application's Spring Security as a source of MQTT users.
         */
        public static class SpringSecurity {

            /**
             * Whether the application's AuthenticationManager (or UserDetailsService) checks MQTT user names and
             * passwords after 'users' and 'password-file', and its JwtDecoder checks passwords that are JWTs.
             */
            private boolean enabled = true;

            public boolean isEnabled() {
                return this.enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

        }

        /**
         * A user.
         */
        public static class User {

            /**
             * Password as a PasswordEncoder string, such as '{bcrypt}$2a$10$...' or '{noop}plain'.
             */
            private @Nullable String password;

            public @Nullable String getPassword() {
                return this.password;
            }

            public void setPassword(@Nullable String password) {
                this.password = password;
            }

        }

        /**
         * An access rule. With none of user, client-id and certificate set, it applies to every client.
         */
        public static class AclRule {

            /**
             * Whether the rule allows or denies.
             */
            private io.mqttspring.broker.security.AclRule.Permission permission =
                    io.mqttspring.broker.security.AclRule.Permission.ALLOW;

            /**
             * What the rule is about: publish, subscribe, or both.
             */
            private Set<io.mqttspring.broker.security.AclRule.Action> actions = EnumSet
                .allOf(io.mqttspring.broker.security.AclRule.Action.class);

            /**
             * Topic filter the rule covers; %u and %c stand for the user name and client identifier.
             */
            private @Nullable String topic;

            /**
             * User name the rule is about.
             */
            private @Nullable String user;

            /**
             * Client identifier the rule is about.
             */
            private @Nullable String clientId;

            /**
             * Certificate identity the rule is about.
             */
            private @Nullable String certificate;

            public io.mqttspring.broker.security.AclRule.Permission getPermission() {
                return this.permission;
            }

            public void setPermission(io.mqttspring.broker.security.AclRule.Permission permission) {
                this.permission = permission;
            }

            public Set<io.mqttspring.broker.security.AclRule.Action> getActions() {
                return this.actions;
            }

            public void setActions(Set<io.mqttspring.broker.security.AclRule.Action> actions) {
                this.actions = actions;
            }

            public @Nullable String getTopic() {
                return this.topic;
            }

            public void setTopic(@Nullable String topic) {
                this.topic = topic;
            }

            public @Nullable String getUser() {
                return this.user;
            }

            public void setUser(@Nullable String user) {
                this.user = user;
            }

            public @Nullable String getClientId() {
                return this.clientId;
            }

            public void setClientId(@Nullable String clientId) {
                this.clientId = clientId;
            }

            public @Nullable String getCertificate() {
                return this.certificate;
            }

            public void setCertificate(@Nullable String certificate) {
                this.certificate = certificate;
            }

        }

    }

}
