package io.mqttspring.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mqttspring.bridge.MqttBridges;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.bridge.MqttBridge;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.metrics.BrokerStatistics;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.listener.MqttListenerContainer;
import io.mqttspring.listener.MqttListenerEndpointRegistry;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code mqtt} Actuator endpoint: broker figures ({@code GET /actuator/mqtt}, with the bridges and client mode's
 * connection), clients with their subscriptions ({@code GET /actuator/mqtt/clients}), listeners
 * ({@code GET /actuator/mqtt/listeners}), bridges ({@code GET /actuator/mqtt/bridges}); disconnecting a client
 * ({@code DELETE /actuator/mqtt/clients/{clientId}}) and stopping or starting a listener
 * ({@code POST /actuator/mqtt/listeners/{id}} with {@code {"running": false}}). In client mode, without an embedded
 * broker, {@code GET /actuator/mqtt} describes the connection and the listeners section is there as usual.
 */
@Endpoint(id = "mqtt")
public class MqttEndpoint {

    private static final String CLIENTS = "clients";

    private static final String LISTENERS = "listeners";

    private static final String BRIDGES = "bridges";

    private final @Nullable MqttBroker broker;

    private final @Nullable MqttListenerEndpointRegistry listeners;

    private final @Nullable MqttConnection remote;

    private final @Nullable MqttBridges bridges;

    public MqttEndpoint(MqttBroker broker, @Nullable MqttListenerEndpointRegistry listeners) {
        this(broker, listeners, null, null);
    }

    /**
     * Create the endpoint for what the application has.
     * @param broker the embedded broker, or {@code null} in client mode
     * @param listeners the listeners, if any
     * @param remote client mode's connection to a broker over the network, or {@code null}
     * @param bridges the embedded broker's bridges, if any
     */
    public MqttEndpoint(@Nullable MqttBroker broker, @Nullable MqttListenerEndpointRegistry listeners,
            @Nullable MqttConnection remote, @Nullable MqttBridges bridges) {
        this.broker = broker;
        this.listeners = listeners;
        this.remote = remote;
        this.bridges = bridges;
    }

    /**
     * Describe the embedded broker, or client mode's connection when there is no embedded broker.
     * @return a {@link BrokerDescriptor} or a {@link ClientModeDescriptor}
     */
    @ReadOperation
    public Object describe() {
        BrokerDescriptor broker = broker();
        return (broker != null) ? broker : new ClientModeDescriptor(connection(this.remote), listenerCount());
    }

    /**
     * Describe the embedded broker.
     * @return the description, or {@code null} in client mode
     */
    public @Nullable BrokerDescriptor broker() {
        MqttBroker broker = this.broker;
        if (broker == null) {
            return null;
        }
        BrokerStatistics stats = broker.statistics();
        boolean running = broker.isRunning();
        return new BrokerDescriptor(running, broker.isAcceptingConnections(),
                running ? broker.address().getHostString() : null, running ? broker.port() : null,
                stats.uptime().toSeconds(),
                new Figures(stats.connections(), stats.connectionsTotal(), stats.sessions(), stats.subscriptions(),
                        stats.retainedMessages(), stats.inflightMessages(), stats.queuedMessages(),
                        stats.messagesReceived(), stats.messagesSent(), stats.messagesDropped(), stats.bytesReceived(),
                        stats.bytesSent(), stats.throttledConnections(), stats.queuedBytes(), stats.memoryBudget()),
                (this.remote != null) ? connection(this.remote) : null, bridgeList());
    }

    private int listenerCount() {
        return (this.listeners != null) ? this.listeners.getListenerContainers().size() : 0;
    }

    private static @Nullable ConnectionDescriptor connection(@Nullable MqttConnection remote) {
        return (remote != null) ? new ConnectionDescriptor(remote.describe(), remote.isRunning()) : null;
    }

    private List<BridgeDescriptor> bridgeList() {
        return (this.bridges != null) ? this.bridges.getBridges().stream().map(BridgeDescriptor::of).toList()
                : List.of();
    }

    @ReadOperation
    public @Nullable Object section(@Selector String section) {
        if (CLIENTS.equals(section) && this.broker != null) {
            return this.broker.sessions().stream().map(ClientDescriptor::of).toList();
        }
        if (LISTENERS.equals(section) && this.listeners != null) {
            return this.listeners.getListenerContainers().stream().map(ListenerDescriptor::of).toList();
        }
        if (BRIDGES.equals(section) && this.bridges != null) {
            return bridgeList();
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
        MqttBroker broker = this.broker;
        if (!CLIENTS.equals(section) || broker == null) {
            return null;
        }
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("clientId", id);
        broker.sessions().stream().filter((session) -> session.clientId().equals(id)).findFirst()
            .ifPresent((session) -> client.put("session", ClientDescriptor.of(session)));
        if (broker.config().cluster().enabled()) {
            broker.clusterMemberOf(id).ifPresent((member) -> client.put("clusterMember", member));
        }
        return (client.size() > 1) ? client : null;
    }

    @DeleteOperation
    public Map<String, Object> disconnect(@Selector String section, @Selector String id) {
        if (!CLIENTS.equals(section) || this.broker == null) {
            throw new InvalidEndpointRequestException("Only clients of the embedded broker can be deleted, not "
                    + section, "Unknown section");
        }
        return Map.of("clientId", id, "disconnected", this.broker.disconnect(id));
    }

    /**
     * Stop or start a listener.
     * @param section {@code listeners}
     * @param id the listener's id
     * @param running whether it should run
     * @return the listener, or 404 with the reason and the ids there are
     */
    @WriteOperation
    public WebEndpointResponse<Object> changeListener(@Selector String section, @Selector String id,
            boolean running) {
        if (!LISTENERS.equals(section) || this.listeners == null) {
            throw new InvalidEndpointRequestException("Only listeners can be changed, not " + section,
                    "Unknown section");
        }
        MqttListenerContainer container = this.listeners.getListenerContainer(id);
        if (container == null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "No MQTT listener with id '" + id + "'");
            body.put("listeners", this.listeners.getListenerContainers().stream()
                .map(MqttListenerContainer::getId).sorted().toList());
            return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_NOT_FOUND);
        }
        if (running) {
            container.start();
        }
        else {
            container.stop();
        }
        return new WebEndpointResponse<>(ListenerDescriptor.of(container));
    }

    /**
     * The broker and its figures.
     */
    public record BrokerDescriptor(boolean running, boolean acceptingConnections, @Nullable String host,
            @Nullable Integer port, long uptimeSeconds, Figures figures, @Nullable ConnectionDescriptor client,
            List<BridgeDescriptor> bridges) {
    }

    /**
     * Client mode without an embedded broker.
     */
    public record ClientModeDescriptor(@Nullable ConnectionDescriptor client, int listeners) {
    }

    /**
     * Client mode's connection to a broker over the network.
     */
    public record ConnectionDescriptor(String url, boolean connected) {
    }

    /**
     * A bridge to a remote broker.
     */
    public record BridgeDescriptor(String name, boolean connected, long sent, long received, long refused) {

        static BridgeDescriptor of(MqttBridge bridge) {
            return new BridgeDescriptor(bridge.getName(), bridge.isConnected(), bridge.getSent(),
                    bridge.getReceived(), bridge.getRefused());
        }

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
