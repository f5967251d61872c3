package io.mqttspring.broker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.mqttspring.broker.config.AnonymousAccess;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.MqttBrokerException;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.broker.stats.BrokerCounters;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.metrics.BrokerStatistics;
import io.mqttspring.broker.persistence.RetainedMessageStore;
import io.mqttspring.broker.persistence.SessionStore;
import io.mqttspring.broker.persistence.memory.InMemoryRetainedMessageStore;
import io.mqttspring.broker.persistence.memory.InMemorySessionStore;
import io.mqttspring.broker.persistence.rocksdb.RocksDbStore;
import io.mqttspring.broker.security.Authenticator;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.security.EnhancedAuthenticator;
import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.subscription.Subscription;
import io.mqttspring.broker.subscription.SubscriptionOptions;
import io.mqttspring.broker.subscription.TopicFilter;
import io.mqttspring.broker.subscription.TopicName;
import io.netty.util.concurrent.EventExecutor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 3.1, 3.1.1 and 5.0 broker. Build one with {@link #builder()}, {@link #start()} it, and {@link #stop()}
 * (or {@link #close()}) it when done; a stopped broker may be started again and resumes the persistent sessions
 * and retained messages its stores kept. Besides serving network clients it offers an in-process API:
 * {@link #publish(ApplicationMessage)} and {@link #newSubscriber(String)}. Thread-safe.
 */
public final class MqttBroker implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(MqttBroker.class);

    private final BrokerConfig config;

    private final Authenticator authenticator;

    private final Map<String, EnhancedAuthenticator> enhancedAuthenticators;

    private final Authorizer authorizer;

    private final SessionStore sessionStore;

    private final RetainedMessageStore retainedStore;

    private final @Nullable Object hazelcast;

    private final BrokerListener listener;

    private final BrokerClock clock;

    private final BrokerCounters counters;

    private volatile @Nullable BrokerRuntime running;

    private BrokerExtensions extensions() {
        return new BrokerExtensions(this.authenticator, this.enhancedAuthenticators, this.authorizer,
                this.sessionStore, this.retainedStore, this.listener, this.clock);
    }

    private MqttBroker(Builder builder) {
        this.config = builder.config;
        this.authenticator = builder.authenticator;
        this.enhancedAuthenticators = Map.copyOf(builder.enhancedAuthenticators);
        this.authorizer = builder.authorizer;
        this.sessionStore = builder.sessionStore;
        this.retainedStore = builder.retainedStore;
        this.hazelcast = builder.hazelcast;
        this.listener = new BrokerListeners(builder.listeners);
        this.clock = builder.clock;
        this.counters = new BrokerCounters(builder.clock);
    }

    /**
     * Start building a broker.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Bind the listener and start serving. Returns once the broker accepts connections.
     * @throws MqttBrokerException if the port cannot be bound
     */
    public synchronized void start() {
        if (this.running != null) {
            return;
        }
        BrokerExtensions extensions = extensions();
        RocksDbStore store = null;
        if (this.config.persistence().enabled()) {
            // opened per start and closed per stop, so another process may take the directory in between
            store = DurableStore.open(this.config.persistence());
            extensions = extensions.withStores(store, store.retainedMessageStore());
        }
        BrokerRuntime started;
        try {
            started = new BrokerRuntime(this.config, extensions, this.counters, store, this.hazelcast);
        }
        catch (RuntimeException ex) {
            if (store != null) {
                store.close();
            }
            throw ex;
        }
        try {
            started.start();
        }
        catch (Exception ex) {
            // Netty rethrows I/O failures unchecked-but-not-runtime: catch them all and clean up
            started.stop(Duration.ZERO);
            if (ex instanceof MqttBrokerException brokerException) {
                throw brokerException;
            }
            throw new MqttBrokerException("Could not start MQTT broker: " + ex.getMessage(), ex);
        }
        this.running = started;
        this.counters.started();
        logger.info("MQTT broker listening on {} (MQTT 3.1, 3.1.1, 5.0; {} transport)",
                String.join(", ", listeners().stream().map((listener) -> (listener.tls() != null)
                        ? listener.uri() + " (" + listener.tls() + " TLS)" : listener.uri()).toList()),
                started.eventLoops().isNative() ? "epoll" : "nio");
        warnAboutAnonymousAccess();
    }

    private void warnAboutAnonymousAccess() {
        boolean beyondLoopback = this.config.listeners().stream()
            .anyMatch((listener) -> !isLoopback(listener.host()));
        if (!beyondLoopback) {
            return;
        }
        if (this.config.anonymousAccess() == AnonymousAccess.ALLOWED) {
            logger.warn("Anonymous clients may connect from any address: anyone who reaches this broker may publish "
                    + "and subscribe as far as the authorizer allows. Configure users and refuse anonymous access "
                    + "for a broker on a network.");
        }
        else if (this.config.anonymousAccess() == AnonymousAccess.LOOPBACK_ONLY
                && this.authenticator == Authenticator.ALLOW_ALL && this.enhancedAuthenticators.isEmpty()) {
            logger.info("No users are configured: clients without credentials may connect from this machine only. "
                    + "Configure users, or allow anonymous access explicitly, to serve clients from other machines.");
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (UnknownHostException ex) {
            return false;
        }
    }

    /**
     * Stop gracefully: stop accepting, tell MQTT 5 clients with DISCONNECT 0x8B, close every connection, save
     * persistent sessions and release every resource. Each step waits at most the shutdown timeout (closing
     * connections, saving each session, stopping the event loops, finishing store writes), so a stop that hits
     * every limit takes a few times that long.
     */
    public synchronized void stop() {
        BrokerRuntime stopping = this.running;
        if (stopping == null) {
            return;
        }
        this.running = null;
        stopping.stop(this.config.shutdownTimeout());
        logger.info("MQTT broker stopped");
    }

    /**
     * Same as {@link #stop()}.
     */
    @Override
    public void close() {
        stop();
    }

    /**
     * Return how the durable store is doing, when the broker runs with one.
     * @return the store's status, or empty without persistence or while stopped
     */
    public Optional<StoreStatus> storeStatus() {
        BrokerRuntime current = this.running;
        RocksDbStore store = (current != null) ? current.store() : null;
        return (store != null) ? Optional.of(DurableStore.status(store)) : Optional.empty();
    }

    /**
     * Return how this broker's cluster node is doing, when the broker runs in a cluster.
     * @return the node's status, or empty on its own or while stopped
     */
    public Optional<ClusterStatus> clusterStatus() {
        BrokerRuntime current = this.running;
        return (current != null && current.clusterNode() != null)
                ? Optional.of(ClusterJoin.status(current.clusterNode())) : Optional.empty();
    }

    /**
     * Return the cluster member holding a client's connection or persistent session, asking the cluster (a network
     * call: not for event loops).
     * @param clientId the client identifier
     * @return the member as {@code uuid@address}; empty when no member holds the client, or the broker is not in a
     * cluster
     */
    public Optional<String> clusterMemberOf(String clientId) {
        BrokerRuntime current = this.running;
        return (current != null && current.clusterNode() != null)
                ? Optional.ofNullable(current.clusterNode().clients().ownerOf(clientId)) : Optional.empty();
    }

    /**
     * Return whether the broker is started.
     * @return {@code true} between {@link #start()} and {@link #stop()}
     */
    public boolean isRunning() {
        return this.running != null;
    }

    /**
     * Return whether the broker accepts connections now.
     * @return {@code true} while every listener is bound
     */
    public boolean isAcceptingConnections() {
        BrokerRuntime current = this.running;
        return current != null && current.listeners().stream().allMatch((listener) -> listener.socket().isActive());
    }

    /**
     * Return the port of the plain MQTT over TCP listener, the one picked when configured with port 0.
     * @return the bound port
     * @throws IllegalStateException if the broker is not running or that listener is off
     */
    public int port() {
        return address().getPort();
    }

    /**
     * Return the port a listener bound.
     * @param listener {@code mqtt}, {@code mqtts}, {@code ws} or {@code wss}
     * @return the bound port, or -1 when that listener is off
     * @throws IllegalStateException if the broker is not running
     */
    public int port(String listener) {
        BrokerRuntime.BoundListener bound = running().listener(listener);
        return (bound != null) ? bound.address().getPort() : -1;
    }

    /**
     * Return the port of the MQTT over WebSocket listener.
     * @return the bound port, or -1 when the WebSocket listener is off
     * @throws IllegalStateException if the broker is not running
     */
    public int webSocketPort() {
        return port("ws");
    }

    /**
     * Return the URIs clients connect to, for logs and health reports: {@code mqtt://host:port},
     * {@code mqtts://host:port}, {@code ws://host:port/path}, {@code wss://host:port/path} for the listeners that run.
     * The host is the configured bind address.
     * @return the URIs, empty when the broker is not running
     */
    public List<String> listenerUris() {
        return listeners().stream().map(ListenerInfo::uri).toList();
    }

    /**
     * Return the listeners that run.
     * @return the listeners, empty when the broker is not running
     */
    public List<ListenerInfo> listeners() {
        BrokerRuntime current = this.running;
        if (current == null) {
            return List.of();
        }
        List<ListenerInfo> listeners = new ArrayList<>();
        for (BrokerRuntime.BoundListener listener : current.listeners()) {
            int port = listener.address().getPort();
            listeners.add(new ListenerInfo(listener.config().name(), listener.config().uri(port), port,
                    listener.socket().isActive(), listener.tlsImplementation()));
        }
        return listeners;
    }

    /**
     * Return the address the plain MQTT over TCP listener is bound to.
     * @return the bound address
     * @throws IllegalStateException if the broker is not running or that listener is off
     */
    public InetSocketAddress address() {
        BrokerRuntime.BoundListener bound = running().listener("mqtt");
        if (bound == null) {
            throw new IllegalStateException("The plain MQTT over TCP listener is off");
        }
        return bound.address();
    }

    /**
     * Return the configuration.
     * @return the configuration
     */
    public BrokerConfig config() {
        return this.config;
    }

    /**
     * Return live statistics; they survive a restart.
     * @return the statistics
     */
    public BrokerStatistics statistics() {
        return this.counters;
    }

    /**
     * Publish a message as if a client had published it: retained if asked, routed to every matching subscriber.
     * The QoS is capped at the configured maximum and the retain flag dropped when retained messages are not
     * available. Thread-safe; never blocks, so it cannot be held back as a network publisher is: a QoS 1 or 2 message
     * for a connected subscriber whose queue is full is dropped for that subscriber (counted), and at the memory budget
     * for every queue.
     * @param message the message
     * @return a future completed once the message is routed
     * @throws io.mqttspring.broker.core.InvalidTopicException if the topic name is not valid
     * @throws IllegalStateException if the broker is not running
     */
    public CompletableFuture<PublishResult> publish(ApplicationMessage message) {
        Objects.requireNonNull(message, "message");
        BrokerRuntime current = running();
        TopicName topic = TopicName.of(message.topic(), this.config.limits().maxTopicLevels());
        ApplicationMessage capped = message.with(message.qos().min(this.config.capabilities().maximumQos()),
                message.retain() && this.config.capabilities().retainAvailable());
        this.counters.messageReceived(capped.qos());
        int matched = current.router().route(capped, topic, null);
        return CompletableFuture.completedFuture(new PublishResult(matched));
    }

    /**
     * Subscribe in-process with a handler that is done when it returns. Shorthand for a {@link #newSubscriber}
     * named after a generated identifier.
     * @param topicFilter the topic filter
     * @param qos the maximum QoS
     * @param handler receives messages on a broker thread; must not block
     * @return the subscriber, to close when done
     */
    public InProcessSubscriber subscribe(String topicFilter, QoS qos, Consumer<ReceivedMessage> handler) {
        Objects.requireNonNull(handler, "handler");
        return newSubscriber("subscriber-" + UUID.randomUUID()).topic(topicFilter, qos)
                .handler((message) -> {
                    handler.accept(message);
                    return CompletableFuture.completedFuture(null);
                })
                .start();
    }

    /**
     * Start describing an in-process subscriber.
     * @param name the subscriber's name, unique among in-process subscribers; its client identifier is
     * {@value InProcessSubscriber#CLIENT_ID_PREFIX} followed by the name
     * @return a builder
     */
    public InProcessSubscriberBuilder newSubscriber(String name) {
        return new InProcessSubscriberBuilder(this, name);
    }

    /**
     * Disconnect a network client at an operator's request: MQTT 5 clients get DISCONNECT 0x98 (administrative
     * action). In-process subscribers are not disconnected this way.
     * Its session stays or ends as its expiry interval says; its will is published as for any server-side close.
     * @param clientId the client identifier
     * @return whether a connected client with that identifier was found
     */
    public boolean disconnect(String clientId) {
        BrokerRuntime current = this.running;
        Session session = (current != null) ? current.registry().find(clientId).orElse(null) : null;
        if (session == null || !session.isConnected() || clientId.startsWith(InProcessSubscriber.CLIENT_ID_PREFIX)) {
            // in-process subscribers belong to the application: close them there
            return false;
        }
        session.execute(() -> session.disconnectClient(ReasonCode.ADMINISTRATIVE_ACTION, "disconnected by operator"));
        return true;
    }

    /**
     * Return what the broker knows about its sessions.
     * @return the sessions, connected or not
     */
    public List<SessionInfo> sessions() {
        BrokerRuntime current = this.running;
        if (current == null) {
            return List.of();
        }
        List<SessionInfo> sessions = new ArrayList<>();
        for (Session session : current.registry().sessions()) {
            Map<String, QoS> subscriptions = new TreeMap<>();
            session.subscriptions().forEach((filter, subscription) -> subscriptions.put(filter,
                    subscription.options().qos()));
            sessions.add(new SessionInfo(session.clientId(), session.isConnected(), session.lastClient(),
                    subscriptions, this.counters.isThrottled(session.clientId()), session.isStalled()));
        }
        return sessions;
    }

    InProcessSubscribers inProcessSubscribers() {
        return running().inProcessSubscribers();
    }

    private BrokerRuntime running() {
        BrokerRuntime current = this.running;
        if (current == null) {
            throw new IllegalStateException("MQTT broker is not running");
        }
        return current;
    }

    /**
     * A listener as seen from outside.
     *
     * @param name {@code mqtt}, {@code mqtts}, {@code ws} or {@code wss}
     * @param uri the URI clients connect to
     * @param port the bound port
     * @param active whether it accepts connections
     * @param tls the TLS implementation, {@code OpenSSL} or {@code JDK}, or {@code null} for a plain listener
     */
    public record ListenerInfo(String name, String uri, int port, boolean active, @Nullable String tls) {
    }

    /**
     * A session as seen from outside.
     *
     * @param clientId the client identifier
     * @param connected whether a client is connected to it
     * @param client the client connected, or last connected, or {@code null}
     * @param subscriptions its subscriptions: topic filter and granted QoS
     * @param throttled whether the client's connection is not read now because its publications wait for
     * congested subscribers or the memory budget
     * @param stalled whether the client, as a subscriber, left its queue full for the stall timeout and has not
     * caught up yet
     */
    public record SessionInfo(String clientId, boolean connected, @Nullable ClientInfo client,
            Map<String, QoS> subscriptions, boolean throttled, boolean stalled) {
    }

    /**
     * Builder for {@link MqttBroker}. Not thread-safe.
     */
    public static final class Builder {

        private BrokerConfig config = BrokerConfig.defaults();

        private Authenticator authenticator = Authenticator.ALLOW_ALL;

        private Authorizer authorizer = Authorizer.ALLOW_ALL;

        private final Map<String, EnhancedAuthenticator> enhancedAuthenticators = new LinkedHashMap<>();

        private SessionStore sessionStore = new InMemorySessionStore();

        private RetainedMessageStore retainedStore = new InMemoryRetainedMessageStore();

        // a com.hazelcast.core.HazelcastInstance, held untyped so that the class loads without Hazelcast
        private @Nullable Object hazelcast;

        private final List<BrokerListener> listeners = new ArrayList<>();

        private BrokerClock clock = BrokerClock.system();

        private Builder() {
        }

        public Builder config(BrokerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /**
         * Add an MQTT 5 enhanced authentication method; clients that name it in CONNECT authenticate through it
         * instead of the {@link #authenticator(Authenticator) authenticator}.
         * @param enhancedAuthenticator the method
         * @return this builder
         */
        public Builder enhancedAuthenticator(EnhancedAuthenticator enhancedAuthenticator) {
            this.enhancedAuthenticators.put(enhancedAuthenticator.method(), enhancedAuthenticator);
            return this;
        }

        public Builder authorizer(Authorizer authorizer) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            return this;
        }

        public Builder sessionStore(SessionStore sessionStore) {
            this.sessionStore = Objects.requireNonNull(sessionStore, "sessionStore");
            return this;
        }

        public Builder retainedMessageStore(RetainedMessageStore retainedStore) {
            this.retainedStore = Objects.requireNonNull(retainedStore, "retainedStore");
            return this;
        }

        /**
         * Join the cluster of an application's Hazelcast instance instead of building a member from the cluster
         * settings; the broker leaves the cluster when it stops but does not shut the instance down. Implies that
         * the broker runs as a cluster node.
         * @param hazelcast the instance
         * @return this builder
         */
        public Builder hazelcastInstance(com.hazelcast.core.HazelcastInstance hazelcast) {
            this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast");
            return this;
        }

        public Builder listener(BrokerListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Set the clock every expiry, delay and timeout is measured with; the system clock by default. Tests give a
         * clock they move by hand.
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(BrokerClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public MqttBroker build() {
            return new MqttBroker(this);
        }

    }

}
