package io.mqttspring.integration;

import io.mqttspring.broker.message.QoS;

import org.springframework.integration.dsl.MessageHandlerSpec;

/**
 * Fluent configuration of a {@link MqttOutboundMessageHandler}.
 */
public class MqttOutboundMessageHandlerSpec
        extends MessageHandlerSpec<MqttOutboundMessageHandlerSpec, MqttOutboundMessageHandler> {

    MqttOutboundMessageHandlerSpec(MqttOutboundMessageHandler handler) {
        this.target = handler;
    }

    public MqttOutboundMessageHandlerSpec defaultTopic(String topic) {
        this.target.setDefaultTopic(topic);
        return this;
    }

    public MqttOutboundMessageHandlerSpec defaultQos(QoS qos) {
        this.target.setDefaultQos(qos);
        return this;
    }

    public MqttOutboundMessageHandlerSpec defaultRetain(boolean retain) {
        this.target.setDefaultRetain(retain);
        return this;
    }

}
