package io.mqttspring.broker;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.routing.MessageRouter;
import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.session.SessionRegistry;
import io.mqttspring.broker.subscription.Subscription;
import io.mqttspring.broker.subscription.SubscriptionOptions;
import io.mqttspring.broker.subscription.TopicFilter;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * The in-process subscribers of one broker run: starts each as a session of its own attached to an
 * {@link InProcessConnection}, ends it when closed, and marks them all closed when the broker stops. Their names
 * are unique while they live. Thread-safe.
 */
final class InProcessSubscribers {

    private final BrokerConfig config;

    private final SessionRegistry registry;

    private final MessageRouter router;

    private final EventExecutorGroup eventLoops;

    private final BrokerClock clock;

    private final Set<InProcessSubscriber> live = ConcurrentHashMap.newKeySet();

    private final Set<String> names = ConcurrentHashMap.newKeySet();

    InProcessSubscribers(BrokerConfig config, SessionRegistry registry, MessageRouter router,
            EventExecutorGroup eventLoops, BrokerClock clock) {
        this.config = config;
        this.registry = registry;
        this.router = router;
        this.eventLoops = eventLoops;
        this.clock = clock;
    }

    /**
     * Start a subscriber: its session, its subscriptions and the retained messages they receive. Call on an
     * application thread; returns once the subscriptions are in place.
     */
    InProcessSubscriber start(String name, List<InProcessSubscriber.Topic> topics, int maxInflight, int maxPending,
            MessageHandler handler) {
        if (isBrokerThread()) {
            throw new IllegalStateException("In-process subscribers cannot be started on a broker thread");
        }
        String clientId = InProcessSubscriber.CLIENT_ID_PREFIX + name;
        if (!this.names.add(clientId)) {
            throw new IllegalStateException("An in-process subscriber named '" + name + "' exists");
        }
        try {
            return subscribe(clientId, topics, maxInflight, maxPending, handler);
        }
        catch (RuntimeException ex) {
            this.names.remove(clientId);
            throw ex;
        }
    }

    private InProcessSubscriber subscribe(String clientId, List<InProcessSubscriber.Topic> topics, int maxInflight,
            int maxPending, MessageHandler handler) {
        int maxLevels = this.config.limits().maxTopicLevels();
        List<TopicFilter> filters = topics.stream().map((topic) -> TopicFilter.of(topic.filter(), maxLevels))
                .toList();
        EventExecutor executor = this.eventLoops.next();
        ClientInfo client = new ClientInfo(clientId, null, ProtocolVersion.IN_PROCESS, null);
        InProcessConnection connection = new InProcessConnection(client, executor, maxInflight, maxPending, handler,
                this.clock);
        CompletableFuture<Session> attached = new CompletableFuture<>();
        this.registry.connect(connection, true, 0, (session, present) -> {
            connection.attach(session);
            for (int i = 0; i < filters.size(); i++) {
                QoS qos = topics.get(i).qos().min(this.config.capabilities().maximumQos());
                Subscription<Session> subscription = new Subscription<>(session, filters.get(i),
                        SubscriptionOptions.of(qos), 0);
                boolean isNew = session.subscribe(subscription) == null;
                this.router.deliverRetained(subscription, isNew);
            }
            attached.complete(session);
        });
        Session session = attached.orTimeout(timeoutMillis(), TimeUnit.MILLISECONDS).join();
        InProcessSubscriber[] created = new InProcessSubscriber[1];
        created[0] = new InProcessSubscriber(clientId, topics, () -> close(created[0], session, connection));
        this.live.add(created[0]);
        return created[0];
    }

    private void close(InProcessSubscriber subscriber, Session session, InProcessConnection connection) {
        this.live.remove(subscriber);
        CompletableFuture<Void> detached = new CompletableFuture<>();
        try {
            session.execute(() -> {
                session.detach(connection, null);
                // before completing: a caller waiting on it may start a subscriber of the same name at once
                this.names.remove(subscriber.clientId());
                detached.complete(null);
            });
        }
        catch (RejectedExecutionException ex) {
            // the broker stopped: the session is gone with it
            this.names.remove(subscriber.clientId());
            return;
        }
        if (!isBrokerThread()) {
            detached.orTimeout(timeoutMillis(), TimeUnit.MILLISECONDS).exceptionally((ex) -> null).join();
        }
    }

    /**
     * Mark every subscriber closed: the broker stops and takes their sessions with it.
     */
    void brokerStopped() {
        this.live.forEach(InProcessSubscriber::brokerStopped);
    }

    /**
     * Return whether the calling thread is one of the broker's event loops, where nothing may wait.
     */
    private boolean isBrokerThread() {
        for (EventExecutor loop : this.eventLoops) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private long timeoutMillis() {
        return this.config.shutdownTimeout().plus(Duration.ofSeconds(1)).toMillis();
    }

}
