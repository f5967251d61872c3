package io.mqttspring.broker;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.ListenerConfig;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.flow.MemoryBudget;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.cluster.ClusterNode;
import io.mqttspring.broker.persistence.rocksdb.RocksDbStore;
import io.mqttspring.broker.stats.BrokerCounters;
import io.mqttspring.broker.protocol.BrokerContext;
import io.mqttspring.broker.protocol.MqttConnections;
import io.mqttspring.broker.retained.RetainedMessages;
import io.mqttspring.broker.routing.MessageRouter;
import io.mqttspring.broker.session.RemoteSessions;
import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.session.SessionContext;
import io.mqttspring.broker.session.SessionRegistry;
import io.mqttspring.broker.subscription.SubscriptionTree;
import io.mqttspring.broker.subscription.TopicName;
import io.mqttspring.broker.sys.SysTopicPublisher;
import io.mqttspring.broker.transport.EventLoops;
import io.mqttspring.broker.transport.MqttChannelInitializer;
import io.mqttspring.broker.transport.ServerTls;
import io.mqttspring.broker.transport.TcpListener;
import io.mqttspring.broker.transport.WebSocketChannelInitializer;
import io.mqttspring.broker.will.WillMessage;
import io.mqttspring.broker.will.SwitchableWillTracker;
import io.mqttspring.broker.will.WillTracker;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a broker runs between one start and the next stop: event loops, listeners, sessions, routing. A
 * stopped broker starts again with a new runtime, restoring sessions from its stores.
 */
final class BrokerRuntime {

    private static final Logger logger = LoggerFactory.getLogger(BrokerRuntime.class);

    private static final int AUTHENTICATION_THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private static final int AUTHENTICATION_BACKLOG = 10_000;

    private final BrokerConfig config;

    private final BrokerExtensions extensions;

    private final BrokerCounters counters;

    private final EventLoops eventLoops;

    private final List<BoundListener> listeners = new ArrayList<>(4);

    private final SubscriptionTree<Session> subscriptions = new SubscriptionTree<>();

    // the cluster's will map once a node joins; nothing before
    private final SwitchableWillTracker wills = new SwitchableWillTracker();

    private final MessageRouter router;

    private final RetainedMessages retained;

    private final SessionRegistry registry;

    private final ExecutorService authenticationExecutor;

    private final ExecutorService storeExecutor;

    private boolean started;

    private final SysTopicPublisher sysPublisher;

    private @Nullable MqttConnections connections;

    private final InProcessSubscribers inProcessSubscribers;

    private final @Nullable RocksDbStore store;

    private final @Nullable Object hazelcast;

    private @Nullable ClusterNode clusterNode;

    BrokerRuntime(BrokerConfig config, BrokerExtensions extensions, BrokerCounters counters,
            @Nullable RocksDbStore store, @Nullable Object hazelcast) {
        this.store = store;
        this.hazelcast = hazelcast;
        this.config = config;
        this.extensions = extensions;
        this.counters = counters;
        this.eventLoops = new EventLoops(config.ioThreads(), config.nativeTransport());
        RetainedMessages retained = new RetainedMessages(this.extensions.retainedStore(),
                this.extensions.clock(), config.quotas());
        this.retained = retained;
        MemoryBudget budget = new MemoryBudget(config.flowControl().memoryBudget(), this.extensions.clock(),
                this.eventLoops.workerGroup(), config.flowControl().stallTimeout());
        this.counters.bindBudget(budget::used, budget.limit());
        this.router = new MessageRouter(this.subscriptions, retained, this.extensions.listener(),
                config.capabilities().sharedSubscriptionStrategy(), this.extensions.clock(), budget,
                this.extensions.authorizer(), this.extensions.sessionStore().journal());
        this.storeExecutor = Executors.newSingleThreadExecutor(new DefaultThreadFactory("mqtt-store", true));
        // bounded: a slow authenticator makes new clients wait or get "server busy", it does not grow threads
        ThreadPoolExecutor authentication = new ThreadPoolExecutor(AUTHENTICATION_THREADS, AUTHENTICATION_THREADS,
                30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(AUTHENTICATION_BACKLOG),
                new DefaultThreadFactory("mqtt-auth", true));
        authentication.allowCoreThreadTimeOut(true);
        this.authenticationExecutor = authentication;
        SessionContext sessionContext = new SessionContext(config.limits(), this.subscriptions,
                this.counters, this.extensions.listener(), this::publishWill,
                this.router::redeliverShared, this.eventLoops.workerGroup(), this.extensions.clock(),
                config.flowControl(), budget, this.extensions.sessionStore().journal(), this.wills);
        this.registry = new SessionRegistry(sessionContext, this.extensions.sessionStore(), this.storeExecutor);
        this.counters.bindGauges(this.registry::size, this.subscriptions::size,
                this.extensions.retainedStore()::size);
        this.inProcessSubscribers = new InProcessSubscribers(config, this.registry, this.router,
                this.eventLoops.workerGroup(), this.extensions.clock());
        this.sysPublisher = new SysTopicPublisher(this.router, this.counters, version(),
                this.extensions.clock());
    }

