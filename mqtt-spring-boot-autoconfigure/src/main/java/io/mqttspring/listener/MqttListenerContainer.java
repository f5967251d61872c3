package io.mqttspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.core.EmbeddedMqttConnection;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.core.observation.MqttObservations;
import io.mqttspring.core.observation.MqttReceiveContext;
import io.mqttspring.core.dispatch.MqttMessageDispatcher;
import io.mqttspring.core.dispatch.MqttMessageDispatcher.Subscription;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

/**
 * Runs one listener: subscribes through an {@link MqttMessageDispatcher} (to the embedded broker in process, or to a
 * broker over the network), which hands each message from the connection's thread to the listener executor, in order
 * per topic, and acknowledges QoS 1 and 2 messages once the method returned. A failure goes to the listener's error
 * handler, or is logged with the listener id and topic (a payload the method cannot take in one line); either way the
 * message is acknowledged and not redelivered. Thread-safe.
 */
public class MqttListenerContainer {

    private static final Log logger = LogFactory.getLog(MqttListenerContainer.class);

    private final MqttListenerEndpoint endpoint;

    private final MqttListenerMethodAdapter adapter;

    private final MqttMessageDispatcher dispatcher;

    private final Duration shutdownTimeout;

    private final LongAdder invocations = new LongAdder();

    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private final LongAdder failures = new LongAdder();

    private final LongAdder totalTimeNanos = new LongAdder();

    public MqttListenerContainer(MqttListenerEndpoint endpoint, MqttBroker broker, MqttListenerMethodAdapter adapter,
            Executor executor, Duration shutdownTimeout) {
        this(endpoint, new EmbeddedMqttConnection(broker), adapter, executor, shutdownTimeout);
    }

    public MqttListenerContainer(MqttListenerEndpoint endpoint, MqttConnection connection,
            MqttListenerMethodAdapter adapter, Executor executor, Duration shutdownTimeout) {
        this.endpoint = endpoint;
        this.adapter = adapter;
        Subscription subscription = new Subscription("listener/" + endpoint.id(),
                endpoint.topics().stream().map(TopicTemplate::filter).toList(), endpoint.qos(), endpoint.group());
        this.dispatcher = new MqttMessageDispatcher(connection, subscription, executor, endpoint.concurrency(),
                this::invoke);
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
        this.dispatcher.start();
        logger.debug("Started MQTT listener '" + getId() + "' on " + this.endpoint.subscriptionFilters());
    }

    /**
     * Unsubscribe, then wait up to the shutdown timeout for messages already handed over to be processed.
     */
    public synchronized void stop() {
        if (!this.dispatcher.stop(this.shutdownTimeout)) {
            logger.warn("MQTT listener '" + getId() + "' stopped with " + this.dispatcher.getPending()
                    + " messages still being processed");
        }
    }

    public boolean isRunning() {
        return this.dispatcher.isRunning();
    }

    /**
     * Observe invocations ({@code mqtt.listener}), continuing the trace whose context the message carries in its
     * {@code traceparent} user property.
     * @param observationRegistry the registry, {@link ObservationRegistry#NOOP} to observe nothing
     */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        this.observationRegistry = observationRegistry;
    }

    private void invoke(ReceivedMessage message) {
        if (this.observationRegistry.isNoop()) {
            invokeMethod(message, null);
            return;
        }
        Observation observation = MqttObservations.listener(new MqttReceiveContext(message, getId(),
                String.join(",", this.endpoint.subscriptionFilters())), this.observationRegistry).start();
        try (Observation.Scope scope = observation.openScope()) {
            invokeMethod(message, observation);
        }
        finally {
            observation.stop();
        }
    }

    private void invokeMethod(ReceivedMessage message, @Nullable Observation observation) {
        long start = System.nanoTime();
        try {
            this.adapter.onMessage(message);
        }
        catch (Exception ex) {
            this.failures.increment();
            if (observation != null) {
                observation.error(ex);
            }
            Throwable conversion = conversionFailure(ex);
            if (conversion != null) {
                // a payload that does not fit the method is the sender's mistake: one line, the trace at debug
                logger.error("MQTT listener '" + getId() + "' could not take the message on topic '"
                        + message.topic() + "': " + conversion.getMessage());
                logger.debug("MQTT listener '" + getId() + "' conversion failure", ex);
            }
            else {
                logger.error("MQTT listener '" + getId() + "' failed on topic '" + message.topic() + "'", ex);
            }
        }
        finally {
            this.totalTimeNanos.add(System.nanoTime() - start);
            this.invocations.increment();
        }
    }

    private static @Nullable Throwable conversionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MessageConversionException || cause instanceof MethodArgumentResolutionException) {
                return cause;
            }
        }
        return null;
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
        return this.dispatcher.getPending();
    }

    /**
     * Return the topics as written on the listener.
     * @return the topic templates
     */
    public List<String> getTopics() {
        return this.endpoint.topics().stream().map(TopicTemplate::template).toList();
    }

}
