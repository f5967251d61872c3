package io.mqttspring.broker.cluster;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.persistence.SessionSnapshot;
import io.mqttspring.broker.session.RemoteSessions;
import io.mqttspring.broker.session.SessionRegistry;
import io.mqttspring.broker.will.WillMessage;
import io.mqttspring.broker.will.WillPublisher;
import io.mqttspring.broker.will.WillTracker;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's clients as one node sees them. A client identifier is connected on one node at a time: the node a
 * client connects to takes the client's session over from the node holding it ({@link RemoteSessions}), records
 * itself as the client's owner in a cluster map, and tells a previous owner, which disconnects its client (session
 * taken over). A node stays the owner of a persistent session while its client is away. The wills of connected clients are kept in a cluster map too, so that when a node
 * fails the oldest surviving node publishes them. Hears of connections as a {@link BrokerListener} and of wills as a
 * {@link WillTracker}; the cluster maps are changed through the node's announcer, never on an event loop.
 * Thread-safe.
 */
public final class ClusterClients implements BrokerListener, WillTracker, RemoteSessions {

    private static final Logger logger = LoggerFactory.getLogger(ClusterClients.class);

    private static final String CONTROL_TOPIC = "mqtt-control-";

    private static final String CLIENTS = "mqtt-clients";

    private static final String WILLS = "mqtt-wills";

    private static final String HANDOVER = "mqtt-sessions";

    // how long a connecting client waits for the node that holds its session before starting a new one: well within
    // the connect timeout, and longer than the holder waits for the session's event loop
    private static final long HANDOVER_TIMEOUT_SECONDS = 5;

    private static final long HOLDER_TIMEOUT_SECONDS = 3;

    private final HazelcastInstance hazelcast;

    private final String self;

    private final SessionRegistry sessions;

    private final WillPublisher willPublisher;

    private final Consumer<Runnable> announce;

    // where answers from the cluster are handled
    private final Executor callbacks;

    private final IMap<String, String> clients;

    private final IMap<String, byte[]> wills;

    // the wills this node recorded, as recorded, so that it removes only its own
    private final Map<String, byte[]> ownWills = new ConcurrentHashMap<>();

    private final ITopic<String> control;

    private final IExecutorService handovers;

    private final UUID controlListener;

    ClusterClients(HazelcastInstance hazelcast, String self, SessionRegistry sessions, WillPublisher willPublisher,
            Consumer<Runnable> announce, Executor callbacks) {
        this.callbacks = callbacks;
        this.hazelcast = hazelcast;
        this.self = self;
        this.sessions = sessions;
        this.willPublisher = willPublisher;
        this.announce = announce;
        this.clients = hazelcast.getMap(CLIENTS);
        this.wills = hazelcast.getMap(WILLS);
        this.control = hazelcast.getTopic(CONTROL_TOPIC + self);
        this.handovers = hazelcast.getExecutorService(HANDOVER);
        this.controlListener = this.control.addMessageListener((message) -> takenOver(message.getMessageObject()));
    }

    @Override
    public void clientConnected(ClientInfo client, boolean sessionPresent) {
        String clientId = client.clientId();
        if (clientId.startsWith(SessionRegistry.IN_PROCESS_PREFIX)) {
            return;
        }
        // the map is a network call: never on the event loop that reports the connection
        this.announce.accept(() -> {
            String previous = this.clients.put(clientId, this.self);
            if (previous != null && !previous.equals(this.self) && isMember(previous)) {
                this.hazelcast.<String>getTopic(CONTROL_TOPIC + previous).publish(clientId);
            }
        });
    }

    @Override
    public void clientDisconnected(ClientInfo client, @Nullable ReasonCode reasonCode) {
        String clientId = client.clientId();
        if (clientId.startsWith(SessionRegistry.IN_PROCESS_PREFIX)) {
            return;
        }
        this.announce.accept(() -> {
            // a takeover on this node reports the old connection's end after the new one connected; a persistent
            // session stays here for its client to resume, on this node or another
            boolean keptHere = this.sessions.find(clientId).map((session) -> !session.isDestroyed()).orElse(false);
            if (!keptHere) {
                this.clients.remove(clientId, this.self);
            }
        });
    }

