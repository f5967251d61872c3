package io.mqttspring.core;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.PublishResult;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.broker.message.UserProperty;
import io.mqttspring.core.observation.MqttObservations;
import io.mqttspring.core.observation.MqttPublishContext;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.Assert;

/**
 * Publishes through an {@link MqttConnection}, to the embedded broker in process or to a broker over the network,
 * and runs MQTT 5 request/response. Payloads are converted by an {@link MqttMessageConverter}. Thread-safe.
 */
public class MqttTemplate implements MqttOperations, DisposableBean {

    private final MqttConnection connection;

    private final MqttMessageConverter converter;

    private final String instanceId = UUID.randomUUID().toString();

    private final Map<ByteBuffer, CompletableFuture<ReceivedMessage>> pendingReplies = new ConcurrentHashMap<>();

    private QoS defaultQos = QoS.AT_LEAST_ONCE;

    private String replyTopicPrefix = "replies/";

    private volatile MqttConnection.@Nullable Subscription replySubscriber;

    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    /**
     * Create a template that publishes to the embedded broker in process.
     * @param broker the broker
     * @param converter converts payloads
     */
    public MqttTemplate(MqttBroker broker, MqttMessageConverter converter) {
        this(new EmbeddedMqttConnection(broker), converter);
    }

    /**
     * Create a template that publishes through a connection.
     * @param connection the embedded broker or a broker over the network
     * @param converter converts payloads
     */
    public MqttTemplate(MqttConnection connection, MqttMessageConverter converter) {
        Assert.notNull(connection, "'connection' must not be null");
        Assert.notNull(converter, "'converter' must not be null");
        this.connection = connection;
        this.converter = converter;
    }

    /**
     * Set the QoS of publications that name none; QoS 1 by default, so persistent subscribers that are offline
     * get the message later (QoS 0 messages are not queued for them).
     * @param defaultQos the QoS
     */
    public void setDefaultQos(QoS defaultQos) {
        Assert.notNull(defaultQos, "'defaultQos' must not be null");
        this.defaultQos = defaultQos;
    }

    /**
     * Set the prefix of the response topic requests carry; the template appends its own unique identifier.
     * @param replyTopicPrefix the prefix, {@code replies/} by default
     */
    public void setReplyTopicPrefix(String replyTopicPrefix) {
        Assert.hasText(replyTopicPrefix, "'replyTopicPrefix' must not be empty");
        this.replyTopicPrefix = replyTopicPrefix;
    }

    public MqttMessageConverter getConverter() {
        return this.converter;
    }

    @Override
    public CompletableFuture<PublishResult> publish(String topic, Object payload) {
        return publish(topic, payload, this.defaultQos, false);
    }

    @Override
    public CompletableFuture<PublishResult> publish(String topic, Object payload, QoS qos, boolean retain) {
        Assert.notNull(topic, "'topic' must not be null");
        Assert.notNull(payload, "'payload' must not be null");
        MqttMessageConverter.Payload converted = this.converter.toPayload(payload, new MessageHeaders(null));
        MessageProperties properties = MessageProperties.builder().contentType(converted.contentType()).build();
        return publish(new ApplicationMessage(topic, converted.bytes(), qos, retain, properties));
    }

    @Override
    public CompletableFuture<PublishResult> publish(Message<?> message) {
        return publish(this.converter.toApplicationMessage(message, null, this.defaultQos));
    }

    /**
     * Observe publications and requests ({@code mqtt.publish}), the trace context carried to subscribers in the
     * {@code traceparent} user property (MQTT 5).
     * @param observationRegistry the registry, {@link ObservationRegistry#NOOP} to observe nothing
     */
    public void setObservationRegistry(ObservationRegistry observationRegistry) {
        Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
        this.observationRegistry = observationRegistry;
    }