    void start() {
        if (this.config.cluster().enabled() || this.hazelcast != null) {
            // before sessions come back: their subscriptions are announced to the other nodes as they are restored
            ClusterNode node = ClusterJoin.join(this.config.cluster(), this.hazelcast, this.router, this.registry,
                    this::publishWill);
            this.clusterNode = node;
            this.subscriptions.setFilterListener(node);
            this.router.setRemoteRouting(node);
            this.registry.setRemoteSessions(node.clients());
            this.wills.switchTo(node.clients());
        }
        this.registry.restore(this.config.limits().maxTopicLevels());
        if (this.clusterNode != null) {
            this.clusterNode.clients().restored(this.registry.sessions().stream().map(Session::clientId)
                    .filter((id) -> !id.startsWith(SessionRegistry.IN_PROCESS_PREFIX)).toList());
        }
        this.retained.countStored();
        // a cluster node hears of connections too: a client identifier is connected on one node at a time
        BrokerListener connectionListener = (this.clusterNode != null)
                ? new BrokerListeners(List.of(this.extensions.listener(), this.clusterNode.clients()))
                : this.extensions.listener();
        BrokerContext context = new BrokerContext(this.config, this.registry, this.router,
                this.extensions.authenticator(), this.extensions.enhancedAuthenticators(),
                this.authenticationExecutor, this.extensions.authorizer(),
                this.counters, connectionListener, this.extensions.clock(),
                this.wills);
        this.connections = new MqttConnections(context);
        MqttChannelInitializer mqtt = new MqttChannelInitializer(this.connections, this.counters,
                this.config.quotas(), this.extensions.clock());
        for (ListenerConfig listener : this.config.listeners()) {
            ServerTls tls = (listener.tls() != null) ? new ServerTls(listener.name().equals("wss")
                    ? "secureWebSocketTls" : "tls", listener.tls(), this.config.connectTimeout()) : null;
            ChannelHandler initializer;
            if (listener.isWebSocket()) {
                initializer = new WebSocketChannelInitializer(this.config, mqtt, tls);
            }
            else {
                initializer = (tls != null) ? mqtt.withTls(tls) : mqtt;
            }
            TcpListener socket = new TcpListener(listener.name(), listener.host(), listener.port(),
                    this.config.limits(), this.eventLoops);
            InetSocketAddress bound = socket.bind(initializer);
            this.listeners.add(new BoundListener(listener, socket, bound, (tls != null) ? tls.implementation() : null));
        }
        this.sysPublisher.start(this.eventLoops.workerGroup().next(), this.config.sysInterval());
        this.eventLoops.warmUpAllocator();
        this.started = true;
    }

    private void publishWill(ClientInfo client, WillMessage will) {
        ApplicationMessage message = will.message();
        if (message.topic().startsWith("$") && !this.config.capabilities().dollarTopicPublishAllowed()) {
            // [MQTT-4.7.2-1] as for a PUBLISH: $-topics belong to the broker
            logger.debug("Will of {} not published: {} is reserved for the broker", client.describe(),
                    message.topic());
            this.counters.messageRefused();
            return;
        }
        if (!this.extensions.authorizer().mayPublish(client, message.topic(), message.qos(), message.retain())) {
            logger.debug("Will of {} not published: not authorized", client.describe());
            this.counters.messageRefused();
            return;
        }
        // the will topic was validated at CONNECT
        this.router.route(message, TopicName.of(message.topic(), Integer.MAX_VALUE), client);
    }

    void stop(Duration timeout) {
        this.sysPublisher.stop();
        this.inProcessSubscribers.brokerStopped();
        for (BoundListener listener : this.listeners) {
            listener.socket().close();
        }
        if (this.connections != null) {
            this.connections.shutdown(timeout);
        }
        if (this.started) {
            // a start that failed leaves the store as it found it
            this.registry.saveAll(timeout);
        }
        // the sessions go with this runtime; a restart restores them and counts their messages again
        this.counters.resetSessionGauges();
        this.eventLoops.shutdown(timeout);
        this.authenticationExecutor.shutdownNow();
        this.storeExecutor.shutdown();
        try {
            if (!this.storeExecutor.awaitTermination(Math.max(timeout.toMillis(), 1), TimeUnit.MILLISECONDS)) {
                logger.warn("Session store writes still pending after {}", timeout);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        flush(this.extensions.sessionStore()::flush, "session");
        flush(this.extensions.retainedStore()::flush, "retained message");
        if (this.store != null) {
            this.store.close();
        }
        if (this.clusterNode != null) {
            this.registry.setRemoteSessions(RemoteSessions.NONE);
            this.wills.switchTo(WillTracker.NONE);
            this.clusterNode.close();
        }
    }

    @Nullable ClusterNode clusterNode() {
        return this.clusterNode;
    }

    @Nullable RocksDbStore store() {
        return this.store;
    }

    private static void flush(Runnable flush, String store) {
        try {
            flush.run();
        }
        catch (RuntimeException ex) {
            logger.warn("Could not flush the {} store", store, ex);
        }
    }

    InProcessSubscribers inProcessSubscribers() {
        return this.inProcessSubscribers;
    }

    EventLoops eventLoops() {
        return this.eventLoops;
    }

    List<BoundListener> listeners() {
        return this.listeners;
    }

    @Nullable BoundListener listener(String name) {
        for (BoundListener listener : this.listeners) {
            if (listener.config().name().equals(name)) {
                return listener;
            }
        }
        return null;
    }

    MessageRouter router() {
        return this.router;
    }

    SessionRegistry registry() {
        return this.registry;
    }

    /**
     * A listener and the address it bound.
     *
     * @param config what was configured
     * @param socket the server socket
     * @param address the bound address
     * @param tlsImplementation {@code OpenSSL} or {@code JDK} for a TLS listener, else {@code null}
     */
    record BoundListener(ListenerConfig config, TcpListener socket, InetSocketAddress address,
            @Nullable String tlsImplementation) {
    }

    private static String version() {
        String version = BrokerRuntime.class.getPackage().getImplementationVersion();
        return (version != null) ? version : "development";
    }

}
