package io.mqttspring.integration;

import java.util.concurrent.Executor;

import io.mqttspring.broker.message.QoS;

import org.springframework.integration.dsl.MessageProducerSpec;

/**
 * Fluent configuration of a {@link MqttInboundChannelAdapter}.
 */
public class MqttInboundChannelAdapterSpec
        extends MessageProducerSpec<MqttInboundChannelAdapterSpec, MqttInboundChannelAdapter> {

    MqttInboundChannelAdapterSpec(MqttInboundChannelAdapter adapter) {
        super(adapter);
    }

    public MqttInboundChannelAdapterSpec qos(QoS qos) {
        this.target.setQos(qos);
        return this;
    }

    public MqttInboundChannelAdapterSpec group(String group) {
        this.target.setGroup(group);
        return this;
    }

    public MqttInboundChannelAdapterSpec payloadType(Class<?> payloadType) {
        this.target.setPayloadType(payloadType);
        return this;
    }

    public MqttInboundChannelAdapterSpec executor(Executor executor) {
        this.target.setExecutor(executor);
        return this;
    }

    public MqttInboundChannelAdapterSpec concurrency(int concurrency) {
        this.target.setConcurrency(concurrency);
        return this;
    }

}
