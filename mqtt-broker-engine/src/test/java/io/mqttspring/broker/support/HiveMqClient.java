package io.mqttspring.broker.support;

import java.nio.charset.StandardCharsets;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;

/**
 * A HiveMQ MQTT 5 client for a broker on 127.0.0.1, over TCP or WebSocket, with what it received and why it was
 * disconnected. Messages are collected from the moment the client is built, so those resent when it connects are seen
 * too. Blocking; not thread-safe: one test drives it.
 */
public final class HiveMqClient implements AutoCloseable {

    private final String clientId;

    private final Mqtt5BlockingClient client;

    private final Inbox<Mqtt5Publish> messages = new Inbox<>();

    private final Inbox<Throwable> disconnects = new Inbox<>();

    private HiveMqClient(String clientId, Mqtt5ClientBuilder builder) {
        this.clientId = clientId;
        if (clientId != null) {
            builder.identifier(clientId);
        }
        this.client = builder.addDisconnectedListener((context) -> this.disconnects.add(context.getCause()))
                .buildBlocking();
        this.client.toAsync().publishes(MqttGlobalPublishFilter.ALL, this.messages::add);
    }

    /**
     * Build a client for the broker's TCP listener; not connected yet.
     * @param port the broker's TCP port
     * @param clientId the client identifier, or {@code null} to send an empty one
     * @return the client
     */
    public static HiveMqClient create(int port, String clientId) {
        return new HiveMqClient(clientId, MqttClient.builder().useMqttVersion5().serverHost("127.0.0.1")
                .serverPort(port));
    }

    /**
     * Build a client for the broker's WebSocket listener (path {@code /mqtt}); not connected yet.
     * @param port the broker's WebSocket port
     * @param clientId the client identifier
     * @return the client
     */
    public static HiveMqClient overWebSocket(int port, String clientId) {
        return new HiveMqClient(clientId, MqttClient.builder().useMqttVersion5().serverHost("127.0.0.1")
                .serverPort(port).webSocketConfig().serverPath("mqtt").applyWebSocketConfig());
    }

    /**
     * Build a client for the broker's TCP listener and connect it (Clean Start, no session expiry).
     * @param port the broker's TCP port
     * @param clientId the client identifier
     * @return the connected client
     */
    public static HiveMqClient connected(int port, String clientId) {
        HiveMqClient client = create(port, clientId);
        client.client().connect();
        return client;
    }

    /**
     * Return the identifier the client was built with.
     * @return the client identifier, or {@code null} when the broker assigns one
     */
    public String clientId() {
        return this.clientId;
    }

    /**
     * Return the HiveMQ client, for what this class does not wrap.
     * @return the blocking client
     */
    public Mqtt5BlockingClient client() {
        return this.client;
    }

    /**
     * Return the messages received.
     * @return the messages
     */
    public Inbox<Mqtt5Publish> messages() {
        return this.messages;
    }

    /**
     * Return the causes of the client's disconnections.
     * @return the causes
     */
    public Inbox<Throwable> disconnects() {
        return this.disconnects;
    }

    /**
     * Subscribe and wait for the SUBACK.
     * @param filter the topic filter
     * @param qos the maximum QoS
     */
    public void subscribe(String filter, MqttQos qos) {
        this.client.subscribeWith().topicFilter(filter).qos(qos).send();
    }

    /**
     * Publish a text payload, encoded as UTF-8, and wait until the flow completes.
     * @param topic the topic name
     * @param payload the payload
     * @param qos the QoS
     * @return the result
     */
    public Mqtt5PublishResult publish(String topic, String payload, MqttQos qos) {
        return this.client.publishWith().topic(topic).payload(MqttBytes.utf8(payload)).qos(qos).send();
    }

    /**
     * Publish a retained text payload, encoded as UTF-8, and wait until the flow completes.
     * @param topic the topic name
     * @param payload the payload
     * @param qos the QoS
     * @return the result
     */
    public Mqtt5PublishResult publishRetained(String topic, String payload, MqttQos qos) {
        return this.client.publishWith().topic(topic).payload(MqttBytes.utf8(payload)).qos(qos).retain(true).send();
    }

    /**
     * Take the payload of the next message as text.
     * @return the payload decoded as UTF-8
     */
    public String nextPayload() {
        return new String(this.messages.next().getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (this.client.getState().isConnectedOrReconnect()) {
            this.client.disconnect();
        }
    }

}
