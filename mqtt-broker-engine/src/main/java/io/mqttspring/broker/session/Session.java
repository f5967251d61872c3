package io.mqttspring.broker.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.config.StallPolicy;
import io.mqttspring.broker.flow.PublisherThrottle;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.metrics.DropReason;
import io.mqttspring.broker.persistence.SessionJournal;
import io.mqttspring.broker.persistence.SessionSnapshot;
import io.mqttspring.broker.persistence.SessionSnapshot.StoredSubscription;
import io.mqttspring.broker.subscription.Subscription;
import io.mqttspring.broker.subscription.SubscriptionOptions;
import io.mqttspring.broker.subscription.TopicFilter;
import io.mqttspring.broker.will.WillMessage;
import io.netty.util.concurrent.EventExecutor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state the broker keeps for one client identifier: subscriptions, messages in flight and queued, QoS 2
 * publications awaiting release, and a delayed will. Event-loop confined: every method except those marked
 * thread-safe runs on {@link #executor()}, which is the event loop of the attached connection (and stays the last
 * one while no connection is attached). Use {@link #execute(Runnable)} to get there from another thread.
 */
public final class Session {

    private static final Logger logger = LoggerFactory.getLogger(Session.class);

    private final String clientId;

    private final SessionRegistry registry;

    private final SessionContext context;

    private volatile EventExecutor executor;

    private volatile boolean connected;

    private volatile boolean destroyed;

    private volatile @Nullable ClientInfo lastClient;

    private final SessionSubscriptions subscriptions;

    private final Outbox outbox;

    private final SessionFlow flow;

    private final AwaitingRelease awaitingRelease = new AwaitingRelease();

    // made for the first will: most clients have none
    private @Nullable DelayedWill delayedWill;

    private @Nullable SessionConnection connection;

    private long expiryInterval;

    private @Nullable Future<?> expiryTask;

    // identifies this session's records in the journal; 0 while it has none (it ends with its connection)
    private volatile long storageId;

    Session(String clientId, SessionRegistry registry, SessionContext context, EventExecutor executor) {
        this.clientId = clientId;
        this.registry = registry;
        this.context = context;
        this.executor = executor;
        this.flow = new SessionFlow(this, context);
        this.outbox = new Outbox(clientId, context, this.flow);
        this.subscriptions = new SessionSubscriptions(this, context.subscriptions());
    }

    /**
     * Return the client identifier. Thread-safe.
     * @return the client identifier
     */
    public String clientId() {
        return this.clientId;
    }

    /**
     * Return the event loop this session's state is confined to. Thread-safe.
     * @return the executor
     */
    public EventExecutor executor() {
        return this.executor;
    }

    /**
     * Return whether a connection is attached. Thread-safe.
     * @return {@code true} while the client is connected
     */
    public boolean isConnected() {
        return this.connected;
    }

    /**
     * Return the client that is or was last connected to this session. Thread-safe.
     * @return the client, or {@code null} for a session restored from a store and not resumed yet
     */
    public @Nullable ClientInfo lastClient() {
        return this.lastClient;
    }

    /**
     * Return whether the session has ended. Thread-safe.
     * @return {@code true} once destroyed
     */
    public boolean isDestroyed() {
        return this.destroyed;
    }

    /**
     * Return the session's subscriptions by filter. Thread-safe, weakly consistent.
     * @return an unmodifiable view
     */
    public Map<String, Subscription<Session>> subscriptions() {
        return this.subscriptions.view();
    }

    /**
     * Run a task on this session's event loop: at once when called there, otherwise queued. Follows the session
     * when a takeover moves it to another loop. Thread-safe.
     * @param task the task
     */
    public void execute(Runnable task) {
        EventExecutor home = this.executor;
        if (home.inEventLoop()) {
            task.run();
        }
        else {
            home.execute(() -> execute(task));
        }
    }

    // ---- connection lifecycle -------------------------------------------------------------------------------

    void takeOver(SessionConnection newConnection, boolean cleanStart, long newExpiryInterval, boolean created,
            SessionRegistry.AttachCallback callback) {
        assertInEventLoop();
        if (this.destroyed) {
            this.registry.attach(newConnection, cleanStart, newExpiryInterval, callback);
            return;
        }
        cancelExpiry();
        SessionConnection old = this.connection;
        // a session without expiry lives as long as its connection: taking that connection over ends it too
        // (3.1.1 [MQTT-3.1.2-6], 5.0 section 3.1.2.11.2), so the new connection starts a new one
        boolean endsWithOldConnection = old != null && this.expiryInterval == 0;
        if (old != null) {
            ClientInfo oldClient = old.clientInfo();
            this.connection = null;
            this.connected = false;
            logger.debug("Session of {} taken over by {}", oldClient.describe(),
                    newConnection.clientInfo().describe());
            // the new connection starts with a clean slate: its publishers resume, the stall clock restarts
            this.flow.recovered();
            handleWill(oldClient, old.takenOver());
        }
        if ((cleanStart || endsWithOldConnection) && !created) {
            // [MQTT-3.1.2-4] the old session ends (its pending will with it) and a new object replaces it, so
            // deliveries still queued for the old one cannot reach the new connection
            destroy();
            this.registry.attach(newConnection, cleanStart, newExpiryInterval, callback);
            return;
        }
        boolean sessionPresent = !created;
        // [MQTT-3.1.3-9] a connection within the will delay cancels the will
        cancelDelayedWill();
        this.expiryInterval = newExpiryInterval;
        EventExecutor target = newConnection.executor();
        this.executor = target;
        if (created && target.inEventLoop()) {
            // a new session on its connection's own loop: nothing can be queued for it yet, so it attaches now,
            // and a CONNECT answered at once needs no task of its own nor a pause in reading
            attach(newConnection, newExpiryInterval, sessionPresent, callback);
            return;
        }
        target.execute(() -> {
            if (this.destroyed || this.executor != target || this.connection != null) {
                // ended, or taken over again meanwhile, or another connection attached first (two resumed in
                // one pass of this loop): start over, which takes that one over ([MQTT-3.1.4-3])
                this.registry.attach(newConnection, cleanStart, newExpiryInterval, callback);
                return;
            }
            attach(newConnection, newExpiryInterval, sessionPresent, callback);
        });
    }

    private void attach(SessionConnection newConnection, long newExpiryInterval, boolean sessionPresent,
            SessionRegistry.AttachCallback callback) {
        this.connection = newConnection;
        this.connected = true;
        this.lastClient = newConnection.clientInfo();
        journalConnected(newExpiryInterval);
        callback.attached(this, sessionPresent);
    }

    private void journalConnected(long expiry) {
        SessionJournal journal = this.context.journal();
        if (!journal.isEnabled() || (expiry == 0 && this.storageId == 0)) {
            // a session that ends with its connection never touches the disk
            return;
        }
        if (this.storageId == 0) {
            this.storageId = journal.nextId();
        }
        journal.sessionConnected(this.storageId, this.clientId, expiry);
    }

    /**
     * Return the identifier of this session's records in the journal of a durable store. Thread-safe.
     * @return the identifier, 0 when the session is not recorded (no durable store, or it ends with its
     * connection)
     */
    public long storageId() {
        return this.storageId;
    }

    /**
     * Send again what the client has not acknowledged, oldest first, then what is queued. Called after CONNACK
     * [MQTT-4.4.0-1].
     */
    public void resume() {
        assertInEventLoop();
        SessionConnection current = this.connection;
        if (current != null) {
            this.outbox.resend(current);
        }
    }

    /**
     * Detach a connection that ended. Publishes or schedules its will and ends the session now or after its
     * expiry interval.
     * @param ended the connection
     * @param will the will to publish, or {@code null} when the client disconnected normally or had none
     */
    public void detach(SessionConnection ended, @Nullable WillMessage will) {
        assertInEventLoop();
        if (this.connection != ended) {
            return;
        }
        this.connection = null;
        this.connected = false;
        handleWill(ended.clientInfo(), will);
        // an offline session holds no publisher back: its queue limit applies
        this.flow.recovered();
        handOffSharedDeliveries();
        if (this.expiryInterval == 0) {
            destroy();
        }
        else {
            scheduleExpiry(this.expiryInterval);
            if (this.storageId != 0) {
                this.context.journal().sessionDisconnected(this.storageId, this.clientId, this.expiryInterval,
                        this.context.clock().instant());
            }
            else {
                this.registry.sessionWentOffline(this);
            }
        }
    }

    /**
     * Disconnect the attached client, if any.
     * @param reasonCode the reason, sent to MQTT 5 clients
     * @param reason a description
     */
    public void disconnectClient(ReasonCode reasonCode, String reason) {
        assertInEventLoop();
        SessionConnection current = this.connection;
        if (current != null) {
            current.disconnect(reasonCode, reason);
        }
    }

    /**
     * Give messages received through shared subscriptions to other members of their groups when this member goes
     * away: queued ones, and QoS 1 ones sent but not acknowledged (MQTT 5.0 section 4.8.2). QoS 2 messages already
     * sent stay, to be completed with this client [MQTT-4.8.2-4]. A message no other member can take stays in this
     * session's queue, so it is lost if the session ends now.
     */
    private void handOffSharedDeliveries() {
        for (Delivery delivery : this.outbox.takeSharedDeliveries()) {
            if (!this.context.sharedRedelivery().redeliver(delivery, this)) {
                this.outbox.requeue(delivery);
            }
            else {
                // the other member recorded its own entry for the message first, so the message stays
                this.outbox.forgetJournaled(delivery);
            }
        }
    }

    /**
     * Change the expiry interval, as MQTT 5 clients may do in DISCONNECT.
     * @param interval the new interval in seconds
     */
    public void setExpiryInterval(long interval) {
        assertInEventLoop();
        this.expiryInterval = interval;
    }

    /**
     * Return the session expiry interval.
     * @return seconds, {@link Limits#MAX_FOUR_BYTE_INTEGER} for never
     */
    public long expiryInterval() {
        return this.expiryInterval;
    }

    void scheduleExpiry(long seconds) {
        cancelExpiry();
        if (seconds >= Limits.MAX_FOUR_BYTE_INTEGER) {
            return;
        }
        this.expiryTask = this.context.clock().schedule(this.executor, () -> execute(() -> {
            if (!this.connected && !this.destroyed) {
                logger.debug("Session of {} expired", this.clientId);
                destroy();
            }
        }), Duration.ofSeconds(seconds));
    }

    private void cancelExpiry() {
        if (this.expiryTask != null) {
            this.expiryTask.cancel(false);
            this.expiryTask = null;
        }
    }

    /**
     * End the session: remove its subscriptions, drop its messages, publish a pending will.
     */
    public void destroy() {
        end(true);
    }

    private void handleWill(ClientInfo client, @Nullable WillMessage will) {
        if (will != null) {
            delayedWill().handle(client, will);
        }
    }

    private void cancelDelayedWill() {
        if (this.delayedWill != null) {
            this.delayedWill.cancel();
        }
    }

    private DelayedWill delayedWill() {
        DelayedWill holder = this.delayedWill;
        if (holder == null) {
            holder = new DelayedWill(this, this.context);
            this.delayedWill = holder;
        }
        return holder;
    }

    /**
     * Give the session up to another node of the cluster, where its client is connecting: a connected client is
     * taken over, as a connection here would take it over, and the session ends here, its state returned to carry
     * on with there. A client that starts clean, or a session that ends with its connection, carries nothing over
     * and the session ends as such a connection here would end it.
     * @param cleanStart whether the client connecting elsewhere starts clean
     * @param now the time
     * @return the session's state, or {@code null} when nothing carries over
     */
    @Nullable SessionSnapshot handOver(boolean cleanStart, Instant now) {
        assertInEventLoop();
        if (this.destroyed) {
            return null;
        }
        SessionConnection old = this.connection;
        if (old != null) {
            this.connection = null;
            this.connected = false;
            handleWill(old.clientInfo(), old.takenOver());
            // [MQTT-3.1.4-3] the client connected to another node
            old.disconnect(ReasonCode.SESSION_TAKEN_OVER, "session taken over on another node");
        }
        if (cleanStart || this.expiryInterval == 0) {
            destroy();
            return null;
        }
        // [MQTT-3.1.3-9] the client is back within its will delay, on the other node
        cancelDelayedWill();
        SessionSnapshot snapshot = this.registry.snapshot(this, now, this.awaitingRelease.snapshot());
        end(false);
        return snapshot;
    }

    private void end(boolean publishWill) {
        assertInEventLoop();
        if (this.destroyed) {
            return;
        }
        this.destroyed = true;
        cancelExpiry();
        if (publishWill && this.delayedWill != null) {
            this.delayedWill.publish();
        }
        clear();
        this.flow.recovered();
        if (this.storageId != 0) {
            this.context.journal().sessionEnded(this.storageId, this.clientId);
            this.storageId = 0;
        }
        this.registry.removed(this);
    }

    private void clear() {
        this.subscriptions.clear();
        this.outbox.clear();
        this.awaitingRelease.clear();
    }

    // ---- subscriptions --------------------------------------------------------------------------------------

    /**
     * Add or replace a subscription.
     * @param subscription the subscription
     * @return the subscription it replaced, or {@code null} when the filter is new for this session
     */
    public @Nullable Subscription<Session> subscribe(Subscription<Session> subscription) {
        assertInEventLoop();
        if (this.storageId != 0) {
            SubscriptionOptions options = subscription.options();
            this.context.journal().subscribed(this.storageId, new StoredSubscription(subscription.filter().value(),
                    options.qos(), options.noLocal(), options.retainAsPublished(), options.retainHandling(),
                    subscription.identifier()));
        }
        return this.subscriptions.add(subscription);
    }

    /**
     * Remove a subscription.
     * @param filter the filter
     * @return whether the session had it
     */
    public boolean unsubscribe(TopicFilter filter) {
        assertInEventLoop();
        boolean removed = this.subscriptions.remove(filter);
        if (removed && this.storageId != 0) {
            this.context.journal().unsubscribed(this.storageId, filter.value());
        }
        return removed;
    }

    // ---- outbound messages ----------------------------------------------------------------------------------

    /**
     * Take a message routed to this session, from any thread: the publisher of a QoS 1 or 2 message is paused when
     * the session is full (its backlog passed the queue limit) while the client is connected and keeping up; then the
     * message is delivered, and counted in the backlog, on the session's loop. A message from a source that cannot be
     * paused gives way at a full queue. Thread-safe.
     * @param delivery the message
     * @param publisher the publisher to pause, or {@code null} when the source cannot be paused
     */
    public void accept(Delivery delivery, @Nullable PublisherThrottle publisher) {
        if (delivery.message().qos() != QoS.AT_MOST_ONCE) {
            this.flow.admit(publisher, this.connected);
        }
        boolean paced = publisher != null;
        execute(() -> deliver(delivery, paced));
    }

    /**
     * Take a retained message for a new subscription: it arrives whole, paced by the client's window, whatever the
     * queue limit, since the store holds the messages anyway. Runs on the session's loop.
     * @param delivery the message
     */
    public void acceptRetained(Delivery delivery) {
        assertInEventLoop();
        deliver(delivery, true);
    }

    /**
     * Count a message routed to this session that it does not get, from any thread. Thread-safe.
     * @param delivery the message
     * @param reason why
     */
    public void refuse(Delivery delivery, DropReason reason) {
        execute(() -> this.outbox.dropped(delivery, reason));
    }

    /**
     * Deliver a message: send it now, or queue it when the client is away, its window is full or its socket is
     * busy. QoS 0 messages are never queued.
     */
    private void deliver(Delivery delivery, boolean paced) {
        assertInEventLoop();
        if (this.destroyed) {
            // routed while the session ended; counted like any message that finds no one to take it
            this.outbox.dropped(delivery, DropReason.OFFLINE);
        }
        else {
            if (delivery.message().qos() != QoS.AT_MOST_ONCE) {
                this.flow.arrived(1);
            }
            this.outbox.deliver(this.connection, delivery, paced);
            this.flow.update(this.connected);
        }
    }

    /**
     * Send queued messages while the client is connected, writable and has room in its window.
     */
    public void drain() {
        assertInEventLoop();
        this.outbox.drain(this.connection);
        this.flow.update(this.connected);
    }

    /**
     * Handle PUBACK for a QoS 1 message.
     * @param packetId the packet identifier
     * @return whether a QoS 1 message was waiting for it
     */
    public boolean acknowledge(int packetId) {
        assertInEventLoop();
        boolean found = this.outbox.acknowledge(packetId, this.connection);
        this.flow.update(this.connected);
        return found;
    }

    /**
     * Handle PUBREC for a QoS 2 message; the caller answers with PUBREL either way.
     * @param packetId the packet identifier
     * @param accepted whether the client's reason code reports success; a failure ends the exchange
     * @return whether a QoS 2 message was waiting for it
     */
    public boolean received(int packetId, boolean accepted) {
        assertInEventLoop();
        boolean found = this.outbox.received(packetId, accepted, this.connection);
        this.flow.update(this.connected);
        return found;
    }

    /**
     * Handle PUBCOMP for a QoS 2 message.
     * @param packetId the packet identifier
     * @return whether a released QoS 2 message was waiting for it
     */
    public boolean complete(int packetId) {
        assertInEventLoop();
        boolean found = this.outbox.complete(packetId, this.connection);
        this.flow.update(this.connected);
        return found;
    }

    // ---- inbound QoS 2 --------------------------------------------------------------------------------------

    /**
     * Record an inbound QoS 2 PUBLISH.
     * @param packetId its packet identifier
     * @return {@code false} if the identifier is already awaiting PUBREL: a resend that must not be routed again
     */
    public boolean receiveQos2(int packetId) {
        assertInEventLoop();
        boolean added = this.awaitingRelease.add(packetId);
        if (added && this.storageId != 0) {
            this.context.journal().awaitingRelease(this.storageId, packetId, true);
        }
        return added;
    }

    /**
     * Return how many inbound QoS 2 publications await PUBREL.
     * @return the count
     */
    public int awaitingReleaseCount() {
        return this.awaitingRelease.size();
    }

    /**
     * Return whether an inbound QoS 2 publication with this identifier awaits PUBREL.
     * @param packetId the packet identifier
     * @return {@code true} if it does
     */
    public boolean isAwaitingRelease(int packetId) {
        assertInEventLoop();
        return this.awaitingRelease.contains(packetId);
    }

    /**
     * Handle PUBREL for an inbound QoS 2 publication.
     * @param packetId the packet identifier
     * @return whether it was awaiting release
     */
    public boolean release(int packetId) {
        assertInEventLoop();
        boolean released = this.awaitingRelease.release(packetId);
        if (released && this.storageId != 0) {
            this.context.journal().awaitingRelease(this.storageId, packetId, false);
        }
        return released;
    }

    // ---- flow control ---------------------------------------------------------------------------------------

    /**
     * The session's queue stayed full for the stall timeout: apply the stall policy. Its publishers were released.
     */
    void stalled(long congestedNanos) {
        StallPolicy policy = this.context.flowControl().stallPolicy();
        this.context.counters().subscriberStalled(policy);
        SessionConnection current = this.connection;
        logger.info("Subscriber {} stalled: queue full for {} ms, {} messages behind; {}", this.clientId,
                congestedNanos / 1_000_000, this.flow.backlog(),
                (policy == StallPolicy.DISCONNECT) ? "disconnecting it" : "its queue overflows until it catches up");
        if (policy == StallPolicy.DISCONNECT && current != null) {
            current.disconnect(ReasonCode.QUOTA_EXCEEDED, "not reading its messages");
        }
    }

    /**
     * Return whether the subscriber is stalled: its queue stayed full for the stall timeout. Thread-safe.
     * @return {@code true} until it catches up
     */
    public boolean isStalled() {
        return this.flow.isStalled();
    }

    // ---- inspection -----------------------------------------------------------------------------------------

    /**
     * Return the number of messages sent and not yet acknowledged.
     * @return the count
     */
    public int inflightCount() {
        assertInEventLoop();
        return this.outbox.inflightCount();
    }

    /**
     * Return the number of queued messages.
     * @return the count
     */
    public int queuedCount() {
        assertInEventLoop();
        return this.outbox.queuedCount();
    }

    /**
     * Return the deliveries not yet acknowledged, in flight first, then queued, oldest first.
     * @return a copy
     */
    public List<Delivery> pendingDeliveries() {
        assertInEventLoop();
        return this.outbox.pendingDeliveries();
    }

    void restore(SessionRestore restored) {
        assertInEventLoop();
        this.expiryInterval = restored.expiryInterval();
        for (Subscription<Session> subscription : restored.subscriptions()) {
            // already in the store: added before the storage identifier is set, so not recorded again
            this.subscriptions.add(subscription);
        }
        for (Outbox.Pending pending : restored.pending()) {
            if (pending.packetId() != 0) {
                this.outbox.restoreInflight(pending.packetId(), pending.delivery(), pending.released());
            }
            else {
                this.outbox.requeue(pending.delivery());
            }
        }
        for (int packetId : restored.awaitingRelease()) {
            this.awaitingRelease.add(packetId);
        }
        this.storageId = restored.storageId();
        if (restored.will() != null) {
            delayedWill().restore(restored.will());
        }
        scheduleExpiry(restored.remainingSeconds());
    }

    /**
     * Return the deliveries not yet acknowledged with the packet identifiers they were sent with, in flight first,
     * then queued, oldest first.
     * @return a copy
     */
    List<Outbox.Pending> pendingState() {
        assertInEventLoop();
        return this.outbox.pendingState();
    }

    private void assertInEventLoop() {
        assert this.executor.inEventLoop() : "Session of " + this.clientId + " touched outside its event loop";
    }

    @Override
    public String toString() {
        return "Session[" + this.clientId + "]";
    }

}
