package io.mqttspring.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.metrics.BrokerStatistics;
import io.mqttspring.listener.MqttListenerContainer;
import io.mqttspring.listener.MqttListenerEndpointRegistry;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code mqtt} Actuator endpoint: broker figures ({@code GET /actuator/mqtt}), clients with their subscriptions
 * ({@code GET /actuator/mqtt/clients}), listeners ({@code GET /actuator/mqtt/listeners}); disconnecting a client
 * ({@code DELETE /actuator/mqtt/clients/{clientId}}) and stopping or starting a listener
 * ({@code POST /actuator/mqtt/listeners/{id}} with {@code {"running": false}}).
 */
@Endpoint(id = "mqtt")
public class MqttEndpoint {

    private static final String CLIENTS = "clients";

    private static final String LISTENERS = "listeners";

    private final MqttBroker broker;

    private final @Nullable MqttListenerEndpointRegistry listeners;

    public MqttEndpoint(MqttBroker broker, @Nullable MqttListenerEndpointRegistry listeners) {
        this.broker = broker;
        this.listeners = listeners;
    }

    @ReadOperation
    public BrokerDescriptor broker() {
        BrokerStatistics stats = this.broker.statistics();
        boolean running = this.broker.isRunning();
        return new BrokerDescriptor(running, this.broker.isAcceptingConnections(),
                running ? this.broker.address().getHostString() : null, running ? this.broker.port() : null,
                stats.uptime().toSeconds(),
                new Figures(stats.connections(), stats.connectionsTotal(), stats.sessions(), stats.subscriptions(),
                        stats.retainedMessages(), stats.inflightMessages(), stats.queuedMessages(),
                        stats.messagesReceived(), stats.messagesSent(), stats.messagesDropped(), stats.bytesReceived(),
                        stats.bytesSent(), stats.throttledConnections(), stats.queuedBytes(), stats.memoryBudget()));
    }

    @ReadOperation
    public @Nullable Object section(@Selector String section) {
        if (CLIENTS.equals(section)) {
            return this.broker.sessions().stream().map(ClientDescriptor::of).toList();
        }
        if (LISTENERS.equals(section) && this.listeners != null) {
            return this.listeners.getListenerContainers().stream().map(ListenerDescriptor::of).toList();
        }
        return null;
    }

    /**
     * Describe one client: its session here, if any, and in a cluster the member holding its connection or session.
     * @param section {@code clients}
     * @param id the client identifier
     * @return the description, or {@code null} (404) for another section or a client unknown here and in the cluster
     */
    @ReadOperation
    public @Nullable Map<String, Object> client(@Selector String section, @Selector String id) {
        if (!CLIENTS.equals(section)) {
            return null;
        }
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", id);
        this.broker.sessions().stream().filter((session) -> session.clientId().equals(id)).findFirst()
            .ifPresent((session) -> client.put("session", ClientDescriptor.of(session)));
        if (this.broker.config().cluster().enabled()) {
            this.broker.clusterMemberOf(id).ifPresent((member) -> client.put("clusterMember", member));
        }
        return (client.size() > 1) ? client : null;
    }

    @DeleteOperation
    public Map<String, Object> disconnect(@Selector String section, @Selector String id) {
        if (!CLIENTS.equals(section)) {
            throw new InvalidEndpointRequestException("Only clients can be deleted, not " + section,
                    "Unknown section");
        }
        return Map.of("clientId", id, "disconnected", this.broker.disconnect(id));
    }

    @WriteOperation
    public ListenerDescriptor changeListener(@Selector String section, @Selector String id, boolean running) {
        if (!LISTENERS.equals(section) || this.listeners == null) {
            throw new InvalidEndpointRequestException("Only listeners can be changed, not " + section,
                    "Unknown section");
        }
        MqttListenerContainer container = this.listeners.getListenerContainer(id);
        if (container == null) {
            // answered with 400: the request names something that does not exist
            throw new InvalidEndpointRequestException("No MQTT listener with id '" + id + "'", "Unknown listener");
        }
        if (running) {
            container.start();
        }
        else {
            container.stop();
        }
        return ListenerDescriptor.of(container);
    }

    /**
     * The broker and its figures.
     */
    public record BrokerDescriptor(boolean running, boolean acceptingConnections, @Nullable String host,
            @Nullable Integer port, long uptimeSeconds, Figures figures) {
    }

    /**
     * Live figures of the broker.
     */
    public record Figures(long connections, long connectionsAccepted, long sessions, long subscriptions,
            long retainedMessages, long inflightMessages, long queuedMessages, long messagesReceived,
            long messagesSent, long messagesDropped, long bytesReceived, long bytesSent, long throttledConnections,
            long queuedBytes, long memoryBudget) {
    }

    /**
     * A client session.
     */
    public record ClientDescriptor(String clientId, boolean connected, @Nullable String address,
            @Nullable String protocolVersion, @Nullable String username, Map<String, Integer> subscriptions,
            boolean throttled, boolean stalled) {

        static ClientDescriptor of(MqttBroker.SessionInfo session) {
            ClientInfo client = session.client();
            Map<String, Integer> subscriptions = new java.util.TreeMap<>();
            session.subscriptions().forEach((filter, qos) -> subscriptions.put(filter, qos.value()));
            return new ClientDescriptor(session.clientId(), session.connected(),
                    (client != null && client.remoteAddress() != null) ? client.remoteAddress().toString() : null,
                    (client != null) ? client.protocolVersion().name() : null,
                    (client != null) ? client.username() : null, subscriptions, session.throttled(),
                    session.stalled());
        }

    }

    /**
     * An {@code @MqttListener}.
     */
    public record ListenerDescriptor(String id, List<String> topics, boolean running, long invocations,
            long failures, int pending) {

        static ListenerDescriptor of(MqttListenerContainer container) {
            return new ListenerDescriptor(container.getId(), container.getTopics(), container.isRunning(),
                    container.getInvocations(), container.getFailures(), container.getPending());
        }

    }

}
