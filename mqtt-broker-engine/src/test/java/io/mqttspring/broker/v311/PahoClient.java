package io.mqttspring.broker.v311;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * An Eclipse Paho v3 client speaking MQTT 3.1.1, collecting what it receives.
 */
final class PahoClient implements AutoCloseable {

    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(5);

    private final MqttClient client;

    private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();

    private volatile boolean connectionLost;

    private boolean sessionPresent;

    private PahoClient(String uri, String clientId) {
        try {
            this.client = new MqttClient(uri, clientId, new MemoryPersistence());
        }
        catch (MqttException ex) {
            throw new IllegalStateException(ex);
        }
        this.client.setCallback(new MqttCallback() {

            @Override
            public void connectionLost(Throwable cause) {
                PahoClient.this.connectionLost = true;
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                PahoClient.this.messages.add(new Received(topic,
                        new String(message.getPayload(), StandardCharsets.UTF_8), message.getQos(),
                        message.isRetained(), message.isDuplicate()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }

        });
    }

    /**
     * Create a client without connecting it.
     * @param uri the broker URI
     * @param clientId the client identifier
     * @return the client
     */
    static PahoClient create(String uri, String clientId) {
        return new PahoClient(uri, clientId);
    }

    /**
     * Create a client and connect it with Clean Session 1.
     * @param uri the broker URI
     * @param clientId the client identifier
     * @return the connected client
     */
    static PahoClient connected(String uri, String clientId) {
        PahoClient client = new PahoClient(uri, clientId);
        client.connect(true);
        return client;
    }

    static MqttConnectOptions options(boolean cleanSession) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanSession);
        options.setConnectionTimeout(5);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(100);
        return options;
    }

    /**
     * Connect.
     * @param cleanSession the Clean Session flag
     * @return the Session Present flag of the CONNACK
     */
    boolean connect(boolean cleanSession) {
        return connect(cleanSession, (options) -> {
        });
    }

    boolean connect(boolean cleanSession, Consumer<MqttConnectOptions> customizer) {
        MqttConnectOptions options = options(cleanSession);
        customizer.accept(options);
        try {
            this.connectionLost = false;
            IMqttToken token = this.client.connectWithResult(options);
            this.sessionPresent = token.getSessionPresent();
            return this.sessionPresent;
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Cannot connect " + this.client.getClientId(), ex);
        }
    }

    boolean sessionPresent() {
        return this.sessionPresent;
    }

    /**
     * Subscribe and wait for the SUBACK.
     * @param filter the topic filter
     * @param qos the requested QoS
     * @return this client
     */
    PahoClient subscribe(String filter, int qos) {
        try {
            IMqttToken token = this.client.subscribeWithResponse(filter, qos);
            assertThat(token.getGrantedQos()).as("granted QoS for " + filter).containsExactly(qos);
            return this;
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Cannot subscribe to " + filter, ex);
        }
    }

    PahoClient unsubscribe(String filter) {
        try {
            this.client.unsubscribe(filter);
            return this;
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Cannot unsubscribe from " + filter, ex);
        }
    }

    /**
     * Publish and, for QoS 1 and 2, wait until the flow completes.
     * @param topic the topic
     * @param payload the payload
     * @param qos the QoS
     * @param retain the retain flag
     * @return this client
     */
    PahoClient publish(String topic, String payload, int qos, boolean retain) {
        try {
            this.client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
            return this;
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Cannot publish to " + topic, ex);
        }
    }

    PahoClient publish(String topic, String payload, int qos) {
        return publish(topic, payload, qos, false);
    }

    /**
     * Return the next message received, failing if none arrives within five seconds.
     * @return the message
     */
    Received next() {
        try {
            Received message = this.messages.poll(RECEIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                return fail("%s received no message within %s", this.client.getClientId(), RECEIVE_TIMEOUT);
            }
            return message;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    List<Received> next(int count) {
        List<Received> received = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            received.add(next());
        }
        return received;
    }

    List<String> nextPayloads(int count) {
        return next(count).stream().map(Received::payload).toList();
    }

    /**
     * Assert that no (further) message arrives for a while.
     * @param duration how long to watch
     */
    void receivesNothingFor(Duration duration) {
        await().during(duration).atMost(duration.plusSeconds(2)).until(this.messages::isEmpty);
    }

    boolean isConnected() {
        return this.client.isConnected();
    }

    /**
     * Wait until the broker closed this client's connection.
     */
    void awaitConnectionLost() {
        await().atMost(Duration.ofSeconds(5)).until(() -> this.connectionLost && !this.client.isConnected());
    }

    /**
     * Disconnect with a DISCONNECT packet.
     */
    void disconnect() {
        try {
            this.client.disconnect(2000);
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Cannot disconnect", ex);
        }
    }

    /**
     * Close the socket without sending DISCONNECT, as a network failure would.
     */
    void dropConnection() {
        try {
            this.client.disconnectForcibly(0, 0, false);
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Cannot drop the connection", ex);
        }
    }

    String clientId() {
        return this.client.getClientId();
    }

    @Override
    public void close() {
        try {
            if (this.client.isConnected()) {
                this.client.disconnect(1000);
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
     * A message as the client received it.
     *
     * @param topic the topic name
     * @param payload the payload as UTF-8
     * @param qos the QoS of the PUBLISH packet
     * @param retained the RETAIN flag
     * @param duplicate the DUP flag
     */
    record Received(String topic, String payload, int qos, boolean retained, boolean duplicate) {
    }

}
