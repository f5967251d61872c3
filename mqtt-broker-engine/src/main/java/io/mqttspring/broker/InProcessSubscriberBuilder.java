package io.mqttspring.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.mqttspring.broker.message.QoS;

import org.jspecify.annotations.Nullable;

/**
 * Describes an in-process subscriber before it starts; get one from {@link MqttBroker#newSubscriber(String)}. Not
 * thread-safe.
 */
public final class InProcessSubscriberBuilder {

    private final MqttBroker broker;

    private final String name;

    private final List<InProcessSubscriber.Topic> topics = new ArrayList<>();

    private int maxInflight;

    private int maxPending = 1000;

    private @Nullable MessageHandler handler;

    InProcessSubscriberBuilder(MqttBroker broker, String name) {
        this.broker = broker;
        this.name = Objects.requireNonNull(name, "name");
        this.maxInflight = broker.config().limits().maxInflightMessages();
    }

    /**
     * Add a subscription.
     * @param filter the topic filter, possibly shared ({@code $share/group/filter})
     * @param qos the maximum QoS
     * @return this builder
     */
    public InProcessSubscriberBuilder topic(String filter, QoS qos) {
        this.topics.add(new InProcessSubscriber.Topic(filter, qos));
        return this;
    }

    /**
     * Set how many QoS 1 and 2 messages may await the handler's completion at once; more wait in the session queue,
     * in order.
     * @param maxInflight at least 1; the broker's maximum in-flight messages by default
     * @return this builder
     */
    public InProcessSubscriberBuilder maxInflight(int maxInflight) {
        if (maxInflight < 1 || maxInflight > 65_535) {
            throw new IllegalArgumentException("maxInflight must be between 1 and 65535");
        }
        this.maxInflight = maxInflight;
        return this;
    }

    /**
     * Set how many messages of any QoS may await the handler's completion before the subscriber counts as slow:
     * further QoS 0 messages are then dropped and QoS 1 and 2 messages wait in the session queue.
     * @param maxPending at least 1; 1000 by default
     * @return this builder
     */
    public InProcessSubscriberBuilder maxPending(int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1");
        }
        this.maxPending = maxPending;
        return this;
    }

    /**
     * Set the handler.
     * @param handler receives the messages
     * @return this builder
     */
    public InProcessSubscriberBuilder handler(MessageHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Create the session and its subscriptions; returns once they are in place, after retained messages were handed
     * to the handler. Must not be called on a broker thread.
     * @return the subscriber
     * @throws io.mqttspring.broker.core.InvalidTopicException if a filter is not valid
     * @throws IllegalStateException if the broker is not running or the name is taken
     */
    public InProcessSubscriber start() {
        MessageHandler messageHandler = Objects.requireNonNull(this.handler, "handler");
        return this.broker.inProcessSubscribers().start(this.name, this.topics, this.maxInflight, this.maxPending,
                messageHandler);
    }

}
