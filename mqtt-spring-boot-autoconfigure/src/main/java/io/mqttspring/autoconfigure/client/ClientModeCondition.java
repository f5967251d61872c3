package io.mqttspring.autoconfigure.client;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether client mode is on: {@code mqtt.client.url} is set, or a service connection defined
 * {@link MqttConnectionDetails}.
 */
public class ClientModeCondition extends SpringBootCondition implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if (context.getEnvironment().containsProperty("mqtt.client.url")) {
            return ConditionOutcome.match("mqtt.client.url is set");
        }
        if (hasConnectionDetails(context.getBeanFactory())) {
            return ConditionOutcome.match("an MqttConnectionDetails bean is defined");
        }
        return ConditionOutcome.noMatch("neither mqtt.client.url nor MqttConnectionDetails");
    }

    /**
     * Return whether a service connection, not the properties, defined the connection details.
     * @param beanFactory the bean factory
     * @return {@code true} for a bean other than the properties' own
     */
    public static boolean hasConnectionDetails(ConfigurableListableBeanFactory beanFactory) {
        return beanFactory != null
                && beanFactory.getBeanNamesForType(MqttConnectionDetails.class, true, false).length > 0;
    }

}
