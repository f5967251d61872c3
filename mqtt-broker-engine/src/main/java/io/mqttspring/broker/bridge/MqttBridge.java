package io.mqttspring.broker.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import io.mqttspring.broker.InProcessSubscriber;
import io.mqttspring.broker.InProcessSubscriberBuilder;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.broker.message.UserProperty;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects this broker to a remote broker and carries chosen topics across, as Mosquitto's bridges do.
 * <ul>
 * <li>Out: an in-process subscriber on this broker publishes each message to the remote broker, and acknowledges it
 * locally once the remote broker acknowledged it. While the remote broker is away the messages wait in that
 * subscriber's session, within the broker's queue limits, and drops are counted as any subscriber's. A message the
 * remote broker refuses with an error reason code (not authorized, quota exceeded) is counted as refused and not sent
 * again, since sending it again would be refused again.</li>
 * <li>In: a subscription on the remote broker, with No Local so that the bridge's own publications do not come
 * back, publishes each message on this broker and then acknowledges it remotely.</li>
 * <li>Loops: what comes in carries the user property {@code mqtt-bridge} with the bridge's name, and the out side
 * does not send such messages back.</li>
 * </ul>
 * The client connects in the background and reconnects with back-off: a remote broker that is away does not stop
 * the broker. Thread-safe.
 */
public final class MqttBridge {

    private static final Logger logger = LoggerFactory.getLogger(MqttBridge.class);

    /** The user property that marks messages a bridge brought in. */
    public static final String MARKER = "mqtt-bridge";

    private final String name;

    private final MqttBroker broker;

    private final Mqtt5AsyncClient client;

    private final List<BridgeTopic> topics;

    private final ConnectOptions options;

    private final LongAdder sent = new LongAdder();

    private final LongAdder received = new LongAdder();

    private final LongAdder refused = new LongAdder();

    private final AtomicBoolean running = new AtomicBoolean();

    private final AtomicBoolean refusalLogged = new AtomicBoolean();

    private final List<InProcessSubscriber> local = new ArrayList<>();

