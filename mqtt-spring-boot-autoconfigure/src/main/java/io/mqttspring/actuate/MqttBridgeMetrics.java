package io.mqttspring.actuate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mqttspring.broker.bridge.MqttBridge;
import io.mqttspring.bridge.MqttBridges;

/**
 * Metrics of the embedded broker's bridges, tagged with the bridge's name: {@code mqtt.bridge.connected} (1 while
 * connected to its remote broker), {@code mqtt.bridge.messages} by {@code direction} ({@code out}, {@code in}) and
 * {@code mqtt.bridge.refused} (messages the remote broker refused with an error reason code, not sent again).
 */
public class MqttBridgeMetrics implements MeterBinder {

    private final MqttBridges bridges;

    public MqttBridgeMetrics(MqttBridges bridges) {
        this.bridges = bridges;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (MqttBridge bridge : this.bridges.getBridges()) {
            Gauge.builder("mqtt.bridge.connected", bridge, (b) -> b.isConnected() ? 1 : 0)
                .description("Whether the bridge is connected to its remote broker")
                .tag("bridge", bridge.getName())
                .register(registry);
            FunctionCounter.builder("mqtt.bridge.messages", bridge, MqttBridge::getSent)
                .description("Messages the bridge carried")
                .tags("bridge", bridge.getName(), "direction", "out")
                .register(registry);
            FunctionCounter.builder("mqtt.bridge.messages", bridge, MqttBridge::getReceived)
                .description("Messages the bridge carried")
                .tags("bridge", bridge.getName(), "direction", "in")
                .register(registry);
            FunctionCounter.builder("mqtt.bridge.refused", bridge, MqttBridge::getRefused)
                .description("Messages the remote broker refused with an error reason code")
                .tag("bridge", bridge.getName())
                .register(registry);
        }
    }

}
