package io.mqttspring.autoconfigure.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttBrokerCustomizer;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.BrokerConfig;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * With {@code mqtt.broker.cluster.enabled=true} and a {@link HazelcastInstance} in the application (Spring Boot's
 * Hazelcast auto-configuration or the application's own), the broker joins that instance's cluster instead of
 * building a member of its own; the application keeps owning the instance.
 */
@AutoConfiguration(before = MqttBrokerAutoConfiguration.class,
        afterName = "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration")
@ConditionalOnClass({ HazelcastInstance.class, MqttBroker.class })
@ConditionalOnBooleanProperty("mqtt.broker.cluster.enabled")
public final class MqttHazelcastAutoConfiguration {

    @Bean
    @ConditionalOnBean(HazelcastInstance.class)
    MqttBrokerCustomizer mqttBrokerHazelcastCustomizer(HazelcastInstance hazelcast) {
        return new MqttBrokerCustomizer() {

            @Override
            public void customize(BrokerConfig.Builder config) {
            }

            @Override
            public void customize(MqttBroker.Builder broker) {
                broker.hazelcastInstance(hazelcast);
            }

        };
    }

}
