package io.mqttspring.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.core.EmbeddedMqttConnection;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.core.MqttMessageConverter;
import io.mqttspring.core.dispatch.MqttMessageDispatcher;
import io.mqttspring.core.dispatch.MqttMessageDispatcher.Subscription;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;

/**
 * A message-driven channel adapter that subscribes to topic filters through an {@link MqttConnection}: the embedded
 * broker in process, or a broker over the network. Each message becomes a Spring message with {@link io.mqttspring.core.MqttHeaders}, sent to the
 * output channel from an executor (never from a broker thread), in order per topic, by an
 * {@link MqttMessageDispatcher}; QoS 1 and 2 messages are acknowledged once the send returned. Starts after the
 * broker; as the application context closes, stopping waits until the messages already received have been sent.
 */
public class MqttInboundChannelAdapter extends MessageProducerSupport {

    private final MqttConnection connection;

    private final MqttMessageConverter converter;

    private final List<String> topics;

    private QoS qos = QoS.AT_LEAST_ONCE;

    private @Nullable String group;

    private @Nullable Class<?> payloadType;

    private Executor executor = new SimpleAsyncTaskExecutor("mqtt-inbound-");

    private int concurrency = 1;

    private volatile @Nullable MqttMessageDispatcher dispatcher;

    public MqttInboundChannelAdapter(MqttBroker broker, MqttMessageConverter converter, String... topics) {
        this(new EmbeddedMqttConnection(broker), converter, topics);
    }

    public MqttInboundChannelAdapter(MqttConnection connection, MqttMessageConverter converter, String... topics) {
        Assert.notNull(connection, "'connection' must not be null");
        Assert.notNull(converter, "'converter' must not be null");
        Assert.notEmpty(topics, "'topics' must not be empty");
        this.connection = connection;
        this.converter = converter;
        this.topics = List.of(topics);
        // after the broker, which starts in an earlier phase
        setPhase(SmartLifecycle.DEFAULT_PHASE - 100);
    }

    /**
     * Set the maximum QoS of the subscriptions.
     * @param qos the QoS, 1 by default
     */
    public void setQos(QoS qos) {
        this.qos = qos;
    }

    /**
     * Subscribe as a member of a shared subscription group: each message goes to one member only.
     * @param group the group name
     */
    public void setGroup(@Nullable String group) {
        this.group = group;
    }

    /**
     * Convert payloads to a type (text, JSON ...) instead of sending {@code byte[]}.
     * @param payloadType the type
     */
    public void setPayloadType(@Nullable Class<?> payloadType) {
        this.payloadType = payloadType;
    }

    /**
     * Set the executor that sends messages to the output channel.
     * @param executor the executor; a new thread per topic lane by default
     */
    public void setExecutor(Executor executor) {
        this.executor = executor;
    }

    /**
     * Set how many messages of different topics may be sent at once.
     * @param concurrency at least 1
     */
    public void setConcurrency(int concurrency) {
        Assert.isTrue(concurrency >= 1, "'concurrency' must be at least 1");
        this.concurrency = concurrency;
    }

    @Override
    public String getComponentType() {
        return "mqtt:inbound-channel-adapter";
    }

    @Override
    protected void doStart() {
        String name = "integration/" + ((getComponentName() != null) ? getComponentName() : UUID.randomUUID());
        MqttMessageDispatcher started = new MqttMessageDispatcher(this.connection,
                new Subscription(name, this.topics, this.qos, this.group), this.executor, this.concurrency,
                this::send);
        started.start();
        this.dispatcher = started;
    }

    private void send(ReceivedMessage received) {
        Message<byte[]> raw = this.converter.toMessage(received);
        try {
            sendMessage(convert(raw));
        }
        catch (RuntimeException ex) {
            // conversion failures take the flow's error path, as send failures do
            if (!sendErrorMessageIfNecessary(raw, ex)) {
                logger.error(ex, () -> "MQTT inbound adapter could not handle a message on " + received.topic());
            }
        }
    }

    private Message<?> convert(Message<byte[]> message) {
        if (this.payloadType == null) {
            return message;
        }
        return MessageBuilder.withPayload(this.converter.fromMessage(message, this.payloadType))
            .copyHeaders(message.getHeaders())
            .build();
    }

    @Override
    protected void doStop() {
        stopDispatcher();
    }

    @Override
    protected void doStop(Runnable callback) {
        // the lifecycle processor waits for the callback, up to its timeout per shutdown phase
        stopDispatcher().thenRun(callback);
    }

    private CompletableFuture<Void> stopDispatcher() {
        MqttMessageDispatcher current = this.dispatcher;
        this.dispatcher = null;
        return (current != null) ? current.stop() : CompletableFuture.completedFuture(null);
    }

    List<String> getTopics() {
        return new ArrayList<>(this.topics);
    }

}