    @Override
    public CompletableFuture<PublishResult> publish(ApplicationMessage message) {
        if (this.observationRegistry.isNoop()) {
            return send(message);
        }
        // without MQTT 5 there is no user property to carry the trace context in
        boolean propagate = this.connection.supportsMqtt5();
        MqttPublishContext context = new MqttPublishContext(message.topic(), message.qos(),
                message.properties().userProperties());
        Observation observation = MqttObservations.publish(context, this.observationRegistry).start();
        CompletableFuture<PublishResult> result;
        try (Observation.Scope scope = observation.openScope()) {
            // the handlers have added the trace context to the carrier by now
            MessageProperties properties = message.properties();
            ApplicationMessage traced = !propagate ? message : message.withProperties(new MessageProperties(
                    properties.payloadFormatIndicator(), properties.messageExpiryInterval(), properties.contentType(),
                    properties.responseTopic(), properties.correlationData(), context.getUserProperties()));
            result = send(traced);
        }
        return result.whenComplete((published, failure) -> {
            if (failure != null) {
                observation.error(failure);
            }
            observation.stop();
        });
    }

    private CompletableFuture<PublishResult> send(ApplicationMessage message) {
        try {
            return this.connection.publish(message);
        }
        catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    @Override
    public <T> CompletableFuture<T> request(String topic, Object payload, Class<T> replyType, Duration timeout) {
        Assert.notNull(replyType, "'replyType' must not be null");
        Assert.notNull(timeout, "'timeout' must not be null");
        if (!this.connection.supportsMqtt5()) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("Request/response needs MQTT 5 "
                    + "(response topic and correlation data); " + this.connection.describe()
                    + " is spoken to in MQTT 3.1.1 (mqtt.client.protocol-version)"));
        }
        String replyTopic = replyTopic();
        byte[] correlation = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer key = ByteBuffer.wrap(correlation);
        CompletableFuture<ReceivedMessage> reply = new CompletableFuture<>();
        this.pendingReplies.put(key, reply);
        MqttMessageConverter.Payload converted = this.converter.toPayload(payload, new MessageHeaders(null));
        MessageProperties properties = MessageProperties.builder().contentType(converted.contentType())
                .responseTopic(replyTopic).correlationData(correlation).build();
        publish(new ApplicationMessage(topic, converted.bytes(), this.defaultQos, false, properties))
            .whenComplete((result, failure) -> {
                if (failure != null) {
                    reply.completeExceptionally(failure);
                }
            });
        return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete((result, failure) -> this.pendingReplies.remove(key))
            .thenApply((received) -> this.converter.fromMessage(this.converter.toMessage(received), replyType));
    }

    private String replyTopic() {
        String topic = this.replyTopicPrefix + this.instanceId;
        MqttConnection.Subscription subscriber = this.replySubscriber;
        if (subscriber == null || subscriber.isClosed()) {
            synchronized (this) {
                subscriber = this.replySubscriber;
                if (subscriber == null || subscriber.isClosed()) {
                    this.replySubscriber = this.connection.subscribe("mqtt-template-replies-" + this.instanceId,
                            List.of(topic), QoS.AT_LEAST_ONCE, this::onReply);
                }
            }
        }
        return topic;
    }

    private CompletableFuture<Void> onReply(ReceivedMessage reply) {
        byte[] correlation = reply.message().properties().correlationData();
        if (correlation != null) {
            CompletableFuture<ReceivedMessage> pending = this.pendingReplies.remove(ByteBuffer.wrap(correlation));
            if (pending != null) {
                String failure = failure(reply);
                // completed off the broker thread: callers' continuations must not run on an event loop
                CompletableFuture.runAsync(() -> {
                    if (failure != null) {
                        pending.completeExceptionally(new MqttRequestFailedException(failure));
                    }
                    else {
                        pending.complete(reply);
                    }
                });
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    private static @Nullable String failure(ReceivedMessage reply) {
        for (UserProperty property : reply.message().properties().userProperties()) {
            if (property.name().equals(MqttHeaders.ERROR_PROPERTY)) {
                return property.value();
            }
        }
        return null;
    }

    @Override
    public void destroy() {
        MqttConnection.Subscription subscriber = this.replySubscriber;
        if (subscriber != null) {
            subscriber.close();
        }
    }

}
