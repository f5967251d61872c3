package io.mqttspring.broker.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.metrics.DropReason;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's outbound side: the QoS 1 and 2 messages in flight (in send order, for resending), the packet
 * identifiers they hold and the queue of messages waiting for the client, its window or its socket. Event-loop
 * confined, owned by a {@link Session}; each method takes the connection currently attached, or {@code null}.
 */
final class Outbox {

    private static final Logger logger = LoggerFactory.getLogger(Outbox.class);

    private static final Map<Integer, InflightMessage> NONE_IN_FLIGHT = Collections.emptyMap();

    private final String clientId;

    private final SessionContext context;

    // a map from the first QoS 1 or 2 delivery on: most sessions of a fleet never receive one
    private Map<Integer, InflightMessage> inflight = NONE_IN_FLIGHT;

    private final PacketIdAllocator packetIds = new PacketIdAllocator();

    private final MessageQueue queue;

    private final SessionFlow flow;

    // in-flight messages of an earlier connection not yet sent again on this one
    private int awaitingResend;

    Outbox(String clientId, SessionContext context, SessionFlow flow) {
        this.clientId = clientId;
        this.context = context;
        this.flow = flow;
        this.queue = new MessageQueue(context.limits().maxQueuedMessages(), context.limits().maxQueuedBytes(),
                context.limits().queueOverflowPolicy());
    }

    /**
     * Deliver a message: send it now, or queue it when the client is away, its window is full or its socket is
     * busy. QoS 0 messages are never queued: they are dropped when the client is away or slow. A QoS 1 or 2 message
     * was counted in the backlog when it was routed; the queue limit applies only while the client is away or
     * stalled, or to messages whose source cannot be held back, since otherwise the publishers wait instead.
     * @param paced whether the source is held back while the session's backlog is over the queue limit
     */
    void deliver(@Nullable SessionConnection current, Delivery delivery, boolean paced) {
        if (delivery.message().qos() == QoS.AT_MOST_ONCE) {
            if (current == null) {
                dropped(delivery, DropReason.OFFLINE);
            }
            else if (!current.isWritable()) {
                dropped(delivery, DropReason.SLOW_CONSUMER);
            }
            else if (!delivery.isExpired(this.context.clock().nanoTime())) {
                writePublish(current, delivery, 0, false);
            }
            else {
                dropped(delivery, DropReason.EXPIRED);
            }
            return;
        }
        if (current == null || !this.queue.isEmpty() || !hasWindow(current) || !current.isWritable()) {
            boolean keepingUp = !this.flow.isBounded(current != null);
            if (keepingUp && !paced && this.queue.isFull()) {
                // what is queued was acknowledged to publishers that now wait for it: a message from a source that
                // cannot wait gives way, whatever the overflow policy
                this.flow.left(1);
                dropped(delivery, DropReason.QUEUE_FULL);
                return;
            }
            enqueue(delivery, !keepingUp);
            return;
        }
        this.flow.left(1);
        send(current, delivery);
    }

    /**
     * Queue a delivery that is not in the backlog yet: one that came back from a departing shared-subscription
     * member or from a store. The queue limit applies.
     * @param delivery the delivery
     */
    void requeue(Delivery delivery) {
        this.flow.arrived(1);
        enqueue(delivery, true);
    }

    private void enqueue(Delivery delivery, boolean bounded) {
        List<Delivery> overflow = List.of();
        if (bounded) {
            overflow = this.queue.offer(delivery);
        }
        else {
            this.queue.add(delivery);
        }
        boolean refused = false;
        for (Delivery dropped : overflow) {
            refused |= dropped == delivery;
        }
        if (!refused) {
            this.context.counters().queuedChanged(1);
        }
        for (Delivery dropped : overflow) {
            if (dropped != delivery) {
                this.context.counters().queuedChanged(-1);
            }
            this.flow.left(1);
            dropped(dropped, DropReason.QUEUE_FULL);
        }
    }

    /**
     * Send what waits while the client is writable and has room in its window: first the unacknowledged messages
     * of an earlier connection, in their order, then the queue.
     */
    void drain(@Nullable SessionConnection current) {
        if (current == null) {
            return;
        }
        if (this.awaitingResend > 0) {
            resendAwaiting(current);
        }
        while (this.awaitingResend == 0 && !this.queue.isEmpty() && hasWindow(current) && current.isWritable()) {
            Delivery next = this.queue.poll();
            this.context.counters().queuedChanged(-1);
            this.flow.left(1);
            send(current, next);
        }
    }

