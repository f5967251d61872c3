package io.mqttspring.broker;

import java.util.List;
import java.util.Objects;

import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.session.SessionRegistry;

/**
 * A subscriber inside the application: a session like a network client's, with its own client identifier,
 * subscriptions, in-flight window and ordering, whose messages go to a {@link MessageHandler}. Create one with
 * {@link MqttBroker#newSubscriber(String)}. Thread-safe.
 */
public final class InProcessSubscriber implements AutoCloseable {

    /** Prefix of in-process client identifiers; network clients may not use it. */
    public static final String CLIENT_ID_PREFIX = SessionRegistry.IN_PROCESS_PREFIX;

    private final String clientId;

    private final List<Topic> topics;

    private final Runnable closer;

    private volatile boolean closed;

    InProcessSubscriber(String clientId, List<Topic> topics, Runnable closer) {
        this.clientId = clientId;
        this.topics = List.copyOf(topics);
        this.closer = closer;
    }

    /**
     * Return the client identifier, {@value #CLIENT_ID_PREFIX} followed by the subscriber's name.
     * @return the client identifier
     */
    public String clientId() {
        return this.clientId;
    }

    /**
     * Return the subscriptions.
     * @return the topic filters with their QoS
     */
    public List<Topic> topics() {
        return this.topics;
    }

    /**
     * Return whether {@link #close()} was called.
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return this.closed;
    }

    /**
     * Remove the subscriptions and end the session; messages not yet acknowledged are dropped. Called on an
     * application thread, returns once the session is gone, so a subscriber of the same name can start right after;
     * called on a broker thread (from a handler), returns at once and the name is free a moment later.
     */
    @Override
    public void close() {
        if (!this.closed) {
            this.closed = true;
            this.closer.run();
        }
    }

    /**
     * Mark the subscriber closed because its broker stopped and took the session with it.
     */
    void brokerStopped() {
        this.closed = true;
    }

    /**
     * One subscription of an in-process subscriber.
     *
     * @param filter the topic filter, possibly shared
     * @param qos the maximum QoS
     */
    public record Topic(String filter, QoS qos) {

        public Topic {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(qos, "qos");
        }

    }

}
