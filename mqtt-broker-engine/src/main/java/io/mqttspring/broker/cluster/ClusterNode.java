package io.mqttspring.broker.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import io.mqttspring.broker.config.ClusterConfig;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.routing.ForwardingFailedException;
import io.mqttspring.broker.routing.MessageRouter;
import io.mqttspring.broker.routing.RemoteRouting;
import io.mqttspring.broker.routing.RoutingReceipt;
import io.mqttspring.broker.routing.ServedGroups;
import io.mqttspring.broker.session.SessionRegistry;
import io.mqttspring.broker.subscription.SharedGroup;
import io.mqttspring.broker.subscription.Subscription;
import io.mqttspring.broker.subscription.SubscriptionOptions;
import io.mqttspring.broker.subscription.SubscriptionTree;
import io.mqttspring.broker.subscription.TopicFilter;
import io.mqttspring.broker.subscription.TopicName;
import io.mqttspring.broker.will.WillPublisher;
import io.netty.util.concurrent.DefaultThreadFactory;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This broker as a node of a cluster on Hazelcast. Every node announces the topic filters its clients subscribe to
 * in one cluster map, and each node holds a local view of which nodes want what and matches a publication against
 * it without asking the cluster; a publication goes to each interested node once, batched on a {@link NodeLink}, and
 * the node delivers it to its own clients only. Each matching shared subscription group is served by one node per
 * publication: this one when it has members, otherwise the nodes with members in turn. Retained publications go to every node, so each keeps the retained
 * messages, also kept in a cluster map for nodes that join later. Who is connected where, and their wills, are kept
 * by {@link ClusterClients}. Thread-safe.
 */