    /**
     * Send again what the client has not acknowledged, oldest first, then what is queued [MQTT-4.4.0-1]: PUBREL
     * for released QoS 2 messages, PUBLISH with DUP for the others, within the new connection's window
     * [MQTT-3.3.4-9].
     */
    void resend(SessionConnection current) {
        this.awaitingResend = 0;
        for (InflightMessage message : this.inflight.values()) {
            if (message.isReleased()) {
                current.sendPubrel(message.packetId());
            }
            else {
                message.setAwaitingResend(true);
                this.awaitingResend++;
            }
        }
        drain(current);
    }

    private void resendAwaiting(SessionConnection current) {
        Iterator<InflightMessage> pending = this.inflight.values().iterator();
        while (pending.hasNext() && this.awaitingResend > 0 && hasWindow(current) && current.isWritable()) {
            InflightMessage message = pending.next();
            if (!message.isAwaitingResend()) {
                continue;
            }
            message.setAwaitingResend(false);
            this.awaitingResend--;
            if (!writePublish(current, message.delivery(), message.packetId(), true)) {
                // too large for the new connection's Maximum Packet Size: handled as delivered [MQTT-3.1.2-25]
                pending.remove();
                this.context.counters().inflightChanged(-1);
            }
        }
    }

    private boolean hasWindow(SessionConnection current) {
        return this.inflight.size() - this.awaitingResend < current.inflightWindow();
    }

    private void send(SessionConnection current, Delivery delivery) {
        if (delivery.isExpired(this.context.clock().nanoTime())) {
            dropped(delivery, DropReason.EXPIRED);
            return;
        }
        int packetId = this.packetIds.next(this.inflight::containsKey);
        // in flight before it is written: an in-process handler may acknowledge it during the write
        putInflight(new InflightMessage(packetId, delivery));
        this.context.counters().inflightChanged(1);
        JournalEntry journaled = delivery.journaled();
        if (journaled != null && delivery.message().qos() == QoS.EXACTLY_ONCE) {
            // a QoS 2 message sent again after a restart keeps its identifier, so the client does not take it twice
            journaled.update(this.context.journal(), journaled.entry().sentAs(packetId));
        }
        if (!writePublish(current, delivery, packetId, false) && this.inflight.remove(packetId) != null) {
            this.context.counters().inflightChanged(-1);
        }
    }

    private boolean writePublish(SessionConnection current, Delivery delivery, int packetId, boolean duplicate) {
        if (!current.sendPublish(delivery, packetId, duplicate)) {
            dropped(delivery, DropReason.TOO_LARGE);
            return false;
        }
        this.context.counters().messageSent(delivery.message().qos());
        this.context.listener().messageDelivered(this.clientId, delivery.message());
        return true;
    }

    void dropped(Delivery delivery, DropReason reason) {
        refund(delivery);
        forgetJournaled(delivery);
        this.context.counters().messageDropped(reason);
        this.context.listener().messageDropped(this.clientId, delivery.message(), reason);
        if (logger.isTraceEnabled()) {
            logger.trace("Dropped message on {} for {}: {}", delivery.message().topic(), this.clientId, reason);
        }
    }

    /**
     * Handle PUBACK for a QoS 1 message; a negative acknowledgement ends it too [MQTT-4.4.0-2].
     */
    boolean acknowledge(int packetId, @Nullable SessionConnection current) {
        InflightMessage message = this.inflight.get(packetId);
        if (message == null || message.isReleased() || message.delivery().message().qos() != QoS.AT_LEAST_ONCE) {
            return false;
        }
        completeInflight(packetId, current);
        return true;
    }

    /**
     * Handle PUBREC for a QoS 2 message: on success the message waits for PUBCOMP, on failure the exchange ends.
     */
    boolean received(int packetId, boolean accepted, @Nullable SessionConnection current) {
        InflightMessage message = this.inflight.get(packetId);
        if (message == null || message.delivery().message().qos() != QoS.EXACTLY_ONCE) {
            return false;
        }
        if (accepted) {
            message.markReleased();
            JournalEntry journaled = message.delivery().journaled();
            if (journaled != null) {
                journaled.update(this.context.journal(), journaled.entry().sentAs(packetId).asReleased());
            }
        }
        else {
            // [MQTT-4.4.0-2] a PUBREC with an error code ends the exchange, freeing the identifier
            completeInflight(packetId, current);
        }
        return true;
    }

    /**
     * Handle PUBCOMP for a released QoS 2 message.
     */
    boolean complete(int packetId, @Nullable SessionConnection current) {
        InflightMessage message = this.inflight.get(packetId);
        if (message == null || !message.isReleased()) {
            return false;
        }
        completeInflight(packetId, current);
        return true;
    }

