package io.mqttspring.actuate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mqttspring.core.MqttConnection;

/**
 * Metrics of client mode's connection: {@code mqtt.client.connected}, 1 while connected to the broker.
 */
public class MqttClientMetrics implements MeterBinder {

    private final MqttConnection connection;

    public MqttClientMetrics(MqttConnection connection) {
        this.connection = connection;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("mqtt.client.connected", this.connection, (c) -> c.isRunning() ? 1 : 0)
            .description("Whether client mode is connected to its broker")
            .register(registry);
    }

}
