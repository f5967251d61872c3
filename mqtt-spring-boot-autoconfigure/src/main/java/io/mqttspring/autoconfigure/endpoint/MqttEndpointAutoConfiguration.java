package io.mqttspring.autoconfigure.endpoint;

import io.mqttspring.actuate.MqttEndpoint;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.autoconfigure.bridge.MqttBridgeAutoConfiguration;
import io.mqttspring.bridge.MqttBridges;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.core.EmbeddedMqttConnection;
import io.mqttspring.core.MqttConnection;
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
 * {@code management.endpoints.web.exposure.include} setting; with the embedded broker or in client mode.
 */
@AutoConfiguration(after = { MqttMessagingAutoConfiguration.class, MqttBridgeAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, MqttBroker.class })
@ConditionalOnBean(MqttConnection.class)
@ConditionalOnAvailableEndpoint(MqttEndpoint.class)
public final class MqttEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MqttEndpoint mqttEndpoint(ObjectProvider<MqttBroker> broker, ObjectProvider<MqttListenerEndpointRegistry> listeners,
            ObjectProvider<MqttConnection> connection, ObjectProvider<MqttBridges> bridges) {
        // the embedded broker's in-process connection is the broker itself, described already; with several
        // connections the application defined, none is client mode's
        MqttConnection unique = connection.getIfUnique();
        MqttConnection remote = (unique instanceof EmbeddedMqttConnection) ? null : unique;
        return new MqttEndpoint(broker.getIfAvailable(), listeners.getIfAvailable(), remote,
                bridges.getIfAvailable());
    }

}