    private void completeInflight(int packetId, @Nullable SessionConnection current) {
        InflightMessage removed = this.inflight.remove(packetId);
        if (removed != null) {
            refund(removed.delivery());
            forgetJournaled(removed.delivery());
            if (removed.isAwaitingResend()) {
                this.awaitingResend--;
            }
        }
        this.context.counters().inflightChanged(-1);
        drain(current);
    }

    /**
     * Take out the messages received through shared subscriptions that another member may take instead: queued
     * ones, and QoS 1 ones sent but not acknowledged (MQTT 5.0 section 4.8.2). QoS 2 messages already sent stay, to
     * be completed with this client [MQTT-4.8.2-4].
     */
    List<Delivery> takeSharedDeliveries() {
        List<Delivery> handOff = new ArrayList<>(0);
        Iterator<InflightMessage> sent = this.inflight.values().iterator();
        while (sent.hasNext()) {
            InflightMessage message = sent.next();
            Delivery delivery = message.delivery();
            if (delivery.sharedGroup() != null && delivery.message().qos() == QoS.AT_LEAST_ONCE) {
                if (message.isAwaitingResend()) {
                    this.awaitingResend--;
                }
                sent.remove();
                this.context.counters().inflightChanged(-1);
                handOff.add(delivery);
            }
        }
        List<Delivery> queued = this.queue.removeIf((delivery) -> delivery.sharedGroup() != null);
        this.context.counters().queuedChanged(-queued.size());
        this.flow.left(queued.size());
        handOff.addAll(queued);
        return handOff;
    }

    /**
     * Return the deliveries not yet acknowledged, in flight first, then queued, oldest first.
     */
    List<Delivery> pendingDeliveries() {
        List<Delivery> pending = new ArrayList<>(this.inflight.size() + this.queue.size());
        for (InflightMessage message : this.inflight.values()) {
            if (!message.isReleased()) {
                pending.add(message.delivery());
            }
        }
        for (Delivery delivery : this.queue) {
            pending.add(delivery);
        }
        return pending;
    }

    /**
     * Remove a delivery's entry from the journal, if it has one: the session is done with it.
     */
    void forgetJournaled(Delivery delivery) {
        JournalEntry journaled = delivery.journaled();
        if (journaled != null) {
            journaled.remove(this.context.journal());
        }
    }

    /**
     * Put back a message that was in flight when the broker stopped, to be sent again with its packet identifier
     * once the client reconnects.
     */
    void restoreInflight(int packetId, Delivery delivery, boolean released) {
        InflightMessage message = new InflightMessage(packetId, delivery);
        if (released) {
            message.markReleased();
        }
        putInflight(message);
        this.context.counters().inflightChanged(1);
    }

    private void putInflight(InflightMessage message) {
        if (this.inflight == NONE_IN_FLIGHT) {
            this.inflight = new LinkedHashMap<>();
        }
        this.inflight.put(message.packetId(), message);
    }

    /**
     * Return the deliveries not yet acknowledged with their packet identifiers: in flight first, then queued,
     * oldest first.
     */
    List<Pending> pendingState() {
        List<Pending> pending = new ArrayList<>(this.inflight.size() + this.queue.size());
        for (InflightMessage message : this.inflight.values()) {
            pending.add(new Pending(message.delivery(), message.packetId(), message.isReleased()));
        }
        for (Delivery delivery : this.queue) {
            pending.add(new Pending(delivery, 0, false));
        }
        return pending;
    }

    /**
     * A delivery not yet acknowledged.
     *
     * @param delivery the delivery
     * @param packetId the packet identifier it was sent with, 0 while queued
     * @param released whether the client acknowledged it with PUBREC
     */
    record Pending(Delivery delivery, int packetId, boolean released) {
    }

    private void refund(Delivery delivery) {
        if (delivery.charge() != 0) {
            this.context.budget().refund(delivery.charge(), delivery.source());
        }
    }

    int inflightCount() {
        return this.inflight.size();
    }

    int queuedCount() {
        return this.queue.size();
    }

    /**
     * Forget every message, as a session that ends or starts clean does.
     */
    void clear() {
        this.awaitingResend = 0;
        this.context.counters().inflightChanged(-this.inflight.size());
        this.context.counters().queuedChanged(-this.queue.size());
        this.flow.left(this.queue.size());
        this.inflight.values().forEach((message) -> refund(message.delivery()));
        this.queue.forEach(this::refund);
        this.inflight.values().forEach((message) -> forgetJournaled(message.delivery()));
        this.queue.forEach(this::forgetJournaled);
        this.inflight = NONE_IN_FLIGHT;
        this.queue.clear();
    }

}
