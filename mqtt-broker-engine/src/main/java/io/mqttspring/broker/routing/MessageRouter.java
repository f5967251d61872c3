package io.mqttspring.broker.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.mqttspring.broker.config.SharedSubscriptionStrategy;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.flow.MemoryBudget;
import io.mqttspring.broker.flow.PublisherThrottle;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.metrics.DropReason;
import io.mqttspring.broker.retained.RetainedMessages;
import io.mqttspring.broker.persistence.SessionJournal;
import io.mqttspring.broker.persistence.SessionJournal.StoredEntry;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.session.Delivery;
import io.mqttspring.broker.session.JournalEntry;
import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.session.StoredMessage;
import io.mqttspring.broker.subscription.SharedGroup;
import io.mqttspring.broker.subscription.Subscription;
import io.mqttspring.broker.subscription.SubscriptionOptions;
import io.mqttspring.broker.subscription.SubscriptionTree;
import io.mqttspring.broker.subscription.TopicName;

import org.jspecify.annotations.Nullable;

/**
 * The publish path: retain, match, deliver. Routing runs on the publisher's thread; each delivery runs on the
 * subscriber session's event loop. Thread-safe.
 */
public final class MessageRouter {

    private final SubscriptionTree<Session> subscriptions;

    private final RetainedMessages retained;

    private final BrokerListener listener;

    private final SharedSubscriptionPicker sharedPicker;

    private final BrokerClock clock;

    private final MemoryBudget budget;

    private final @Nullable Authorizer receiveCheck;

    private final SessionJournal journal;

    private volatile RemoteRouting remote = RemoteRouting.NONE;

    public MessageRouter(SubscriptionTree<Session> subscriptions, RetainedMessages retained,
            BrokerListener listener, SharedSubscriptionStrategy sharedStrategy, BrokerClock clock,
            MemoryBudget budget) {
        this(subscriptions, retained, listener, sharedStrategy, clock, budget, Authorizer.ALLOW_ALL,
                SessionJournal.NONE);
    }

