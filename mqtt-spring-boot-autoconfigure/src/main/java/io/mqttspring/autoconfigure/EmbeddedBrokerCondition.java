package io.mqttspring.autoconfigure;

import io.mqttspring.autoconfigure.client.ClientModeCondition;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the embedded broker runs: as {@code mqtt.broker.enabled} says, and by default unless client mode
 * ({@code mqtt.client.url}, or a service connection) sends the application's messages to another broker.
 */
class EmbeddedBrokerCondition extends SpringBootCondition implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
        return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        String enabled = environment.getProperty("mqtt.broker.enabled");
        if (enabled != null) {
            return Boolean.parseBoolean(enabled.trim()) ? ConditionOutcome.match("mqtt.broker.enabled is true")
                    : ConditionOutcome.noMatch("mqtt.broker.enabled is false");
        }
        if (environment.containsProperty("mqtt.client.url")) {
            return ConditionOutcome.noMatch("mqtt.client.url is set and mqtt.broker.enabled is not");
        }
        if (ClientModeCondition.hasConnectionDetails(context.getBeanFactory())) {
            return ConditionOutcome.noMatch("a service connection defined MqttConnectionDetails and "
                    + "mqtt.broker.enabled is not set");
        }
        return ConditionOutcome.match("mqtt.broker.enabled is not set");
    }

}
