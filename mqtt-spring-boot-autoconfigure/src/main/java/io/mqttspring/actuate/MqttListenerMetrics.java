package io.mqttspring.actuate;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mqttspring.listener.MqttListenerContainer;
import io.mqttspring.listener.MqttListenerEndpointRegistry;

/**
 * Binds each {@code @MqttListener}'s invocation count and time, failures and backlog to Micrometer, tagged with the
 * listener id; listeners registered later are bound when they register.
 */
public class MqttListenerMetrics implements MeterBinder {

    private final MqttListenerEndpointRegistry registry;

    public MqttListenerMetrics(MqttListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        this.registry.onRegistration((container) -> bind(meters, container));
    }

    private static void bind(MeterRegistry meters, MqttListenerContainer container) {
        FunctionTimer.builder("mqtt.listener.invocations", container, MqttListenerContainer::getInvocations,
                MqttListenerContainer::getTotalTimeNanos, TimeUnit.NANOSECONDS)
            .description("Invocations of an @MqttListener method and the time they took")
            .tag("listener", container.getId())
            .register(meters);
        FunctionCounter.builder("mqtt.listener.failures", container, MqttListenerContainer::getFailures)
            .description("Invocations of an @MqttListener method that failed")
            .tag("listener", container.getId())
            .register(meters);
        Gauge.builder("mqtt.listener.pending", container, MqttListenerContainer::getPending)
            .description("Messages handed to an @MqttListener and not yet processed")
            .tag("listener", container.getId())
            .register(meters);
    }

}