    /**
     * Create a router that asks the authorizer before each delivery.
     * @param subscriptions the subscriptions
     * @param retained the retained messages
     * @param listener the broker listener
     * @param sharedStrategy how shared subscriptions pick a member
     * @param clock the clock
     * @param budget the memory budget
     * @param authorizer asked whether each subscriber may receive each message
     * @param journal where deliveries to persistent sessions are recorded
     */
    public MessageRouter(SubscriptionTree<Session> subscriptions, RetainedMessages retained,
            BrokerListener listener, SharedSubscriptionStrategy sharedStrategy, BrokerClock clock,
            MemoryBudget budget, Authorizer authorizer, SessionJournal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
        this.receiveCheck = (authorizer != Authorizer.ALLOW_ALL) ? authorizer : null;
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
        this.retained = Objects.requireNonNull(retained, "retained");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sharedPicker = new SharedSubscriptionPicker(sharedStrategy);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /**
     * Send publications on to other brokers too, as a cluster node does.
     * @param remote where publications go beyond this broker
     */
    public void setRemoteRouting(RemoteRouting remote) {
        this.remote = Objects.requireNonNull(remote, "remote");
    }

    /**
     * Route a publication another node of the cluster received, to this broker's subscribers only.
     * @param message the message as published
     * @param topic the validated topic name
     * @param publisher the client that published it on the other node, or {@code null}
     * @param served the shared groups the other node chose this node for
     * @param link the throttle of the link from that node: paused, as a publisher is, by congested subscribers or
     * the memory budget
     * @param receipt told when the publication was written to a durable store
     * @return the number of subscribers it was delivered to
     */
    public int routeFromCluster(ApplicationMessage message, TopicName topic, @Nullable ClientInfo publisher,
            ServedGroups served, PublisherThrottle link, RoutingReceipt receipt) {
        return routeLocally(message, topic, publisher, link, receipt, served);
    }

    /**
     * Keep a retained message another node of the cluster holds, without delivering it: what a node joining late
     * learns from the others.
     * @param message the message, retain flag set
     */
    public void retainFromCluster(ApplicationMessage message) {
        this.retained.onPublish(message);
    }

    /**
     * Route a publication from a source that cannot be paused: the broker or the application.
     * @param message the message as published
     * @param topic the validated topic name
     * @param publisher the client on whose behalf (its will), or {@code null}
     * @return the number of subscribers it was delivered to
     */
    public int route(ApplicationMessage message, TopicName topic, @Nullable ClientInfo publisher) {
        return route(message, topic, publisher, null, null);
    }

    /**
     * Route an accepted publication to every matching subscriber and, with the retain flag, to the retained
     * store. QoS 1 and 2 deliveries are charged to the memory budget; the publisher is paused when a subscriber's
     * backlog or the budget says so, and the message is delivered all the same: it was accepted.
     * @param message the message as published
     * @param topic the validated topic name
     * @param publisher the publisher, or {@code null} for the broker or the application
     * @param throttle the publisher's throttle, or {@code null} when it cannot be paused
     * @param receipt told what the acknowledgement must wait for: a durable store, other nodes; or {@code null}
     * @return the number of subscribers it was delivered to
     */
    public int route(ApplicationMessage message, TopicName topic, @Nullable ClientInfo publisher,
            @Nullable PublisherThrottle throttle, @Nullable RoutingReceipt receipt) {
        ServedGroups served = this.remote.forward(message, topic, (publisher != null) ? publisher.clientId() : null,
                receipt);
        return routeLocally(message, topic, publisher, throttle, receipt, served);
    }

    private int routeLocally(ApplicationMessage message, TopicName topic, @Nullable ClientInfo publisher,
            @Nullable PublisherThrottle throttle, @Nullable RoutingReceipt receipt, ServedGroups served) {
        long receivedAtNanos = this.clock.nanoTime();
        BrokerListener.RoutingEnd routingEnd = this.listener.routingStarted(publisher, message);
        int subscribers = -1;
        try {
            if (message.retain()) {
                this.retained.onPublish(message);
                if (receipt != null && this.journal.isEnabled()) {
                    receipt.written();
                }
            }
            this.listener.messagePublished(publisher, message);
            String publisherId = (publisher != null) ? publisher.clientId() : null;
            Matches matches = new Matches(publisherId, topic, served);
            this.subscriptions.match(topic, matches);
            Variants variants = new Variants(message, publisherId);
            long cost = MemoryBudget.cost(message.payload().length, message.topic().length());
            boolean charged = false;
            for (Target target : matches.targets.values()) {
                if (mayReceive(target.session, message)) {
                    charged |= offer(target, variants, publisherId, receivedAtNanos, null, cost, throttle);
                }
            }
            for (int i = 0; i < matches.shared.size(); i++) {
                Subscription<Session> picked = matches.shared.get(i);
                if (!mayReceive(picked.subscriber(), message)) {
                    continue;
                }
                Target target = new Target(picked.subscriber());
                target.add(picked);
                charged |= offer(target, variants, publisherId, receivedAtNanos, matches.groups.get(i), cost,
                        throttle);
            }
            if (charged && throttle != null) {
                this.budget.throttle(throttle);
            }
            if (variants.stored != null) {
                // the entries hold the message now; the router lets go of it
                variants.stored.release(this.journal);
                if (receipt != null) {
                    receipt.written();
                }
            }
            subscribers = matches.targets.size() + matches.shared.size();
            return subscribers;
        }
        finally {
            // told on every path, a failed routing with -1, so an observation started for it always ends
            if (routingEnd != null) {
                routingEnd.routed(subscribers);
            }
        }
    }

    private boolean mayReceive(Session session, ApplicationMessage message) {
        Authorizer check = this.receiveCheck;
        if (check == null) {
            return true;
        }
        ClientInfo subscriber = session.lastClient();
        return subscriber == null || check.mayReceive(subscriber, message.topic());
    }

    /**
     * Hand one subscriber its delivery: a QoS 1 or 2 one charged to the budget, or dropped when the budget is used
     * up and neither the publisher nor the subscriber can be held back.
     * @return whether the delivery was charged
     */
    private boolean offer(Target target, Variants variants, @Nullable String publisherId, long receivedAtNanos,
            @Nullable SharedGroup<Session> group, long cost, @Nullable PublisherThrottle throttle) {
        Session session = target.session;
        if (target.deliveredQos(variants) == QoS.AT_MOST_ONCE) {
            session.accept(target.delivery(variants, publisherId, receivedAtNanos, group, 0, null), null);
            return false;
        }
        boolean pausable = throttle != null && session.isConnected() && !session.isStalled();
        if (!pausable && this.budget.isExhausted()) {
            session.refuse(target.delivery(variants, publisherId, receivedAtNanos, group, 0, null),
                    DropReason.MEMORY_BUDGET);
            return false;
        }
        PublisherThrottle account = this.budget.charge(cost, throttle);
        Delivery delivery = target.delivery(variants, publisherId, receivedAtNanos, group, cost, account);
        session.accept(journal(session, delivery, variants), pausable ? throttle : null);
        return true;
    }

    /**
     * Record a QoS 1 or 2 delivery to a persistent session in the journal, the message once per publication.
     */
    private Delivery journal(Session session, Delivery delivery, Variants variants) {
        long storageId = session.storageId();
        if (storageId == 0) {
            return delivery;
        }
        StoredMessage stored = variants.stored;
        if (stored == null) {
            // one reference for the router until every target has its entry
            stored = new StoredMessage(this.journal.nextId(), 1);
            variants.stored = stored;
            this.journal.messageStored(stored.id(), variants.published, variants.publisherId,
                    this.clock.instant());
        }
        return journalEntry(storageId, delivery, stored);
    }

    private Delivery journalEntry(long storageId, Delivery delivery, StoredMessage stored) {
        ApplicationMessage message = delivery.message();
        StoredEntry entry = new StoredEntry(this.journal.nextId(), stored.id(), message.qos(), message.retain(),
                delivery.subscriptionIdentifiers(), 0, false);
        stored.retain();
        this.journal.entryWritten(storageId, entry);
        return delivery.journaled(new JournalEntry(storageId, entry, stored));
    }

    /**
     * Give a message received through a shared subscription to another connected member of its group, for a
     * member that went away before acknowledging it. Thread-safe.
     * @param delivery the delivery as it was made to the departing member
     * @param from the departing member's session
     * @return whether another member took it
     */
    public boolean redeliverShared(Delivery delivery, Session from) {
        SharedGroup<Session> group = delivery.sharedGroup();
        if (group == null) {
            return false;
        }
        ApplicationMessage message = delivery.message();
        Subscription<Session> picked = this.sharedPicker.pickOther(group, message.topic(), from);
        if (picked == null || !mayReceive(picked.subscriber(), message)) {
            return false;
        }
        Target target = new Target(picked.subscriber());
        target.add(picked);
        // the retain flag was settled for the first member; the QoS can only go down
        Variants variants = new Variants(message.with(message.qos(), message.retain() && target.retainAsPublished),
                delivery.publisherClientId());
        if (target.deliveredQos(variants) == QoS.AT_MOST_ONCE) {
            // the other member subscribed with QoS 0: never queued, so never refunded there
            if (delivery.charge() != 0) {
                this.budget.refund(delivery.charge(), delivery.source());
            }
            picked.subscriber().accept(target.delivery(variants, delivery.publisherClientId(),
                    delivery.receivedAtNanos(), group, 0, null), null);
        }
        else {
            // the charge moves with it: it stays in the broker
            Delivery moved = target.delivery(variants, delivery.publisherClientId(), delivery.receivedAtNanos(),
                    group, delivery.charge(), delivery.source());
            long storageId = picked.subscriber().storageId();
            JournalEntry journaled = delivery.journaled();
            if (storageId != 0 && journaled != null) {
                moved = journalEntry(storageId, moved, journaled.message());
            }
            picked.subscriber().accept(moved, null);
        }
        return true;
    }

    /**
     * Return whether a publication with the retain flag fits the retained-message caps.
     * @param message the message
     * @return {@code true} when it may be retained
     */
    public boolean mayRetain(ApplicationMessage message) {
        return this.retained.admits(message);
    }

    /**
     * Deliver the retained messages a subscription receives when it is made. Call on the session's event loop after
     * SUBACK was written.
     * @param subscription the subscription
     * @param newSubscription whether it did not replace one with the same filter
     */
    public void deliverRetained(Subscription<Session> subscription, boolean newSubscription) {
        Session session = subscription.subscriber();
        SubscriptionOptions options = subscription.options();
        List<Integer> identifiers = (subscription.identifier() > 0) ? List.of(subscription.identifier()) : List.of();
        long now = this.clock.nanoTime();
        for (RetainedMessages.Match match : this.retained.forSubscription(subscription.filter(), options,
                newSubscription)) {
            ApplicationMessage message = match.message();
            if (!mayReceive(session, message)) {
                continue;
            }
            // MQTT 5.0 section 3.3.1.3: retained messages sent for a new subscription keep the retain flag
            ApplicationMessage delivered = message.with(message.qos().min(options.qos()), true);
            // not charged: the store holds the message anyway; the backlog paces the subscriber's publishers
            session.acceptRetained(new Delivery(delivered, identifiers, null, now - match.ageNanos()));
        }
    }

    /**
     * Collects the matches of one publication: one target per subscriber however many of its filters match, and
     * one pick per shared group.
     */
    private final class Matches implements SubscriptionTree.MatchConsumer<Session> {

        private final @Nullable String publisherId;

        private final TopicName topic;

        private final Map<Session, Target> targets = new HashMap<>(4);

        private final List<Subscription<Session>> shared = new ArrayList<>(0);

        private final List<SharedGroup<Session>> groups = new ArrayList<>(0);

        private final ServedGroups served;

        Matches(@Nullable String publisherId, TopicName topic, ServedGroups served) {
            this.publisherId = publisherId;
            this.topic = topic;
            this.served = served;
        }

        @Override
        public void subscription(Subscription<Session> subscription) {
            // [MQTT-3.8.3-3] No Local: never back to the publisher's own subscription
            if (subscription.options().noLocal() && subscription.subscriber().clientId().equals(this.publisherId)) {
                return;
            }
            this.targets.computeIfAbsent(subscription.subscriber(), Target::new).add(subscription);
        }

        @Override
        public void sharedGroup(SharedGroup<Session> group) {
            if (!this.served.serves(group)) {
                // another node of the cluster delivers to this group
                return;
            }
            Subscription<Session> picked = MessageRouter.this.sharedPicker.pick(group, this.topic);
            if (picked != null) {
                this.shared.add(picked);
                this.groups.add(group);
            }
        }

    }

    /**
     * What one subscriber gets: the highest granted QoS of its matching subscriptions and all their identifiers.
     */
    private static final class Target {

        private final Session session;

        private QoS qos = QoS.AT_MOST_ONCE;

        private boolean retainAsPublished;

        private List<Integer> identifiers = List.of();

        Target(Session session) {
            this.session = session;
        }

        void add(Subscription<Session> subscription) {
            SubscriptionOptions options = subscription.options();
            this.qos = this.qos.max(options.qos());
            this.retainAsPublished |= options.retainAsPublished();
            if (subscription.identifier() > 0) {
                if (this.identifiers.isEmpty()) {
                    this.identifiers = new ArrayList<>(2);
                }
                this.identifiers.add(subscription.identifier());
            }
        }

        QoS deliveredQos(Variants variants) {
            // [MQTT-3.8.4-8] [MQTT-4.8.2-3] delivered QoS is the lower of published and granted
            return variants.published.qos().min(this.qos);
        }

        Delivery delivery(Variants variants, @Nullable String publisherId, long receivedAtNanos,
                @Nullable SharedGroup<Session> group, long charge, @Nullable PublisherThrottle account) {
            ApplicationMessage message = variants.published;
            // [MQTT-3.3.1-12] [MQTT-3.3.1-13] live deliveries clear the retain flag unless Retain As Published
            boolean retain = message.retain() && this.retainAsPublished;
            return new Delivery(variants.of(deliveredQos(variants), retain), this.identifiers, publisherId,
                    receivedAtNanos, group, charge, account);
        }

    }

    /**
     * The forms of one publication its subscribers get, by QoS and retain flag, made once per route: subscribers
     * that get the same form share one instance, which lets each event loop encode it once.
     */
    private static final class Variants {

        private final ApplicationMessage published;

        private final @Nullable String publisherId;

        private final ApplicationMessage[] forms = new ApplicationMessage[6];

        // the publication as recorded in the journal, once a persistent session takes it
        private @Nullable StoredMessage stored;

        Variants(ApplicationMessage published, @Nullable String publisherId) {
            this.published = published;
            this.publisherId = publisherId;
        }

        ApplicationMessage of(QoS qos, boolean retain) {
            int index = qos.value() * 2 + (retain ? 1 : 0);
            ApplicationMessage form = this.forms[index];
            if (form == null) {
                form = this.published.with(qos, retain);
                this.forms[index] = form;
            }
            return form;
        }

    }

}
