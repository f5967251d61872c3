package io.mqttspring.actuate;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.metrics.BrokerStatistics;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * Health of the embedded broker: up while its listener accepts connections, with the listener address and live
 * figures as details; down otherwise.
 */
public class MqttBrokerHealthIndicator extends AbstractHealthIndicator {

    private final MqttBroker broker;

    public MqttBrokerHealthIndicator(MqttBroker broker) {
        super("MQTT broker health check failed");
        Assert.notNull(broker, "'broker' must not be null");
        this.broker = broker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!this.broker.isAcceptingConnections()) {
            builder.down().withDetail("reason", this.broker.isRunning() ? "listener is not accepting connections"
                    : "broker is not running");
            return;
        }
        BrokerStatistics statistics = this.broker.statistics();
        builder.up()
            .withDetail("listeners", this.broker.listenerUris())
            .withDetail("connections", statistics.connections())
            .withDetail("sessions", statistics.sessions())
            .withDetail("subscriptions", statistics.subscriptions())
            .withDetail("retainedMessages", statistics.retainedMessages());
    }

}
