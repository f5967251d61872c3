package io.mqttspring.autoconfigure.endpoint;

import io.mqttspring.actuate.MqttEndpoint;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.listener.MqttListenerEndpointRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code mqtt} Actuator endpoint, exposed through the usual
 * {@code management.endpoints.web.exposure.include} setting.
 */
@AutoConfiguration(after = MqttMessagingAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, MqttBroker.class })
@ConditionalOnBean(MqttBroker.class)
@ConditionalOnAvailableEndpoint(MqttEndpoint.class)
public final class MqttEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MqttEndpoint mqttEndpoint(MqttBroker broker, ObjectProvider<MqttListenerEndpointRegistry> listeners) {
        return new MqttEndpoint(broker, listeners.getIfAvailable());
    }

}
