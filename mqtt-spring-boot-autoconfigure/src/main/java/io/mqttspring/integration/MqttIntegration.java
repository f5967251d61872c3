package io.mqttspring.integration;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.core.EmbeddedMqttConnection;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.core.MqttMessageConverter;
import io.mqttspring.core.MqttOperations;

import org.springframework.util.Assert;

/**
 * Java DSL entry points for Spring Integration flows on the application's {@link MqttConnection}: the embedded broker
 * or a broker over the network. Auto-configured as a bean:
 * <pre>{@code
 * @Bean
 * IntegrationFlow alerts(MqttIntegration mqtt) {
 *     return IntegrationFlow.from(mqtt.inbound("sensors/+/temperature").payloadType(Double.class))
 *             .filter(Double.class, (value) -> value > 30)
 *             .handle(mqtt.outbound().defaultTopic("alerts/temperature"))
 *             .get();
 * }
 * }</pre>
 */
public class MqttIntegration {

    private final MqttConnection connection;

    private final MqttMessageConverter converter;

    private final MqttOperations operations;

    public MqttIntegration(MqttBroker broker, MqttMessageConverter converter, MqttOperations operations) {
        this(new EmbeddedMqttConnection(broker), converter, operations);
    }

    public MqttIntegration(MqttConnection connection, MqttMessageConverter converter, MqttOperations operations) {
        Assert.notNull(connection, "'connection' must not be null");
        Assert.notNull(converter, "'converter' must not be null");
        Assert.notNull(operations, "'operations' must not be null");
        this.connection = connection;
        this.converter = converter;
        this.operations = operations;
    }

    /**
     * Start an inbound channel adapter subscribed to topic filters.
     * @param topics the topic filters
     * @return the adapter spec
     */
    public MqttInboundChannelAdapterSpec inbound(String... topics) {
        return new MqttInboundChannelAdapterSpec(new MqttInboundChannelAdapter(this.connection, this.converter, topics));
    }

    /**
     * Start an outbound message handler that publishes to the broker.
     * @return the handler spec
     */
    public MqttOutboundMessageHandlerSpec outbound() {
        return new MqttOutboundMessageHandlerSpec(new MqttOutboundMessageHandler(this.operations));
    }

}
