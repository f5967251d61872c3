package io.mqttspring.broker.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.persistence.SessionJournal;
import io.mqttspring.broker.persistence.SessionJournal.StoredEntry;
import io.mqttspring.broker.persistence.SessionSnapshot.StoredWill;
import io.mqttspring.broker.will.WillMessage;
import io.mqttspring.broker.persistence.SessionSnapshot;
import io.mqttspring.broker.persistence.SessionSnapshot.PendingMessage;
import io.mqttspring.broker.persistence.SessionSnapshot.StoredSubscription;
import io.mqttspring.broker.persistence.SessionStore;
import io.mqttspring.broker.subscription.Subscription;
import io.mqttspring.broker.subscription.SubscriptionOptions;
import io.mqttspring.broker.subscription.TopicFilter;
import io.netty.util.concurrent.EventExecutor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All sessions by client identifier. Connecting goes through {@link #connect}, which serializes connections with
 * the same identifier on the session's event loop and hands the session over from an existing connection
 * [MQTT-3.1.4-3]. Thread-safe.
 */
public final class SessionRegistry {

    /** Prefix of the client identifiers of in-process subscribers; network clients may not use it. */
    public static final String IN_PROCESS_PREFIX = "$inproc/";

    private static final Logger logger = LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    private final SessionContext context;

    private final SessionStore store;

    private final Executor storeExecutor;

    private volatile RemoteSessions remote = RemoteSessions.NONE;

    /**
     * Told when a connection has its session.
     */
    @FunctionalInterface
    public interface AttachCallback {

        /**
         * Called on the connection's event loop once the session is attached to it.
         * @param session the session
         * @param sessionPresent whether an existing session was resumed
         */
        void attached(Session session, boolean sessionPresent);

    }

    /**
     * Create a new instance.
     * @param context what sessions share
     * @param store where persistent sessions are kept while their clients are away
     * @param storeExecutor the thread that calls the store, never an event loop
     */
    public SessionRegistry(SessionContext context, SessionStore store, Executor storeExecutor) {
        this.context = context;
        this.store = store;
        this.storeExecutor = storeExecutor;
    }

    /**
     * Attach a connection to the session of its client identifier, creating, resuming or replacing the session
     * and disconnecting a connection that holds it. Thread-safe.
     * @param connection the new connection
     * @param cleanStart whether to discard an existing session
     * @param expiryInterval the session expiry interval to apply, in seconds
     * @param callback told on the connection's event loop when the session is attached
     */
    public void connect(SessionConnection connection, boolean cleanStart, long expiryInterval,
            AttachCallback callback) {
        String clientId = connection.clientInfo().clientId();
        RemoteSessions remote = this.remote;
        if (remote != RemoteSessions.NONE && !this.sessions.containsKey(clientId)
                && !clientId.startsWith(IN_PROCESS_PREFIX)) {
            // another node of the cluster may hold the session: it is handed over before the client attaches
            remote.takeOver(clientId, cleanStart).whenCompleteAsync((snapshot, failure) -> {
                if (failure != null) {
                    logger.warn("Could not take the session of {} from another node, starting a new one: {}",
                            clientId, failure.toString());
                }
                else if (snapshot != null && !cleanStart && !this.sessions.containsKey(clientId)) {
                    adopt(snapshot, connection.executor());
                }
                attach(connection, cleanStart, expiryInterval, callback);
            }, connection.executor());
            return;
        }
        attach(connection, cleanStart, expiryInterval, callback);
    }

    /**
     * Ask another node for sessions this registry does not hold, as a cluster node does.
     * @param remote where sessions of other nodes are
     */
    public void setRemoteSessions(RemoteSessions remote) {
        this.remote = Objects.requireNonNull(remote, "remote");
    }

    void attach(SessionConnection connection, boolean cleanStart, long expiryInterval, AttachCallback callback) {
        String clientId = connection.clientInfo().clientId();
        Session[] created = new Session[1];
        Session session = this.sessions.compute(clientId, (id, existing) -> {
            if (existing != null && !existing.isDestroyed()) {
                return existing;
            }
            created[0] = new Session(id, this, this.context, connection.executor());
            return created[0];
        });
        session.execute(() -> session.takeOver(connection, cleanStart, expiryInterval, session == created[0],
                callback));
    }

    /**
     * Create a session for an in-process client, or find the one it already has.
     * @param clientId the client identifier
     * @param executor the event loop for a new session
     * @return the session
     */
    Session sessionFor(String clientId, EventExecutor executor) {
        return this.sessions.computeIfAbsent(clientId, (id) -> new Session(id, this, this.context, executor));
    }

    /**
     * Return where persistent sessions record their changes.
     * @return the journal, disabled without a durable store
     */
    public SessionJournal journal() {
        return this.context.journal();
    }

    /**
     * Find a session.
     * @param clientId the client identifier
     * @return the session, if there is one
     */
    public Optional<Session> find(String clientId) {
        return Optional.ofNullable(this.sessions.get(clientId));
    }

    /**
     * Return every session. Thread-safe, weakly consistent.
     * @return the sessions
     */
    public Collection<Session> sessions() {
        return this.sessions.values();
    }

    /**
     * Return the number of sessions.
     * @return the count
     */
    public int size() {
        return this.sessions.size();
    }

    void removed(Session session) {
        if (this.sessions.remove(session.clientId(), session) && !this.context.journal().isEnabled()) {
            String clientId = session.clientId();
            write(clientId, () -> this.store.remove(clientId));
        }
    }

    void sessionWentOffline(Session session) {
        SessionSnapshot snapshot = snapshot(session, this.context.clock().instant());
        write(snapshot.clientId(), () -> this.store.save(snapshot));
    }

    private void write(String clientId, Runnable write) {
        this.storeExecutor.execute(() -> {
            try {
                write.run();
            }
            catch (RuntimeException ex) {
                logger.warn("Session store failed for {}", clientId, ex);
            }
        });
    }

    /**
     * Take a snapshot of a session; call on its event loop.
     * @param session the session
     * @param disconnectedAt when its client went away
     * @return the snapshot
     */
    public SessionSnapshot snapshot(Session session, Instant disconnectedAt) {
        return snapshot(session, disconnectedAt, Set.of());
    }

    SessionSnapshot snapshot(Session session, Instant disconnectedAt, Set<Integer> awaitingRelease) {
        List<StoredSubscription> subscriptions = new ArrayList<>();
        for (Subscription<Session> subscription : session.subscriptions().values()) {
            SubscriptionOptions options = subscription.options();
            subscriptions.add(new StoredSubscription(subscription.filter().value(), options.qos(), options.noLocal(),
                    options.retainAsPublished(), options.retainHandling(), subscription.identifier()));
        }
        long nowNanos = this.context.clock().nanoTime();
        List<PendingMessage> pending = new ArrayList<>();
        for (Outbox.Pending state : session.pendingState()) {
            Delivery delivery = state.delivery();
            Instant arrivedAt = disconnectedAt.minusNanos(nowNanos - delivery.receivedAtNanos());
            pending.add(new PendingMessage(delivery.message(), delivery.subscriptionIdentifiers(),
                    delivery.publisherClientId(), arrivedAt, state.packetId(), state.released(), 0, 0));
        }
        return new SessionSnapshot(session.clientId(), session.expiryInterval(), disconnectedAt, subscriptions,
                pending, 0, awaitingRelease, null);
    }

    /**
     * Give a session up to another node of the cluster, where its client is connecting; see
     * {@link Session#handOver}. Thread-safe.
     * @param clientId the client identifier
     * @param cleanStart whether the client starts clean there
     * @return completes with the session's state, or {@code null} when there is none to carry over
     */
    public CompletableFuture<@Nullable SessionSnapshot> handOver(String clientId, boolean cleanStart) {
        Session session = this.sessions.get(clientId);
        CompletableFuture<@Nullable SessionSnapshot> handed = new CompletableFuture<>();
        if (session == null) {
            handed.complete(null);
            return handed;
        }
        session.execute(() -> {
            try {
                handed.complete(session.handOver(cleanStart, this.context.clock().instant()));
            }
            catch (RuntimeException ex) {
                handed.completeExceptionally(ex);
            }
        });
        return handed;
    }

    /**
     * Take in a session another node handed over, as an offline session its client is about to resume; with a
     * durable store it is recorded as a new session. Thread-safe.
     * @param snapshot the session as the other node had it
     * @param executor the event loop of the client's connection, the caller's
     */
    void adopt(SessionSnapshot snapshot, EventExecutor executor) {
        SessionJournal journal = this.context.journal();
        long storageId = journal.isEnabled() ? journal.nextId() : 0;
        Instant now = this.context.clock().instant();
        long nowNanos = this.context.clock().nanoTime();
        Session session = sessionFor(snapshot.clientId(), executor);
        if (storageId != 0) {
            journal.sessionConnected(storageId, snapshot.clientId(), snapshot.expiryInterval());
        }
        List<Subscription<Session>> subscriptions = new ArrayList<>();
        for (StoredSubscription stored : snapshot.subscriptions()) {
            subscriptions.add(new Subscription<>(session, TopicFilter.of(stored.topicFilter(), Integer.MAX_VALUE),
                    SubscriptionOptions.of(stored.qos(), stored.noLocal(), stored.retainAsPublished(),
                            stored.retainHandling()), stored.identifier()));
            if (storageId != 0) {
                journal.subscribed(storageId, stored);
            }
        }
        List<Outbox.Pending> pending = new ArrayList<>();
        for (PendingMessage message : snapshot.pendingMessages()) {
            long ageNanos = Duration.between(message.arrivedAt(), now).toNanos();
            Delivery delivery = new Delivery(message.message(), message.subscriptionIdentifiers(),
                    message.publisherClientId(), nowNanos - ageNanos);
            if (storageId != 0) {
                StoredMessage stored = new StoredMessage(journal.nextId(), 0);
                stored.retain();
                journal.messageStored(stored.id(), message.message(), message.publisherClientId(),
                        message.arrivedAt());
                StoredEntry entry = new StoredEntry(journal.nextId(), stored.id(), message.message().qos(),
                        message.message().retain(), message.subscriptionIdentifiers(), message.packetId(),
                        message.released());
                journal.entryWritten(storageId, entry);
                delivery = delivery.journaled(new JournalEntry(storageId, entry, stored));
            }
            pending.add(new Outbox.Pending(delivery, message.packetId(), message.released()));
        }
        for (int packetId : snapshot.awaitingRelease()) {
            if (storageId != 0) {
                journal.awaitingRelease(storageId, packetId, true);
            }
        }
        SessionRestore restored = new SessionRestore(snapshot.expiryInterval(), snapshot.expiryInterval(),
                subscriptions, pending, snapshot.awaitingRelease(), storageId, null);
        session.restore(restored);
        logger.debug("Took over the session of {} from another node: {} subscriptions, {} messages",
                snapshot.clientId(), subscriptions.size(), pending.size());
    }

    /**
     * Recreate the sessions a store kept, as offline sessions; those whose expiry passed are removed from the
     * store. Call once at start, before clients connect.
     * @param maxTopicLevels the topic level limit for re-validating filters
     */
    public void restore(int maxTopicLevels) {
        Instant now = this.context.clock().instant();
        long nowNanos = this.context.clock().nanoTime();
        SessionJournal journal = this.context.journal();
        Collection<SessionSnapshot> snapshots = this.store.loadAll();
        // a message queued by several sessions is one stored message with one reference per entry
        Map<Long, StoredMessage> stored = new HashMap<>();
        for (SessionSnapshot snapshot : snapshots) {
            for (PendingMessage message : snapshot.pendingMessages()) {
                if (message.messageId() != 0) {
                    stored.computeIfAbsent(message.messageId(), (id) -> new StoredMessage(id, 0)).retain();
                }
            }
        }
        for (SessionSnapshot snapshot : snapshots) {
            long elapsed = Duration.between(snapshot.disconnectedAt(), now).toSeconds();
            boolean never = snapshot.expiryInterval() >= Limits.MAX_FOUR_BYTE_INTEGER;
            if (!never && elapsed >= snapshot.expiryInterval()) {
                removeExpired(snapshot, stored);
                continue;
            }
            long remaining = never ? Limits.MAX_FOUR_BYTE_INTEGER : snapshot.expiryInterval() - elapsed;
            EventExecutor executor = this.context.executors().next();
            Session session = sessionFor(snapshot.clientId(), executor);
            List<Subscription<Session>> subscriptions = new ArrayList<>();
            for (StoredSubscription storedSubscription : snapshot.subscriptions()) {
                SubscriptionOptions options = SubscriptionOptions.of(storedSubscription.qos(),
                        storedSubscription.noLocal(), storedSubscription.retainAsPublished(),
                        storedSubscription.retainHandling());
                subscriptions.add(new Subscription<>(session,
                        TopicFilter.of(storedSubscription.topicFilter(), maxTopicLevels), options,
                        storedSubscription.identifier()));
            }
            List<Outbox.Pending> pending = new ArrayList<>();
            for (PendingMessage message : snapshot.pendingMessages()) {
                long ageNanos = Duration.between(message.arrivedAt(), now).toNanos();
                Delivery delivery = new Delivery(message.message(), message.subscriptionIdentifiers(),
                        message.publisherClientId(), nowNanos - ageNanos);
                if (message.messageId() != 0) {
                    StoredEntry entry = new StoredEntry(message.entryId(), message.messageId(),
                            message.message().qos(), message.message().retain(), message.subscriptionIdentifiers(),
                            message.packetId(), message.released());
                    delivery = delivery.journaled(new JournalEntry(snapshot.storageId(), entry,
                            stored.get(message.messageId())));
                }
                pending.add(new Outbox.Pending(delivery, message.packetId(), message.released()));
            }
            RestoredWill will = null;
            StoredWill storedWill = snapshot.will();
            if (storedWill != null) {
                ClientInfo client = new ClientInfo(snapshot.clientId(), storedWill.username(),
                        ProtocolVersion.MQTT_5, null);
                will = new RestoredWill(client, new WillMessage(storedWill.message(), 0),
                        Duration.between(now, storedWill.publishAt()).toNanos());
            }
            SessionRestore restored = new SessionRestore(snapshot.expiryInterval(), remaining, subscriptions, pending,
                    snapshot.awaitingRelease(), journal.isEnabled() ? snapshot.storageId() : 0, will);
            executor.submit(() -> session.restore(restored)).syncUninterruptibly();
        }
        if (!this.sessions.isEmpty()) {
            logger.debug("Restored {} sessions", this.sessions.size());
        }
    }

    private void removeExpired(SessionSnapshot snapshot, Map<Long, StoredMessage> stored) {
        SessionJournal journal = this.context.journal();
        if (!journal.isEnabled()) {
            this.store.remove(snapshot.clientId());
            return;
        }
        for (PendingMessage message : snapshot.pendingMessages()) {
            StoredMessage storedMessage = stored.get(message.messageId());
            if (storedMessage != null) {
                journal.entryRemoved(snapshot.storageId(), message.entryId(), message.messageId(),
                        storedMessage.release());
            }
        }
        StoredWill will = snapshot.will();
        if (will != null) {
            // [MQTT-3.1.3-9] the session ended while its will was delayed: the will is published now
            this.context.willPublisher().publish(new ClientInfo(snapshot.clientId(), will.username(),
                    ProtocolVersion.MQTT_5, null), new WillMessage(will.message(), 0));
        }
        journal.sessionEnded(snapshot.storageId(), snapshot.clientId());
    }

    /**
     * Save every offline persistent session and every connected one that will outlive its connection; call while
     * stopping, after connections closed. The writes are queued on the store thread behind earlier ones; the caller
     * waits for that thread to finish.
     * @param timeout how long to wait for each session's event loop
     */
    public void saveAll(Duration timeout) {
        if (this.context.journal().isEnabled()) {
            // the journal holds every change already
            return;
        }
        Instant now = this.context.clock().instant();
        for (Session session : this.sessions.values()) {
            if (session.isDestroyed()) {
                continue;
            }
            try {
                SessionSnapshot snapshot = session.executor().submit(() -> (session.expiryInterval() > 0)
                        ? snapshot(session, now) : null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (snapshot != null) {
                    // through the store thread, so it lands after any save queued when the session went offline
                    write(snapshot.clientId(), () -> this.store.save(snapshot));
                }
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (Exception ex) {
                logger.warn("Could not save session of {}", session.clientId(), ex);
            }
        }
    }

}
