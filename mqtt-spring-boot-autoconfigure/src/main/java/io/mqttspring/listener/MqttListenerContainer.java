package io.mqttspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.mqttspring.broker.InProcessSubscriber;
import io.mqttspring.broker.InProcessSubscriberBuilder;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.core.OrderedLanes;
import io.mqttspring.listener.adapter.MqttListenerMethodAdapter;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs one listener: subscribes in-process to the broker, hands each message from the broker thread to the
 * listener executor, in order per topic, and acknowledges QoS 1 and 2 messages once the method returned. A
 * failure goes to the listener's error handler, or is logged with the listener id and topic; either way the message
 * is acknowledged and not redelivered. Thread-safe.
 */
public class MqttListenerContainer {

    private static final Log logger = LogFactory.getLog(MqttListenerContainer.class);

    private final MqttListenerEndpoint endpoint;

    private final MqttBroker broker;

    private final MqttListenerMethodAdapter adapter;

    private final OrderedLanes lanes;

    private final Duration shutdownTimeout;

    private final LongAdder invocations = new LongAdder();

    private final LongAdder failures = new LongAdder();

    private final LongAdder totalTimeNanos = new LongAdder();

    private final AtomicInteger pending = new AtomicInteger();

    private volatile @Nullable InProcessSubscriber subscriber;

    public MqttListenerContainer(MqttListenerEndpoint endpoint, MqttBroker broker, MqttListenerMethodAdapter adapter,
            Executor executor, Duration shutdownTimeout) {
        this.endpoint = endpoint;
        this.broker = broker;
        this.adapter = adapter;
        this.lanes = new OrderedLanes(executor, endpoint.concurrency());
        this.shutdownTimeout = shutdownTimeout;
    }

    public String getId() {
        return this.endpoint.id();
    }

    public MqttListenerEndpoint getEndpoint() {
        return this.endpoint;
    }

    /**
     * Subscribe and start delivering. Retained messages matching the topics arrive first.
     */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        InProcessSubscriberBuilder builder = this.broker.newSubscriber("listener/" + getId())
            .handler(this::onMessage);
        for (String filter : this.endpoint.subscriptionFilters()) {
            builder.topic(filter, this.endpoint.qos());
        }
        this.subscriber = builder.start();
        logger.debug("Started MQTT listener '" + getId() + "' on " + this.endpoint.subscriptionFilters());
    }

    /**
     * Unsubscribe, then wait up to the shutdown timeout for messages already handed over to be processed.
     */
    public synchronized void stop() {
        InProcessSubscriber current = this.subscriber;
        if (current == null) {
            return;
        }
        this.subscriber = null;
        if (this.broker.isRunning()) {
            current.close();
        }
        long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
        while (this.pending.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (this.pending.get() > 0) {
            logger.warn("MQTT listener '" + getId() + "' stopped with " + this.pending.get()
                    + " messages still being processed");
        }
    }

    public boolean isRunning() {
        InProcessSubscriber current = this.subscriber;
        return current != null && !current.isClosed();
    }

    private CompletableFuture<Void> onMessage(ReceivedMessage message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        this.pending.incrementAndGet();
        this.lanes.execute(message.topic(), () -> {
            long start = System.nanoTime();
            try {
                this.adapter.onMessage(message);
            }
            catch (Exception ex) {
                this.failures.increment();
                logger.error("MQTT listener '" + getId() + "' failed on topic '" + message.topic() + "'", ex);
            }
            finally {
                this.totalTimeNanos.add(System.nanoTime() - start);
                this.invocations.increment();
                this.pending.decrementAndGet();
                done.complete(null);
            }
        });
        return done;
    }

    /**
     * Return the number of method invocations so far, failed ones included.
     * @return a counter
     */
    public long getInvocations() {
        return this.invocations.sum();
    }

    /**
     * Return the number of invocations that failed (after the error handler, if any, failed too).
     * @return a counter
     */
    public long getFailures() {
        return this.failures.sum();
    }

    /**
     * Return the total time spent in the method.
     * @return nanoseconds
     */
    public long getTotalTimeNanos() {
        return this.totalTimeNanos.sum();
    }

    /**
     * Return the number of messages handed over and not yet processed.
     * @return a gauge
     */
    public int getPending() {
        return this.pending.get();
    }

    /**
     * Return the topics as written on the listener.
     * @return the topic templates
     */
    public List<String> getTopics() {
        return this.endpoint.topics().stream().map(TopicTemplate::template).toList();
    }

}
