package io.mqttspring.actuate;

import io.mqttspring.core.MqttConnection;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of client mode's connection to a broker over the network: UP while connected, DOWN while it is down and
 * reconnecting, with the broker's URL.
 */
public class MqttClientHealthIndicator extends AbstractHealthIndicator {

    private final MqttConnection connection;

    public MqttClientHealthIndicator(MqttConnection connection) {
        super("MQTT client health check failed");
        this.connection = connection;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("url", this.connection.describe());
        if (this.connection.isRunning()) {
            builder.up();
        }
        else {
            // publications made meanwhile wait in the client until it is back
            builder.down().withDetail("state", "disconnected, reconnecting");
        }
    }

}
