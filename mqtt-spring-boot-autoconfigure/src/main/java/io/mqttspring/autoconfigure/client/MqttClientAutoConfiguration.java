package io.mqttspring.autoconfigure.client;

import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.core.MqttConnection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of client mode: with {@code mqtt.client.url} set, or {@link MqttConnectionDetails} from a
 * service connection, the application's {@link MqttConnection} goes to that broker through the HiveMQ MQTT Client,
 * and the template, listeners and Integration adapters use it.
 */
@AutoConfiguration(before = MqttBrokerAutoConfiguration.class)
@Conditional(ClientModeCondition.class)
@EnableConfigurationProperties(MqttClientProperties.class)
public final class MqttClientAutoConfiguration {

    private static final String CLIENT_CLASS = "com.hivemq.client.mqtt.MqttClient";

    @Bean
    @ConditionalOnMissingBean(MqttConnectionDetails.class)
    MqttConnectionDetails mqttConnectionDetails(MqttClientProperties properties) {
        return new PropertiesMqttConnectionDetails(properties);
    }

    @Bean
    @ConditionalOnMissingBean(MqttConnection.class)
    MqttConnection mqttConnection(MqttClientProperties properties, MqttConnectionDetails details,
            ObjectProvider<SslBundles> sslBundles, ResourceLoader resourceLoader) {
        if (!ClassUtils.isPresent(CLIENT_CLASS, resourceLoader.getClassLoader())) {
            throw new InvalidConfigurationPropertyValueException("mqtt.client.url", properties.getUrl(),
                    "Client mode needs the HiveMQ MQTT Client: add com.hivemq:hivemq-mqtt-client to the "
                            + "application's dependencies");
        }
        return HiveMqClients.connection(properties, details, sslBundles.getIfAvailable());
    }

}
