package io.mqttspring.broker.support;

import java.nio.charset.StandardCharsets;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * An Eclipse Paho v5 client for a broker on 127.0.0.1, over TCP or WebSocket, with what it received and why it was
 * disconnected. The operations wrapped here wait for their token and rethrow a failure as
 * {@link IllegalStateException}; to assert on Paho's own {@link MqttException}, wait on the
 * {@link #client() client}'s token with {@link #await(IMqttToken)}. Not thread-safe: one test drives it.
 */
public final class Paho5Client implements AutoCloseable {

    private final MqttAsyncClient client;

    private final Inbox<Received> messages = new Inbox<>();

    private final Inbox<MqttDisconnectResponse> disconnects = new Inbox<>();

    private Paho5Client(String uri, String clientId) {
        try {
            this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        }
        catch (MqttException ex) {
            throw new IllegalStateException(ex);
        }
        this.client.setCallback(new Callback());
    }

    /**
     * Create a client for the broker's TCP listener without connecting it.
     * @param port the broker's TCP port
     * @param clientId the client identifier
     * @return the client
     */
    public static Paho5Client create(int port, String clientId) {
        return new Paho5Client("tcp://127.0.0.1:" + port, clientId);
    }

    /**
     * Create a client for the broker's WebSocket listener (path {@code /mqtt}) without connecting it.
     * @param port the broker's WebSocket port
     * @param clientId the client identifier
     * @return the client
     */
    public static Paho5Client overWebSocket(int port, String clientId) {
        return new Paho5Client("ws://127.0.0.1:" + port + "/mqtt", clientId);
    }

    /**
     * Create a client and connect it over TCP with default options (Clean Start, no session expiry).
     * @param port the broker's TCP port
     * @param clientId the client identifier
     * @return the connected client
     */
    public static Paho5Client connected(int port, String clientId) {
        return connected(port, clientId, new MqttConnectionOptions());
    }

    /**
     * Create a client and connect it over TCP.
     * @param port the broker's TCP port
     * @param clientId the client identifier
     * @param options the connection options
     * @return the connected client
     */
    public static Paho5Client connected(int port, String clientId, MqttConnectionOptions options) {
        Paho5Client client = create(port, clientId);
        client.connect(options);
        return client;
    }

    /**
     * Wait up to 10 seconds for a token.
     * @param token the token
     * @return the token
     * @throws MqttException if the operation failed
     */
    public static IMqttToken await(IMqttToken token) throws MqttException {
        token.waitForCompletion(10_000);
        return token;
    }

    /**
     * Connect, failing the test if the broker refuses.
     * @param options the options
     * @return the completed token, with the CONNACK properties
     */
    public IMqttToken connect(MqttConnectionOptions options) {
        try {
            return await(this.client.connect(options));
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Paho could not connect: " + ex, ex);
        }
    }

    /**
     * Subscribe and wait for the SUBACK.
     * @param filter the topic filter
     * @param qos the maximum QoS
     * @return the completed token, with the reason codes
     */
    public IMqttToken subscribe(String filter, int qos) {
        try {
            return await(this.client.subscribe(filter, qos));
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Cannot subscribe to " + filter, ex);
        }
    }

    /**
     * Publish and, for QoS 1 and 2, wait until the flow completes.
     * @param topic the topic name
     * @param message the message, with QoS, RETAIN and properties
     * @return the completed token
     */
    public IMqttToken publish(String topic, MqttMessage message) {
        try {
            return await(this.client.publish(topic, message));
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Cannot publish to " + topic, ex);
        }
    }

    /**
     * Publish and, for QoS 1 and 2, wait until the flow completes.
     * @param topic the topic name
     * @param payload the payload
     * @param qos the QoS
     * @param retain the RETAIN flag
     * @param properties the PUBLISH properties
     * @return the completed token
     */
    public IMqttToken publish(String topic, byte[] payload, int qos, boolean retain, MqttProperties properties) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        message.setRetained(retain);
        message.setProperties(properties);
        return publish(topic, message);
    }

    /**
     * Publish a text payload, encoded as UTF-8, without RETAIN or properties.
     * @param topic the topic name
     * @param payload the payload
     * @param qos the QoS
     * @return the completed token
     */
    public IMqttToken publish(String topic, String payload, int qos) {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false, new MqttProperties());
    }

    /**
     * Return the client identifier.
     * @return the identifier
     */
    public String clientId() {
        return this.client.getClientId();
    }

    /**
     * Return the Paho client, for what this class does not wrap; wait on its tokens with {@link #await(IMqttToken)}.
     * @return the client
     */
    public MqttAsyncClient client() {
        return this.client;
    }

    /**
     * Return the messages received, each with its topic.
     * @return the messages
     */
    public Inbox<Received> messages() {
        return this.messages;
    }

    /**
     * Return the disconnections Paho reported: a DISCONNECT from the broker, or a connection lost.
     * @return the disconnections
     */
    public Inbox<MqttDisconnectResponse> disconnects() {
        return this.disconnects;
    }

    @Override
    public void close() {
        try {
            if (this.client.isConnected()) {
                this.client.disconnect(1000).waitForCompletion(2000);
            }
        }
        catch (MqttException ex) {
            // closing a test client: a failure to disconnect cleanly does not matter
        }
        try {
            this.client.close(true);
        }
        catch (MqttException ex) {
            // as above
        }
    }

    /**
     * A message as Paho delivered it.
     *
     * @param topic the topic name
     * @param message the message with its properties
     */
    public record Received(String topic, MqttMessage message) {

        /**
         * Return the payload as text.
         * @return the payload decoded as UTF-8
         */
        public String payload() {
            return new String(this.message.getPayload(), StandardCharsets.UTF_8);
        }

        /**
         * Return the PUBLISH properties.
         * @return the properties
         */
        public MqttProperties properties() {
            return this.message.getProperties();
        }

    }

    private final class Callback implements MqttCallback {

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            Paho5Client.this.disconnects.add(response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // tests look at DISCONNECT reason codes through disconnected(...)
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Paho5Client.this.messages.add(new Received(topic, message));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publishing waits on the token instead
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // connect(...) waits on the token instead
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // enhanced authentication is tested with the HiveMQ client
        }

    }

}
