package io.mqttspring.autoconfigure.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.mqttspring.actuate.MqttBridgeMetrics;
import io.mqttspring.actuate.MqttBrokerMetrics;
import io.mqttspring.actuate.MqttClientMetrics;
import io.mqttspring.actuate.MqttListenerMetrics;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.autoconfigure.bridge.MqttBridgeAutoConfiguration;
import io.mqttspring.autoconfigure.client.MqttClientAutoConfiguration;
import io.mqttspring.autoconfigure.client.MqttConnectionDetails;
import io.mqttspring.bridge.MqttBridges;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.listener.MqttListenerEndpointRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer metrics for the broker ({@code mqtt.*}), its listeners ({@code mqtt.listener.*}),
 * bridges ({@code mqtt.bridge.*}) and client mode's connection ({@code mqtt.client.*}).
 */
@AutoConfiguration(after = { MqttMessagingAutoConfiguration.class, MqttBridgeAutoConfiguration.class,
        MqttClientAutoConfiguration.class })
@ConditionalOnClass({ MeterBinder.class, MqttBroker.class })
public final class MqttMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(MqttBroker.class)
    MqttBrokerMetrics mqttBrokerMetrics(MqttBroker broker) {
        return new MqttBrokerMetrics(broker);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(MqttListenerEndpointRegistry.class)
    MqttListenerMetrics mqttListenerMetrics(MqttListenerEndpointRegistry registry) {
        return new MqttListenerMetrics(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(MqttBridges.class)
    MqttBridgeMetrics mqttBridgeMetrics(MqttBridges bridges) {
        return new MqttBridgeMetrics(bridges);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({ MqttConnectionDetails.class, MqttConnection.class })
    MqttClientMetrics mqttClientMetrics(MqttConnection connection) {
        return new MqttClientMetrics(connection);
    }

}
