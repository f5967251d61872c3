package io.mqttspring.autoconfigure.health;

import io.mqttspring.actuate.MqttBridgeHealthIndicator;
import io.mqttspring.actuate.MqttBrokerHealthIndicator;
import io.mqttspring.actuate.MqttClientHealthIndicator;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.bridge.MqttBridgeAutoConfiguration;
import io.mqttspring.autoconfigure.client.MqttClientAutoConfiguration;
import io.mqttspring.autoconfigure.client.MqttConnectionDetails;
import io.mqttspring.bridge.MqttBridges;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.core.MqttConnection;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code mqttBroker} health indicator of the embedded broker, and of the {@code mqttClient}
 * one of client mode's connection; turn them off with {@code management.health.mqtt.enabled=false}.
 */
@AutoConfiguration(after = { MqttBrokerAutoConfiguration.class, MqttClientAutoConfiguration.class,
        MqttBridgeAutoConfiguration.class })
@ConditionalOnClass({ HealthIndicator.class, MqttBroker.class })
@ConditionalOnEnabledHealthIndicator("mqtt")
public final class MqttHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnBean(MqttBroker.class)
    @ConditionalOnMissingBean(name = "mqttBrokerHealthIndicator")
    MqttBrokerHealthIndicator mqttBrokerHealthIndicator(MqttBroker broker) {
        return new MqttBrokerHealthIndicator(broker);
    }

    @Bean
    @ConditionalOnBean(MqttBridges.class)
    @ConditionalOnMissingBean(name = "mqttBridgeHealthIndicator")
    MqttBridgeHealthIndicator mqttBridgeHealthIndicator(MqttBridges bridges) {
        return new MqttBridgeHealthIndicator(bridges);
    }

    @Bean
    @ConditionalOnBean({ MqttConnectionDetails.class, MqttConnection.class })
    @ConditionalOnMissingBean(name = "mqttClientHealthIndicator")
    MqttClientHealthIndicator mqttClientHealthIndicator(MqttConnection connection) {
        return new MqttClientHealthIndicator(connection);
    }

}
