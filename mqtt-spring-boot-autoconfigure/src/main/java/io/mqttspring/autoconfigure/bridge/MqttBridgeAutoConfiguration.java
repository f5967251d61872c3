package io.mqttspring.autoconfigure.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.broker.bridge.MqttBridge;
import io.mqttspring.bridge.MqttBridges;
import io.mqttspring.broker.MqttBroker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the embedded broker's bridges to remote brokers, from {@code mqtt.broker.bridges.*}.
 */
@AutoConfiguration(after = MqttBrokerAutoConfiguration.class)
@ConditionalOnBean(MqttBroker.class)
@Conditional(BridgesConfiguredCondition.class)
@EnableConfigurationProperties(MqttBridgeProperties.class)
public final class MqttBridgeAutoConfiguration {

    private static final String CLIENT_CLASS = "com.hivemq.client.mqtt.MqttClient";

    @Bean
    @ConditionalOnMissingBean
    MqttBridges mqttBridges(MqttBroker broker, MqttBridgeProperties properties,
            ObjectProvider<SslBundles> sslBundles, ResourceLoader resourceLoader) {
        Map<String, MqttBridgeProperties.Bridge> configured = properties.getBridges();
        String first = configured.keySet().iterator().next();
        if (!ClassUtils.isPresent(CLIENT_CLASS, resourceLoader.getClassLoader())) {
            throw new InvalidConfigurationPropertyValueException("mqtt.broker.bridges." + first + ".url",
                    configured.get(first).getUrl(), "Bridges need the HiveMQ MQTT Client: add "
                            + "com.hivemq:hivemq-mqtt-client to the application's dependencies");
        }
        List<MqttBridge> bridges = new ArrayList<>();
        configured.forEach((name, bridge) -> bridges.add(BridgeFactory.bridge(name, bridge, broker,
                sslBundles.getIfAvailable())));
        return new MqttBridges(bridges);
    }

}