    /**
     * Create a bridge, not started.
     * @param name the bridge's name, for logs, the marker and its in-process subscriber
     * @param broker this broker
     * @param client the client for the remote broker, with automatic reconnect (see {@link RemoteClients})
     * @param topics what to carry
     * @param options how to connect
     */
    public MqttBridge(String name, MqttBroker broker, Mqtt5AsyncClient client, List<BridgeTopic> topics,
            ConnectOptions options) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("'name' must not be empty");
        }
        if (topics == null || topics.isEmpty()) {
            throw new IllegalArgumentException("'topics' must not be empty");
        }
        this.name = name;
        this.broker = Objects.requireNonNull(broker, "'broker' must not be null");
        this.client = Objects.requireNonNull(client, "'client' must not be null");
        this.topics = List.copyOf(topics);
        this.options = Objects.requireNonNull(options, "'options' must not be null");
    }

    public String getName() {
        return this.name;
    }

    /**
     * Start carrying messages: subscribe on both sides and connect in the background. The broker must be running.
     */
    public void start() {
        if (!this.running.compareAndSet(false, true)) {
            return;
        }
        try {
            subscribeRemote();
            this.options.connect(this.client).whenComplete((connAck, failure) -> {
                if (failure != null) {
                    logger.warn("Bridge '{}' could not connect yet, trying again: {}", this.name,
                            failure.toString());
                }
                else {
                    logger.info("Bridge '{}' connected", this.name);
                }
            });
            subscribeLocal();
        }
        catch (RuntimeException ex) {
            // a setting the client or the broker refused: nothing half-started stays behind
            stop();
            throw ex;
        }
    }

    /**
     * Subscribe on the remote broker before connecting: the client sends the subscriptions once connected, and again
     * after a reconnection that lost the session.
     */
    private void subscribeRemote() {
        for (BridgeTopic topic : this.topics) {
            if (!topic.comesIn()) {
                continue;
            }
            Mqtt5Subscription subscription = Mqtt5Subscription.builder().topicFilter(topic.remoteFilter())
                    .qos(MqttQos.fromCode(topic.qos().value())).noLocal(true).build();
            this.client.subscribeWith().addSubscription(subscription)
                .callback((publish) -> bringIn(topic, publish)).manualAcknowledgement(true).send()
                .whenComplete((subAck, failure) -> {
                    if (failure != null) {
                        logger.warn("Bridge '{}' could not subscribe to '{}': {}", this.name, topic.remoteFilter(),
                                failure.toString());
                    }
                });
        }
    }

    private void subscribeLocal() {
        int index = 0;
        for (BridgeTopic topic : this.topics) {
            if (topic.goesOut()) {
                InProcessSubscriberBuilder builder = this.broker.newSubscriber("$bridge/" + this.name + "/" + index)
                    .topic(topic.localFilter(), topic.qos())
                    .handler((message) -> sendOut(topic, message));
                this.local.add(builder.start());
            }
            index++;
        }
    }

    private CompletableFuture<@Nullable Void> sendOut(BridgeTopic topic, ReceivedMessage received) {
        ApplicationMessage message = received.message();
        if (broughtInHere(message)) {
            // it came from the remote broker through this bridge: not back
            return CompletableFuture.completedFuture(null);
        }
        String remoteTopic = topic.remotePrefix() + message.topic().substring(topic.localPrefix().length());
        ApplicationMessage out = new ApplicationMessage(remoteTopic, message.payload(),
                message.qos().min(topic.qos()), message.retain(), message.properties());
        // the local acknowledgement waits for the remote one: while the remote broker is away, the messages wait in
        // this subscriber's session
        return this.client.publish(MessageMapping.toPublish(out)).handle((result, failure) -> {
            Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
            if (cause instanceof Mqtt5PubAckException || cause instanceof Mqtt5PubRecException) {
                refused(remoteTopic, cause);
                return null;
            }
            if (cause != null) {
                throw (failure instanceof CompletionException completion) ? completion
                        : new CompletionException(failure);
            }
            this.sent.increment();
            return null;
        });
    }

    private void refused(String topic, Throwable reason) {
        this.refused.increment();
        // the first refusal says why; the count says how often since
        if (this.refusalLogged.compareAndSet(false, true)) {
            logger.warn("Bridge '{}': the remote broker refused '{}': {} (further refusals are only counted)",
                    this.name, topic, reason.getMessage());
        }
    }

    private boolean broughtInHere(ApplicationMessage message) {
        for (UserProperty property : message.properties().userProperties()) {
            if (property.name().equals(MARKER) && property.value().equals(this.name)) {
                return true;
            }
        }
        return false;
    }

    private void bringIn(BridgeTopic topic, Mqtt5Publish publish) {
        ApplicationMessage remote = MessageMapping.toReceived(publish).message();
        String localTopic = topic.localPrefix() + remote.topic().substring(topic.remotePrefix().length());
        List<UserProperty> users = new ArrayList<>(remote.properties().userProperties());
        users.add(new UserProperty(MARKER, this.name));
        MessageProperties properties = remote.properties();
        MessageProperties marked = new MessageProperties(properties.payloadFormatIndicator(),
                properties.messageExpiryInterval(), properties.contentType(), properties.responseTopic(),
                properties.correlationData(), users);
        ApplicationMessage in = new ApplicationMessage(localTopic, remote.payload(), remote.qos().min(topic.qos()),
                remote.retain(), marked);
        this.broker.publish(in).whenComplete((result, failure) -> {
            if (failure != null) {
                logger.warn("Bridge '{}' could not publish '{}' locally: {}", this.name, localTopic,
                        failure.toString());
            }
            else {
                this.received.increment();
            }
            // acknowledged remotely once this broker has it
            publish.acknowledge();
        });
    }

    /**
     * Stop: end the in-process subscriptions and disconnect from the remote broker, waiting at most the connect
     * timeout.
     */
    public void stop() {
        if (!this.running.compareAndSet(true, false)) {
            return;
        }
        // a stopped broker has ended the sessions already
        if (this.broker.isRunning()) {
            this.local.forEach(InProcessSubscriber::close);
        }
        this.local.clear();
        try {
            this.client.disconnect().get(this.options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (Exception ex) {
            logger.debug("Bridge '{}' disconnect: {}", this.name, ex.toString());
        }
    }

    public boolean isRunning() {
        return this.running.get();
    }

    /**
     * Return whether the bridge is connected to the remote broker now.
     * @return {@code true} while connected
     */
    public boolean isConnected() {
        return this.client.getState().isConnected();
    }

    /**
     * Return how many messages went to the remote broker.
     * @return a counter
     */
    public long getSent() {
        return this.sent.sum();
    }

    /**
     * Return how many messages came from the remote broker.
     * @return a counter
     */
    public long getReceived() {
        return this.received.sum();
    }

    /**
     * Return how many messages the remote broker refused with an error reason code.
     * @return a counter
     */
    public long getRefused() {
        return this.refused.sum();
    }

}