    @Override
    public CompletionStage<@Nullable SessionSnapshot> takeOver(String clientId, boolean cleanStart) {
        CompletableFuture<@Nullable SessionSnapshot> taken = new CompletableFuture<>();
        this.clients.getAsync(clientId).whenCompleteAsync((owner, failure) -> {
            if (failure != null) {
                taken.completeExceptionally(failure);
                return;
            }
            Member holder = (owner != null && !owner.equals(this.self)) ? member(owner) : null;
            if (holder == null) {
                taken.complete(null);
                return;
            }
            try {
                // Hazelcast 5 answers with a CompletableFuture; callbacks run where the caller says, never on
                // Hazelcast's default executor (a thread per call where the common pool has one thread)
                CompletionStage<byte @Nullable []> answer = (CompletionStage<byte @Nullable []>) this.handovers
                        .submitToMember(new HandOverSession(clientId, cleanStart), holder);
                answer.whenCompleteAsync((session, cause) -> {
                    if (cause != null) {
                        taken.completeExceptionally(cause);
                    }
                    else {
                        try {
                            taken.complete((session != null) ? SessionTransfer.decode(session) : null);
                        }
                        catch (RuntimeException ex) {
                            taken.completeExceptionally(ex);
                        }
                    }
                }, this.callbacks);
            }
            catch (RuntimeException ex) {
                taken.completeExceptionally(ex);
            }
        }, this.callbacks);
        return taken.orTimeout(HANDOVER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Give up a client's session and connection to another node the client is connecting to. Called by
     * {@link HandOverSession} on a Hazelcast thread, never an event loop.
     * @param clientId the client identifier
     * @param cleanStart whether the client starts clean there
     * @return the session as {@link SessionTransfer} encodes it, or {@code null} when nothing carries over
     * @throws Exception when the session's event loop does not answer in time
     */
    byte @Nullable [] handOver(String clientId, boolean cleanStart) throws Exception {
        SessionSnapshot session = this.sessions.handOver(clientId, cleanStart).get(HOLDER_TIMEOUT_SECONDS,
                TimeUnit.SECONDS);
        if (session != null) {
            logger.debug("Handed the session of {} over to another node", clientId);
        }
        return (session != null) ? SessionTransfer.encode(session) : null;
    }

    /**
     * Claim the persistent sessions this node brought back from its store, so that their clients find them from
     * another node; a claim by a live member stays.
     * @param clientIds the clients of the restored sessions
     */
    public void restored(Collection<String> clientIds) {
        if (clientIds.isEmpty()) {
            return;
        }
        this.announce.accept(() -> {
            for (String clientId : clientIds) {
                String previous = this.clients.putIfAbsent(clientId, this.self);
                if (previous != null && !previous.equals(this.self) && !isMember(previous)) {
                    this.clients.replace(clientId, previous, this.self);
                }
            }
        });
    }

    private @Nullable Member member(String node) {
        for (Member member : this.hazelcast.getCluster().getMembers()) {
            if (member.getUuid().toString().equals(node)) {
                return member;
            }
        }
        return null;
    }

    private void takenOver(String clientId) {
        this.sessions.find(clientId).ifPresent((session) -> session.execute(() -> {
            // [MQTT-3.1.4-3] the client connected to another node
            session.disconnectClient(ReasonCode.SESSION_TAKEN_OVER, "session taken over on another node");
        }));
    }

    private boolean isMember(String node) {
        return member(node) != null;
    }

    @Override
    public void connected(ClientInfo client, WillMessage will) {
        byte[] value = TrackedWill.encode(this.self, client.username(), will);
        this.ownWills.put(client.clientId(), value);
        this.announce.accept(() -> this.wills.set(client.clientId(), value));
    }

    @Override
    public void settled(ClientInfo client) {
        byte[] value = this.ownWills.remove(client.clientId());
        if (value != null) {
            this.announce.accept(() -> this.wills.remove(client.clientId(), value));
        }
    }

    /**
     * Publish the wills of a node that left without taking care of them, once: only the oldest member does, and it
     * removes each will it publishes. A will with a delay is published at once: its session went with its node.
     */
    private void publishWillsOf(String node) {
        int published = 0;
        for (Map.Entry<String, byte[]> entry : this.wills.entrySet()) {
            TrackedWill tracked = TrackedWill.decode(entry.getValue());
            if (tracked.owner().equals(node) && this.wills.remove(entry.getKey(), entry.getValue())) {
                this.willPublisher.publish(new ClientInfo(entry.getKey(), tracked.username(), ProtocolVersion.MQTT_5,
                        null), new WillMessage(tracked.message(), 0));
                published++;
            }
        }
        if (published > 0) {
            logger.info("Published {} wills of clients of the departed member {}", published, node);
        }
    }

    /**
     * Return the member holding a client's connection or persistent session, asking the cluster: a network call, not
     * for event loops.
     * @param clientId the client identifier
     * @return the member as {@code uuid@address}, or {@code null} when no member holds the client
     */
    public @Nullable String ownerOf(String clientId) {
        String owner = this.clients.get(clientId);
        if (owner == null) {
            return null;
        }
        for (Member member : this.hazelcast.getCluster().getMembers()) {
            if (member.getUuid().toString().equals(owner)) {
                return owner + "@" + member.getAddress();
            }
        }
        return null;
    }

    private void releaseClients(String node) {
        for (Map.Entry<String, String> owner : this.clients.entrySet()) {
            if (owner.getValue().equals(node)) {
                this.clients.remove(owner.getKey(), node);
            }
        }
    }

    /**
     * Take care of what a departed member left: release its clients and publish their wills. Called by the oldest
     * member only, and by a node for itself when it leaves; on the announcer thread.
     * @param node the departed member
     */
    void nodeLeft(String node) {
        releaseClients(node);
        if (!node.equals(this.self)) {
            publishWillsOf(node);
        }
    }

    /**
     * Stop listening for takeovers.
     */
    void close() {
        this.control.removeMessageListener(this.controlListener);
    }

}
