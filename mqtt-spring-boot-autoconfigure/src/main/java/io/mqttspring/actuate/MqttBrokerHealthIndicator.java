package io.mqttspring.actuate;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.metrics.BrokerStatistics;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.Assert;

/**
 * Health of the embedded broker: up while its listener accepts connections, with the listener address and live
 * figures as details; down otherwise.
 */
public class MqttBrokerHealthIndicator extends AbstractHealthIndicator {

    /**
     * The broker serves but holds publishers back: its queued messages are within 10 % of the memory budget. Not
     * DOWN: clients are still served. Map it with {@code management.endpoint.health.status.order} and
     * {@code http-mapping} to change how it aggregates.
     */
    public static final Status OVERLOADED = new Status("OVERLOADED", "queued messages near the memory budget");

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
        // near the memory budget the broker holds publishers back: still serving, but not at full speed
        builder.status(nearBudget(statistics) ? OVERLOADED : Status.UP)
            .withDetail("listeners", this.broker.listenerUris())
            .withDetail("connections", statistics.connections())
            .withDetail("sessions", statistics.sessions())
            .withDetail("subscriptions", statistics.subscriptions())
            .withDetail("retainedMessages", statistics.retainedMessages())
            .withDetail("throttledConnections", statistics.throttledConnections())
            .withDetail("queuedBytes", statistics.queuedBytes())
            .withDetail("memoryBudget", statistics.memoryBudget());
    }

    private static boolean nearBudget(BrokerStatistics statistics) {
        return statistics.queuedBytes() >= statistics.memoryBudget() - statistics.memoryBudget() / 10;
    }

}
