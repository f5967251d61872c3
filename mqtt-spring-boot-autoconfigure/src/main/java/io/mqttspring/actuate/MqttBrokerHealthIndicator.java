package io.mqttspring.actuate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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

    // each listener by name: its URI, whether it accepts connections, and the TLS implementation of a TLS listener
    private Map<String, Map<String, Object>> listeners() {
        Map<String, Map<String, Object>> listeners = new LinkedHashMap<>();
        for (MqttBroker.ListenerInfo listener : this.broker.listeners()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("uri", listener.uri());
            details.put("active", listener.active());
            if (listener.tls() != null) {
                details.put("tls", listener.tls());
            }
            listeners.put(listener.name(), details);
        }
        return listeners;
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
            .withDetail("listeners", listeners())
            .withDetail("connections", statistics.connections())
            .withDetail("sessions", statistics.sessions())
            .withDetail("subscriptions", statistics.subscriptions())
            .withDetail("retainedMessages", statistics.retainedMessages())
            .withDetail("throttledConnections", statistics.throttledConnections())
            .withDetail("queuedBytes", statistics.queuedBytes())
            .withDetail("memoryBudget", statistics.memoryBudget());
        this.broker.storeStatus().ifPresent((store) -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("path", store.path().toString());
            details.put("syncPolicy", store.syncPolicy().name().toLowerCase(Locale.ROOT));
            details.put("sizeOnDisk", store.sizeOnDisk());
            if (store.failure() != null) {
                // publications to persistent sessions wait for the disk: they are not acknowledged
                details.put("failure", store.failure());
                builder.down();
            }
            builder.withDetail("store", details);
        });
        this.broker.clusterStatus().ifPresent((cluster) -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("nodeId", cluster.nodeId());
            details.put("role", cluster.role());
            details.put("members", cluster.members());
            builder.withDetail("cluster", details);
        });
    }

    private static boolean nearBudget(BrokerStatistics statistics) {
        return statistics.queuedBytes() >= statistics.memoryBudget() - statistics.memoryBudget() / 10;
    }

}
