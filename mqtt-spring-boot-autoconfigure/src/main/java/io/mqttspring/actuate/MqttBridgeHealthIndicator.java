package io.mqttspring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.mqttspring.broker.bridge.MqttBridge;
import io.mqttspring.bridge.MqttBridges;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the embedded broker's bridges: UP when every bridge is connected to its remote broker, DOWN while one is
 * not (its messages wait, within the broker's queue limits); each with its counts.
 */
public class MqttBridgeHealthIndicator extends AbstractHealthIndicator {

    private final MqttBridges bridges;

    public MqttBridgeHealthIndicator(MqttBridges bridges) {
        super("MQTT bridge health check failed");
        this.bridges = bridges;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean allConnected = true;
        for (MqttBridge bridge : this.bridges.getBridges()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("connected", bridge.isConnected());
            details.put("sent", bridge.getSent());
            details.put("received", bridge.getReceived());
            details.put("refused", bridge.getRefused());
            builder.withDetail(bridge.getName(), details);
            allConnected &= bridge.isConnected();
        }
        if (allConnected) {
            builder.up();
        }
        else {
            builder.down();
        }
    }

}
