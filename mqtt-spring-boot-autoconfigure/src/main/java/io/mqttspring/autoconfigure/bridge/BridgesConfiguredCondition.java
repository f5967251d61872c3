package io.mqttspring.autoconfigure.bridge;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether any bridge is configured under {@code mqtt.broker.bridges}.
 */
class BridgesConfiguredCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        boolean configured = Binder.get(context.getEnvironment())
            .bind("mqtt.broker.bridges", Bindable.mapOf(String.class, Object.class))
            .map(Map::isEmpty).map((empty) -> !empty).orElse(false);
        return configured ? ConditionOutcome.match("mqtt.broker.bridges is set")
                : ConditionOutcome.noMatch("no mqtt.broker.bridges");
    }

}
