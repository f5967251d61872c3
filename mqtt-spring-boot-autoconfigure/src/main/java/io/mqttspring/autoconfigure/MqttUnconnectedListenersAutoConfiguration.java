package io.mqttspring.autoconfigure;

import io.mqttspring.autoconfigure.client.MqttClientAutoConfiguration;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.listener.UnconnectedListenerWarning;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * Without an MQTT connection (the embedded broker off, client mode not on), warns once that {@code @MqttListener}
 * methods will receive nothing, rather than leaving them silent.
 */
@AutoConfiguration(after = { MqttBrokerAutoConfiguration.class, MqttClientAutoConfiguration.class,
        MqttMessagingAutoConfiguration.class })
@ConditionalOnMissingBean(MqttConnection.class)
public final class MqttUnconnectedListenersAutoConfiguration {

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static UnconnectedListenerWarning mqttUnconnectedListenerWarning() {
        return new UnconnectedListenerWarning();
    }

}
