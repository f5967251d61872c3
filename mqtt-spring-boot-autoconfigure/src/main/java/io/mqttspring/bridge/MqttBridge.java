package io.mqttspring.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.broker.message.UserProperty;
import io.mqttspring.client.ConnectOptions;
import io.mqttspring.client.MessageMapping;
import io.mqttspring.core.EmbeddedMqttConnection;
import io.mqttspring.core.MqttConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Connects the embedded broker to a remote broker and carries chosen topics across, as Mosquitto's bridges do.
 * <ul>
 * <li>Out: an in-process subscriber on the embedded broker publishes each message to the remote broker, and
 * acknowledges it locally once the remote broker acknowledged it. While the remote broker is away the messages wait
 * in that subscriber's session, within the broker's queue limits, and drops are counted as any subscriber's.</li>
 * <li>In: a subscription on the remote broker, with No Local so that the bridge's own publications do not come
 * back, publishes each message on the embedded broker and then acknowledges it remotely.</li>
 * <li>Loops: what comes in carries the user property {@code mqtt-bridge} with the bridge's name, and the out side
 * does not send such messages back.</li>
 * </ul>
 * The client connects in the background and reconnects with back-off: a remote broker that is away does not stop
 * the application. Thread-safe.
 */
public final class MqttBridge implements SmartLifecycle {

    private static final Log logger = LogFactory.getLog(MqttBridge.class);

    /** The user property that marks messages a bridge brought in. */
    public static final String MARKER = "mqtt-bridge";

    private final String name;

    private final MqttBroker broker;

    private final Mqtt5AsyncClient client;

    private final List<BridgeTopic> topics;

    private final ConnectOptions options;

    private final LongAdder sent = new LongAdder();

    private final LongAdder received = new LongAdder();

    private final AtomicBoolean running = new AtomicBoolean();

    private final List<MqttConnection.Subscription> local = new ArrayList<>();

    /**
     * Create a bridge, not started.
     * @param name the bridge's name, for logs, the marker and its in-process subscriber
     * @param broker the embedded broker
     * @param client the client for the remote broker, with automatic reconnect
     * @param topics what to carry
     * @param options how to connect
     */
    public MqttBridge(String name, MqttBroker broker, Mqtt5AsyncClient client, List<BridgeTopic> topics,
            ConnectOptions options) {
        Assert.hasText(name, "'name' must not be empty");
        Assert.notEmpty(topics, "'topics' must not be empty");
        this.name = name;
        this.broker = broker;
        this.client = client;
        this.topics = List.copyOf(topics);
        this.options = options;
    }

    public String getName() {
        return this.name;
    }

    @Override
    public void start() {
        if (!this.running.compareAndSet(false, true)) {
            return;
        }
        subscribeRemote();
        this.options.connect(this.client).whenComplete((connAck, failure) -> {
            if (failure != null) {
                logger.warn("Bridge '" + this.name + "' could not connect yet, trying again: " + failure);
            }
            else {
                logger.info("Bridge '" + this.name + "' connected");
            }
        });
        subscribeLocal();
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
                        logger.warn("Bridge '" + this.name + "' could not subscribe to '" + topic.remoteFilter()
                                + "': " + failure);
                    }
                });
        }
    }

    private void subscribeLocal() {
        EmbeddedMqttConnection embedded = new EmbeddedMqttConnection(this.broker);
        int index = 0;
        for (BridgeTopic topic : this.topics) {
            if (topic.goesOut()) {
                this.local.add(embedded.subscribe("$bridge/" + this.name + "/" + index, List.of(topic.localFilter()),
                        topic.qos(), (message) -> sendOut(topic, message)));
            }
            index++;
        }
    }

    private CompletableFuture<Void> sendOut(BridgeTopic topic, ReceivedMessage received) {
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
        return this.client.publish(MessageMapping.toPublish(out)).thenAccept((result) -> this.sent.increment());
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
                logger.warn("Bridge '" + this.name + "' could not publish '" + localTopic + "' locally: " + failure);
            }
            else {
                this.received.increment();
            }
            // acknowledged remotely once the embedded broker has it
            publish.acknowledge();
        });
    }

    @Override
    public void stop() {
        if (!this.running.compareAndSet(true, false)) {
            return;
        }
        this.local.forEach(MqttConnection.Subscription::close);
        this.local.clear();
        try {
            this.client.disconnect().get(this.options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (Exception ex) {
            logger.debug("Bridge '" + this.name + "' disconnect: " + ex);
        }
    }

    @Override
    public boolean isRunning() {
        return this.running.get();
    }

    @Override
    public int getPhase() {
        // after the embedded broker starts, before listeners
        return SmartLifecycle.DEFAULT_PHASE - 1024;
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

}