public final class ClusterNode implements RemoteRouting, SubscriptionTree.FilterListener, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ClusterNode.class);

    private static final String VIEW = "mqtt-subscriptions";

    private static final String FORWARDER = "mqtt-forward";

    private static final String RETAINED = "mqtt-retained";

    /** Where {@link RouteBatch} finds the node in its Hazelcast member's user context. */
    static final String USER_CONTEXT_KEY = "io.mqttspring.broker.cluster.ClusterNode";

    // what nobody waits for (QoS 0, the application's, wills) is dropped for a node further behind than this; QoS 1
    // and 2 from clients wait, holding their publishers
    private static final long MAX_QUEUED_BYTES = 64L * 1024 * 1024;

    // past this, a paused link answers anyway: the sender's messages were delivered, its own limits take over
    private static final Duration MAX_LINK_PAUSE = Duration.ofSeconds(30);


    private static final String SHARE_PREFIX = "$share/";

    // U+0000 cannot occur in an MQTT string, so it separates a member from a filter
    private static final char SEPARATOR = '\u0000';

    private final HazelcastInstance hazelcast;

    private final boolean owned;

    private final String self;

    private final IMap<String, String> view;

    private final SubscriptionTree<String> remote = new SubscriptionTree<>();

    private final Map<String, Set<String>> filtersByNode = new ConcurrentHashMap<>();

    private final Map<String, NodeLink> links = new ConcurrentHashMap<>();

    private final Map<String, InboundLink> inbound = new ConcurrentHashMap<>();

    private volatile boolean closed;

    private final IExecutorService forwarder;

    // changes to the view leave the subscription tree's lock at once and reach Hazelcast in order, from here
    private final ExecutorService announcer = Executors.newSingleThreadExecutor(
            new DefaultThreadFactory("mqtt-cluster", true));

    // answers from other nodes are handled here, and the next batches sent
    private final ExecutorService linkThread = Executors.newSingleThreadExecutor(
            new DefaultThreadFactory("mqtt-cluster-link", true));

    private final LongAdder forwarded = new LongAdder();

    private final LongAdder received = new LongAdder();

    private final LongAdder dropped = new LongAdder();

    private final LongAdder acknowledged = new LongAdder();

    private final LongAdder forwardLatencyNanos = new LongAdder();

    private final MessageRouter router;

    private final SessionRegistry sessions;

    private final ClusterClients clients;

    private final IMap<String, byte[]> retained;


    private final UUID viewListener;

    private final UUID membershipListener;

    private ClusterNode(HazelcastInstance hazelcast, boolean owned, MessageRouter router, SessionRegistry sessions,
            WillPublisher willPublisher) {
        this.hazelcast = hazelcast;
        this.owned = owned;
        this.router = router;
        this.sessions = sessions;
        this.retained = hazelcast.getMap(RETAINED);
        this.self = hazelcast.getCluster().getLocalMember().getUuid().toString();
        this.clients = new ClusterClients(hazelcast, this.self, sessions, willPublisher, this::announce,
                this.linkThread);
        this.view = hazelcast.getMap(VIEW);
        // listening first, then reading what is there: a filter announced meanwhile is seen twice, which is harmless
        this.viewListener = this.view.addEntryListener(new ViewListener(), false);
        for (String key : this.view.keySet()) {
            added(key);
        }
        this.membershipListener = hazelcast.getCluster().addMembershipListener(new Membership());
        this.forwarder = hazelcast.getExecutorService(FORWARDER);
        hazelcast.getUserContext().put(USER_CONTEXT_KEY, this);
        loadRetained();
    }

    /**
     * Take the retained messages the cluster holds, published before this node joined; later ones arrive as every
     * node's do.
     */
    private void loadRetained() {
        int count = 0;
        for (byte[] encoded : this.retained.values()) {
            try {
                this.router.retainFromCluster(ForwardedMessage.decode(encoded).message());
                count++;
            }
            catch (RuntimeException ex) {
                logger.warn("Skipped a retained message the cluster holds: {}", ex.getMessage());
            }
        }
        if (count > 0) {
            logger.info("Took {} retained messages from the cluster", count);
        }
    }

    /**
     * Join the cluster with a Hazelcast member built from the configuration; it leaves when the node closes.
     * @param config the cluster settings
     * @param router the local publish path
     * @param sessions the local sessions
     * @param willPublisher publishes the wills of a failed node's clients
     * @return the node
     */
    public static ClusterNode join(ClusterConfig config, MessageRouter router, SessionRegistry sessions,
            WillPublisher willPublisher) {
        return new ClusterNode(Hazelcast.newHazelcastInstance(hazelcastConfig(config)), true, router, sessions,
                willPublisher);
    }

    /**
     * Join the cluster through a Hazelcast instance the application owns; it stays up when the node closes.
     * @param hazelcast the instance
     * @param router the local publish path
     * @param sessions the local sessions
     * @param willPublisher publishes the wills of a failed node's clients
     * @return the node
     */
    public static ClusterNode join(HazelcastInstance hazelcast, MessageRouter router, SessionRegistry sessions,
            WillPublisher willPublisher) {
        return new ClusterNode(hazelcast, false, router, sessions, willPublisher);
    }

    static Config hazelcastConfig(ClusterConfig cluster) {
        Config config = new Config();
        config.setClusterName(cluster.clusterName());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        // the broker stops its own member after its clients are gone; Hazelcast's hook would take it out of the
        // cluster at the same time, with publications still being forwarded
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // members named up front: no need for Hazelcast's default wait for others before the first join
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(cluster.port()).setPortAutoIncrement(false);
        if (cluster.host() != null) {
            network.setPublicAddress(cluster.host());
            network.getInterfaces().setEnabled(true).addInterface(cluster.host());
            config.setProperty("hazelcast.local.localAddress", cluster.host());
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(cluster.members()));
        return config;
    }

    /**
     * Run a change to the cluster's maps on the announcer thread; a failure there (the member stopped, the cluster
     * is unreachable) is logged, and the next change still runs.
     */
    private void announce(Runnable change) {
        try {
            this.announcer.execute(() -> {
                try {
                    change.run();
                }
                catch (RuntimeException ex) {
                    logger.warn("Could not update the cluster: {}", ex.toString());
                }
            });
        }
        catch (RejectedExecutionException ex) {
            logger.debug("Cluster node closed; change not announced");
        }
    }

    // ---- the view ---------------------------------------------------------------------------------------------

    @Override
    public void filterAdded(String filter) {
        if (isNodeLocal(filter)) {
            return;
        }
        String key = this.self + SEPARATOR + filter;
        announce(() -> this.view.put(key, filter));
    }

    @Override
    public void filterRemoved(String filter) {
        if (isNodeLocal(filter)) {
            return;
        }
        String key = this.self + SEPARATOR + filter;
        announce(() -> this.view.remove(key));
    }

    // $SYS describes each node on its own
    private static boolean isNodeLocal(String topic) {
        return topic.startsWith("$SYS");
    }

    private void added(String key) {
        int separator = key.indexOf(SEPARATOR);
        String node = key.substring(0, separator);
        String filter = key.substring(separator + 1);
        // this node is in the view of shared groups, which go round every node with members
        if (node.equals(this.self) && !filter.startsWith(SHARE_PREFIX)) {
            return;
        }
        this.filtersByNode.computeIfAbsent(node, (id) -> ConcurrentHashMap.newKeySet()).add(filter);
        this.remote.subscribe(new Subscription<>(node, TopicFilter.of(filter, Integer.MAX_VALUE),
                SubscriptionOptions.of(QoS.EXACTLY_ONCE), 0));
    }

    private void removed(String key) {
        int separator = key.indexOf(SEPARATOR);
        String node = key.substring(0, separator);
        String filter = key.substring(separator + 1);
        Set<String> filters = this.filtersByNode.get(node);
        if (filters != null) {
            filters.remove(filter);
        }
        this.remote.unsubscribe(node, TopicFilter.of(filter, Integer.MAX_VALUE));
    }

    private void nodeLeft(String node) {
        Set<String> filters = this.filtersByNode.remove(node);
        if (filters != null) {
            for (String filter : filters) {
                this.remote.unsubscribe(node, TopicFilter.of(filter, Integer.MAX_VALUE));
            }
        }
        NodeLink link = this.links.remove(node);
        if (link != null) {
            link.close(new ForwardingFailedException(ReasonCode.UNSPECIFIED_ERROR,
                    "a cluster member left before taking the publication"));
        }
        InboundLink from = this.inbound.remove(node);
        if (from != null) {
            from.close();
        }
        // the oldest member cleans up what the departed one announced, once
        if (isCoordinator()) {
            announce(() -> {
                this.view.keySet().stream().filter((key) -> key.startsWith(node + SEPARATOR)).toList()
                        .forEach(this.view::remove);
                this.clients.nodeLeft(node);
            });
        }
    }

    // ---- forwarding -------------------------------------------------------------------------------------------

    @Override
    public ServedGroups forward(ApplicationMessage message, TopicName topic, @Nullable String publisherClientId,
            @Nullable RoutingReceipt receipt) {
        if (isNodeLocal(topic.value())) {
            return ServedGroups.ALL;
        }
        try {
            return send(message, topic, publisherClientId, receipt);
        }
        catch (HazelcastInstanceNotActiveException ex) {
            // the member is gone: local delivery happens, the publisher is not acknowledged for the cluster
            if (receipt != null && message.qos() != QoS.AT_MOST_ONCE) {
                receipt.forwarded(CompletableFuture.failedFuture(ex));
            }
            return ServedGroups.ALL;
        }
    }

    private ServedGroups send(ApplicationMessage message, TopicName topic, @Nullable String publisherClientId,
            @Nullable RoutingReceipt receipt) {
        Plan plan = plan(topic, message.retain());
        byte[] encoded = (plan.nodes.isEmpty() && !message.retain()) ? null
                : new ForwardedMessage(message, publisherClientId).encode();
        if (message.retain()) {
            // for nodes that join later; an empty payload clears the topic [MQTT-3.3.1-6]
            String key = message.topic();
            byte[] value = encoded;
            announce((message.payload().length == 0) ? () -> this.retained.delete(key)
                    : () -> this.retained.set(key, value));
        }
        if (plan.nodes.isEmpty()) {
            return plan.served();
        }
        // the publisher's acknowledgement waits until every node it went to has it
        boolean acknowledged = receipt != null && message.qos() != QoS.AT_MOST_ONCE;
        CompletableFuture<?> all = null;
        for (Map.Entry<String, List<String>> node : plan.nodes.entrySet()) {
            NodeLink link = link(node.getKey());
            if (link == null) {
                continue;
            }
            CompletableFuture<Void> done = acknowledged ? new CompletableFuture<>() : null;
            if (link.send(encoded, node.getValue(), done)) {
                this.forwarded.increment();
            }
            else {
                this.dropped.increment();
            }
            if (done != null) {
                all = (all == null) ? done : CompletableFuture.allOf(all, done);
            }
        }
        if (all != null) {
            receipt.forwarded(all);
        }
        return plan.served();
    }

    /**
     * Find the nodes a publication goes to and, for each matching shared group, the one node that serves it: this
     * node when it has members, otherwise the nodes with members in turn.
     */
    private Plan plan(TopicName topic, boolean everyNode) {
        Plan plan = new Plan();
        if (everyNode) {
            for (Member member : this.hazelcast.getCluster().getMembers()) {
                if (!member.localMember()) {
                    plan.node(member.getUuid().toString());
                }
            }
        }
        this.remote.match(topic, new SubscriptionTree.MatchConsumer<>() {

            @Override
            public void subscription(Subscription<String> subscription) {
                plan.node(subscription.subscriber());
            }

            @Override
            public void sharedGroup(SharedGroup<String> group) {
                List<Subscription<String>> nodes = group.members();
                if (nodes.isEmpty()) {
                    return;
                }
                for (Subscription<String> node : nodes) {
                    if (node.subscriber().equals(ClusterNode.this.self)) {
                        // members here serve what is published here: no hop between nodes
                        return;
                    }
                }
                String picked = nodes.get(group.nextIndex() % nodes.size()).subscriber();
                if (link(picked) != null) {
                    plan.servedElsewhere(picked, ServedGroups.key(group.shareName(), group.filter()));
                }
            }

        });
        return plan;
    }

    private @Nullable NodeLink link(String node) {
        NodeLink link = this.links.get(node);
        if (link != null) {
            return link;
        }
        Member member = member(node);
        if (member == null) {
            // announced by a member that is leaving
            return null;
        }
        link = this.links.computeIfAbsent(node, (id) -> new NodeLink(this.self, member, this.forwarder,
                this.linkThread, MAX_QUEUED_BYTES, this.acknowledged, this.forwardLatencyNanos));
        if (member(node) == null && this.links.remove(node, link)) {
            // the member left while the link was made: nodeLeft may have missed it
            link.close(new ForwardingFailedException(ReasonCode.UNSPECIFIED_ERROR, "cluster member left"));
            return null;
        }
        return link;
    }

    private @Nullable Member member(String node) {
        for (Member member : this.hazelcast.getCluster().getMembers()) {
            if (member.getUuid().toString().equals(node)) {
                return member;
            }
        }
        return null;
    }

    /**
     * Route a batch of publications another node sent, and return once this node can take more from it: while
     * congested subscribers or the memory budget pause that node's link, as they would pause a local publisher, the
     * answer waits. Called by {@link RouteBatch} on a Hazelcast executor thread, never an event loop.
     * @param sender the node that sent it
     * @param batch the batch
     * @return the number of publications
     */
    int receive(String sender, byte[] batch) {
        if (this.closed) {
            return 0;
        }
        InboundLink link = this.inbound.computeIfAbsent(sender, InboundLink::new);
        // decoded whole first: a batch that cannot be read is refused before any of it is delivered
        List<ForwardedMessage.Incoming> messages = ForwardedMessage.decodeBatch(batch);
        RoutingReceipt receipt = new RoutingReceipt();
        for (ForwardedMessage.Incoming incoming : messages) {
            ApplicationMessage message = incoming.message().message();
            String publisherId = incoming.message().publisherClientId();
            ClientInfo publisher = (publisherId != null)
                    ? new ClientInfo(publisherId, null, ProtocolVersion.MQTT_5, null) : null;
            try {
                this.router.routeFromCluster(message, TopicName.of(message.topic(), Integer.MAX_VALUE), publisher,
                        ServedGroups.only(incoming.groups()), link.throttle(), receipt);
            }
            catch (RuntimeException ex) {
                logger.warn("Could not deliver a message another node forwarded on {}", message.topic(), ex);
            }
        }
        this.received.add(messages.size());
        if (receipt.isWritten() && this.sessions.journal().acknowledgesAfterSync()) {
            // the sender's publishers are acknowledged once persistent sessions here have the messages on disk
            awaitDurable();
        }
        link.awaitResumed(MAX_LINK_PAUSE);
        return messages.size();
    }

    private void awaitDurable() {
        CountDownLatch durable = new CountDownLatch(1);
        this.sessions.journal().afterDurable(Runnable::run, durable::countDown);
        try {
            if (!durable.await(MAX_LINK_PAUSE.toSeconds(), TimeUnit.SECONDS)) {
                logger.warn("Forwarded messages not on disk after {}", MAX_LINK_PAUSE);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Return what the node keeps of the cluster's clients: tell it of connections and wills.
     * @return the clients
     */
    public ClusterClients clients() {
        return this.clients;
    }

    // ---- status -----------------------------------------------------------------------------------------------

    /**
     * Return this node's identifier in the cluster.
     * @return the Hazelcast member UUID
     */
    public String nodeId() {
        return this.self;
    }

    /**
     * Return whether this node is the oldest member, the one that cleans up after members that leave.
     * @return {@code true} for the coordinator
     */
    public boolean isCoordinator() {
        return this.hazelcast.getCluster().getMembers().iterator().next().localMember();
    }

    /**
     * Return the members of the cluster, this one included, by identifier and address.
     * @return the members, oldest first
     */
    public List<String> members() {
        List<String> members = new ArrayList<>();
        for (Member member : this.hazelcast.getCluster().getMembers()) {
            members.add(member.getUuid() + "@" + member.getAddress());
        }
        return members;
    }

    /**
     * Return how many topic filters other nodes announced.
     * @return the count
     */
    public int remoteFilters() {
        return this.remote.size();
    }

    /**
     * Return how many times a publication was sent to another node.
     * @return the count
     */
    public long forwarded() {
        return this.forwarded.sum();
    }

    /**
     * Return how many publications nobody waits for (QoS 0, the application's, wills) were not sent to a node that
     * far behind.
     * @return the count
     */
    public long dropped() {
        return this.dropped.sum();
    }

    /**
     * Return how many publications other nodes answered they took.
     * @return the count
     */
    public long forwardsCompleted() {
        return this.acknowledged.sum();
    }

    /**
     * Return the total time publications took from their link to the other node's answer.
     * @return nanoseconds
     */
    public long forwardLatencyTotalNanos() {
        return this.forwardLatencyNanos.sum();
    }

    /**
     * Return how many publications other nodes sent here.
     * @return the count
     */
    public long received() {
        return this.received.sum();
    }

    /**
     * Leave the cluster: withdraw this node's filters, stop listening, and shut the Hazelcast member down if this
     * node built it.
     */
    @Override
    public void close() {
        this.router.setRemoteRouting(RemoteRouting.NONE);
        String prefix = this.self + SEPARATOR;
        announce(() -> {
            this.view.keySet().stream().filter((key) -> key.startsWith(prefix)).toList().forEach(this.view::remove);
            this.clients.nodeLeft(this.self);
        });
        this.closed = true;
        ForwardingFailedException stopping = new ForwardingFailedException(ReasonCode.SERVER_SHUTTING_DOWN,
                "cluster node stopped");
        this.links.values().forEach((link) -> link.close(stopping));
        this.inbound.values().forEach(InboundLink::close);
        this.linkThread.shutdown();
        this.announcer.shutdown();
        try {
            if (!this.announcer.awaitTermination(10, TimeUnit.SECONDS)) {
                logger.warn("Cluster view updates still pending after 10 s");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        try {
            this.view.removeEntryListener(this.viewListener);
            this.hazelcast.getCluster().removeMembershipListener(this.membershipListener);
            this.hazelcast.getUserContext().remove(USER_CONTEXT_KEY, this);
            this.clients.close();
        }
        catch (RuntimeException ex) {
            logger.debug("Hazelcast already stopped: {}", ex.getMessage());
        }
        if (this.owned) {
            this.hazelcast.shutdown();
        }
    }

    /**
     * Where one publication goes: each node with the shared groups it serves, and the groups served elsewhere.
     */
    private static final class Plan {

        private final Map<String, List<String>> nodes = new LinkedHashMap<>(4);

        private @Nullable Set<String> elsewhere;

        void node(String node) {
            this.nodes.putIfAbsent(node, List.of());
        }

        void servedElsewhere(String node, String group) {
            List<String> groups = this.nodes.get(node);
            if (groups == null || groups.isEmpty()) {
                groups = new ArrayList<>(2);
                List<String> previous = this.nodes.put(node, groups);
                if (previous != null) {
                    groups.addAll(previous);
                }
            }
            groups.add(group);
            if (this.elsewhere == null) {
                this.elsewhere = new HashSet<>(4);
            }
            this.elsewhere.add(group);
        }

        ServedGroups served() {
            return (this.elsewhere != null) ? ServedGroups.except(this.elsewhere) : ServedGroups.ALL;
        }

    }

    private final class ViewListener extends EntryAdapter<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            added(event.getKey());
        }

        @Override
        public void entryRemoved(EntryEvent<String, String> event) {
            removed(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, String> event) {
            removed(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, String> event) {
            removed(event.getKey());
        }

    }

    private final class Membership implements MembershipListener {

        @Override
        public void memberAdded(MembershipEvent event) {
            logger.info("Cluster member joined: {}", event.getMember().getAddress());
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
            logger.info("Cluster member left: {}", event.getMember().getAddress());
            nodeLeft(event.getMember().getUuid().toString());
        }

    }

}
