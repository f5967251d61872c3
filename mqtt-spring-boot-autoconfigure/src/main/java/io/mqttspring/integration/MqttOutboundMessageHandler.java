package io.mqttspring.integration;

import io.mqttspring.broker.message.QoS;
import io.mqttspring.core.MqttHeaders;
import io.mqttspring.core.MqttOperations;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;

/**
 * Publishes messages to the embedded broker through {@link MqttOperations}: topic, QoS, retain flag and MQTT 5
 * properties from {@link MqttHeaders}, with defaults for what a message does not say. Waits until the broker routed
 * the message, so a failure reaches the flow's error handling.
 */
public class MqttOutboundMessageHandler extends AbstractMessageHandler {

    private final MqttOperations operations;

    private @Nullable String defaultTopic;

    private @Nullable QoS defaultQos;

    private boolean defaultRetain;

    public MqttOutboundMessageHandler(MqttOperations operations) {
        Assert.notNull(operations, "'operations' must not be null");
        this.operations = operations;
    }

    /**
     * Set the topic of messages without a {@link MqttHeaders#TOPIC} header.
     * @param defaultTopic the topic name
     */
    public void setDefaultTopic(@Nullable String defaultTopic) {
        this.defaultTopic = defaultTopic;
    }

    /**
     * Set the QoS of messages without a {@link MqttHeaders#QOS} header; the template's default otherwise.
     * @param defaultQos the QoS
     */
    public void setDefaultQos(@Nullable QoS defaultQos) {
        this.defaultQos = defaultQos;
    }

    /**
     * Set whether messages without a {@link MqttHeaders#RETAINED} header are retained.
     * @param defaultRetain the retain flag
     */
    public void setDefaultRetain(boolean defaultRetain) {
        this.defaultRetain = defaultRetain;
    }

    @Override
    public String getComponentType() {
        return "mqtt:outbound-channel-adapter";
    }

    @Override
    protected void handleMessageInternal(Message<?> message) {
        MessageBuilder<?> builder = MessageBuilder.fromMessage(message);
        if (this.defaultTopic != null) {
            builder.setHeaderIfAbsent(MqttHeaders.TOPIC, this.defaultTopic);
        }
        if (this.defaultQos != null) {
            builder.setHeaderIfAbsent(MqttHeaders.QOS, this.defaultQos);
        }
        builder.setHeaderIfAbsent(MqttHeaders.RETAINED, this.defaultRetain);
        this.operations.publish(builder.build()).join();
    }

}
