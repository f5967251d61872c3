package io.mqttspring.autoconfigure;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.BrokerConfig;

/**
 * Callback to customize the embedded broker beyond what {@code mqtt.broker.*} properties offer. Customizer beans
 * are applied in order, after the properties.
 */
@FunctionalInterface
public interface MqttBrokerCustomizer {

    /**
     * Customize the configuration.
     * @param config the configuration builder, with properties applied
     */
    void customize(BrokerConfig.Builder config);

    /**
     * Customize the broker's extension points (listeners, stores, security). The default does nothing.
     * @param broker the broker builder
     */
    default void customize(MqttBroker.Builder broker) {
    }

}
