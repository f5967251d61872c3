package io.mqttspring.autoconfigure.integration;

import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.core.MqttMessageConverter;
import io.mqttspring.core.MqttOperations;
import io.mqttspring.integration.MqttIntegration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * Auto-configuration of the Spring Integration entry point on the application's MQTT connection.
 */
@AutoConfiguration(after = MqttMessagingAutoConfiguration.class)
@ConditionalOnClass({ IntegrationFlow.class, MqttBroker.class })
@ConditionalOnBean({ MqttConnection.class, MqttOperations.class })
public final class MqttIntegrationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MqttIntegration mqttIntegration(MqttConnection connection, MqttMessageConverter converter,
            MqttOperations operations) {
        return new MqttIntegration(connection, converter, operations);
    }

}
