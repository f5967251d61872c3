package io.mqttspring.autoconfigure.health;

import io.mqttspring.actuate.MqttBrokerHealthIndicator;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.broker.MqttBroker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code mqttBroker} health indicator; turn it off with
 * {@code management.health.mqtt.enabled=false}.
 */
@AutoConfiguration(after = MqttBrokerAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, MqttBroker.class })
@ConditionalOnBean(MqttBroker.class)
@ConditionalOnEnabledHealthIndicator("mqtt")
public final class MqttHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "mqttBrokerHealthIndicator")
    MqttBrokerHealthIndicator mqttBrokerHealthIndicator(MqttBroker broker) {
        return new MqttBrokerHealthIndicator(broker);
    }

}
