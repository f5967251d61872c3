package io.mqttspring.autoconfigure.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.mqttspring.actuate.MqttBrokerMetrics;
import io.mqttspring.actuate.MqttListenerMetrics;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.listener.MqttListenerEndpointRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer metrics for the broker ({@code mqtt.*}) and its listeners
 * ({@code mqtt.listener.*}).
 */
@AutoConfiguration(after = MqttMessagingAutoConfiguration.class)
@ConditionalOnClass({ MeterBinder.class, MqttBroker.class })
@ConditionalOnBean(MqttBroker.class)
public final class MqttMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MqttBrokerMetrics mqttBrokerMetrics(MqttBroker broker) {
        return new MqttBrokerMetrics(broker);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(MqttListenerEndpointRegistry.class)
    MqttListenerMetrics mqttListenerMetrics(MqttListenerEndpointRegistry registry) {
        return new MqttListenerMetrics(registry);
    }

}
