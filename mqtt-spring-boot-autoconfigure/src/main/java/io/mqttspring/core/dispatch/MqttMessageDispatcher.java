package io.mqttspring.core.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.core.MqttConnection;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Subscribes in-process to the embedded broker and runs a piece of work for each message on an executor: the
 * dispatch that {@code @MqttListener} containers and the Spring Integration inbound channel adapter share.
 * <p>Messages of one topic are processed one at a time, in the order they arrived [MQTT-4.6.0-6]; with a
 * concurrency above one, messages of different topics are processed in parallel on up to that many lanes. The
 * stage handed back to the broker completes once the work returned, or exceptionally once it threw: either way a
 * QoS 1 or 2 message then counts as delivered, frees its place in the in-flight window and is not redelivered.
 * {@link #stop(Duration)} first closes the subscription, so no more messages arrive, then waits for the work
 * already handed over.
 * <p>It lives below {@code core}, which both of its users depend on already, so that neither {@code listener} nor
 * {@code integration} depends on the other, and the lanes stay internal to this package.
 * <p>Thread-safe. Start and stop it on application threads, never on a broker thread; the broker hands messages
 * over on its event loop, which returns at once, and the work runs on the executor.
 */
public final class MqttMessageDispatcher {

    private static final Log logger = LogFactory.getLog(MqttMessageDispatcher.class);

    private final MqttConnection connection;

    private final Subscription subscription;

    private final OrderedLanes lanes;

    private final Consumer<ReceivedMessage> work;

    /** The broker's stage of each message handed over and not processed yet. */
    private final Set<CompletableFuture<Void>> inflight = ConcurrentHashMap.newKeySet();

    private volatile MqttConnection.@Nullable Subscription subscriber;

    /**
     * Create a dispatcher, not started.
     * @param connection the broker to subscribe to
     * @param subscription what to subscribe to
     * @param executor runs the work
     * @param concurrency how many messages (of different topics) may be processed at once, at least 1
     * @param work processes one message on an executor thread; handles its own failures, though one that escapes
     * is logged and still acknowledges the message
     */
    public MqttMessageDispatcher(MqttConnection connection, Subscription subscription, Executor executor,
            int concurrency, Consumer<ReceivedMessage> work) {
        Assert.notNull(connection, "'connection' must not be null");
        Assert.notNull(subscription, "'subscription' must not be null");
        Assert.notNull(executor, "'executor' must not be null");
        Assert.isTrue(concurrency >= 1, "'concurrency' must be at least 1");
        Assert.notNull(work, "'work' must not be null");
        this.connection = connection;
        this.subscription = subscription;
        this.lanes = new OrderedLanes(executor, concurrency);
        this.work = work;
    }

    /**
     * Subscribe, unless subscribed already. Returns once the subscriptions are in place; retained messages matching
     * them are handed over first. May be called again after {@link #stop()}: messages of one topic stay in order
     * across a restart, as the lanes do not change.
     * @throws IllegalStateException if the broker is not running or another subscriber has the name
     */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        this.subscriber = this.connection.subscribe(this.subscription.name(),
                this.subscription.subscriptionFilters(), this.subscription.qos(), this::dispatch);
    }

    /**
     * Return whether the subscription is in place.
     * @return {@code false} before {@link #start()}, after a stop, or once the broker stopped
     */
    public boolean isRunning() {
        MqttConnection.Subscription current = this.subscriber;
        return current != null && !current.isClosed();
    }

    /**
     * Close the subscription, without waiting for the work in flight.
     * @return a future that completes once the work of every message handed over before has finished, never
     * exceptionally; already complete when the dispatcher was not started
     */
    public synchronized CompletableFuture<Void> stop() {
        MqttConnection.Subscription current = this.subscriber;
        if (current == null) {
            return CompletableFuture.completedFuture(null);
        }
        this.subscriber = null;
        current.close();
        // the subscriber is closed: no message is handed over any more, so this covers them all
        CompletableFuture<?>[] handedOver = this.inflight.toArray(new CompletableFuture<?>[0]);
        return CompletableFuture.allOf(handedOver).exceptionally((failure) -> null);
    }

    /**
     * Close the subscription, then wait for the work of the messages handed over before to finish.
     * @param timeout how long to wait at most
     * @return whether that work finished in time; {@code false} also when the calling thread was interrupted
     */
    public boolean stop(Duration timeout) {
        CompletableFuture<Void> processed = stop();
        try {
            processed.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (TimeoutException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (ExecutionException ex) {
            // not expected: stop() turns failed work into completion
            throw new IllegalStateException("Waiting for the work of '" + this.subscription.name() + "' failed",
                    ex.getCause());
        }
    }

    /**
     * Return the number of messages handed over and not processed yet.
     * @return a gauge
     */
    public int getPending() {
        return this.inflight.size();
    }

    /**
     * Hand a message to its lane; the subscriber's handler, called on a broker event loop, returns at once.
     * Package-private so that tests can hand messages over as the broker does.
     * @param message the message
     * @return the stage the broker waits for before it counts the message as delivered
     */
    CompletableFuture<Void> dispatch(ReceivedMessage message) {
        CompletableFuture<Void> processed = new CompletableFuture<>();
        this.inflight.add(processed);
        try {
            this.lanes.execute(message.topic(), () -> process(message, processed));
        }
        catch (RuntimeException ex) {
            // the executor refused, e.g. while shutting down: the broker logs it and acknowledges the message
            settle(processed, ex);
            throw ex;
        }
        return processed;
    }

    private void process(ReceivedMessage message, CompletableFuture<Void> processed) {
        try {
            this.work.accept(message);
            settle(processed, null);
        }
        catch (RuntimeException ex) {
            // the work handles its own failures; this one escaped it, so report it and keep the lane going
            logger.error("In-process subscriber '" + this.subscription.name() + "' failed on topic '"
                    + message.topic() + "'", ex);
            settle(processed, ex);
        }
        catch (Error ex) {
            settle(processed, ex);
            throw ex;
        }
    }

    private void settle(CompletableFuture<Void> processed, @Nullable Throwable failure) {
        this.inflight.remove(processed);
        if (failure == null) {
            processed.complete(null);
        }
        else {
            processed.completeExceptionally(failure);
        }
    }

    /**
     * What a dispatcher subscribes to.
     *
     * @param name the in-process subscriber's name, unique among the broker's in-process subscribers
     * @param topicFilters the topic filters, without share prefix
     * @param qos the maximum QoS of the subscriptions
     * @param group the shared subscription group, or {@code null} for ordinary subscriptions
     */
    public record Subscription(String name, List<String> topicFilters, QoS qos, @Nullable String group) {

        public Subscription {
            Assert.hasText(name, "'name' must not be empty");
            Assert.notEmpty(topicFilters, "'topicFilters' must not be empty");
            Assert.notNull(qos, "'qos' must not be null");
            topicFilters = List.copyOf(topicFilters);
        }

        /**
         * Return the filters to subscribe to, with the share prefix when the subscription has a group.
         * @return the subscription filters
         */
        public List<String> subscriptionFilters() {
            return this.topicFilters.stream().map((filter) -> subscriptionFilter(filter, this.group)).toList();
        }

        /**
         * Return the filter that subscribes to a topic filter, alone or as a member of a shared subscription group,
         * in which each message goes to one member only.
         * @param topicFilter the topic filter
         * @param group the group, or {@code null}
         * @return {@code $share/{group}/{topicFilter}}, or the topic filter without a group
         */
        public static String subscriptionFilter(String topicFilter, @Nullable String group) {
            // MQTT 5.0 section 4.8.2: $share/{ShareName}/{filter}
            return (group != null) ? "$share/" + group + "/" + topicFilter : topicFilter;
        }

    }

}
