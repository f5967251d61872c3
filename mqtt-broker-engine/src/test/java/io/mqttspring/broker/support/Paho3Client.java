package io.mqttspring.broker.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
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
import static org.awaitility.Awaitility.await;

/**
 * An Eclipse Paho v3 client speaking MQTT 3.1.1 to a broker on 127.0.0.1, collecting what it receives. Every
 * operation blocks until it completes; a failure is rethrown as {@link IllegalStateException} (to assert on Paho's
 * own {@link MqttException}, call the {@link #client() client} directly). Not thread-safe: one test drives it.
 */
public final class Paho3Client implements AutoCloseable {

    private final MqttClient client;

    private final Inbox<Received> messages = new Inbox<>();

    private volatile boolean connectionLost;

    private Paho3Client(int port, String clientId) {
        try {
            this.client = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
        }
        catch (MqttException ex) {
            throw new IllegalStateException(ex);
        }
        this.client.setCallback(new MqttCallback() {

            @Override
            public void connectionLost(Throwable cause) {
                Paho3Client.this.connectionLost = true;
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Paho3Client.this.messages.add(Received.of(topic, message));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // publish(...) waits for completion itself
            }

        });
    }

    /**
     * Create a client without connecting it.
     * @param port the broker's TCP port
     * @param clientId the client identifier
     * @return the client
     */
    public static Paho3Client create(int port, String clientId) {
        return new Paho3Client(port, clientId);
    }

    /**
     * Create a client and connect it with Clean Session 1.
     * @param port the broker's TCP port
     * @param clientId the client identifier
     * @return the connected client
     */
    public static Paho3Client connected(int port, String clientId) {
        Paho3Client client = new Paho3Client(port, clientId);
        client.connect(true);
        return client;
    }

    /**
     * Connect with MQTT 3.1.1, a 5 second connection timeout, no automatic reconnection and room for 1000 messages
     * in flight (Paho frees a slot only a moment after a blocking publish returns, so a loop of publishes would
     * otherwise hit a small window).
     * @param cleanSession the Clean Session flag
     * @return the Session Present flag of the CONNACK
     */
    public boolean connect(boolean cleanSession) {
        return connect(cleanSession, (options) -> {
        });
    }

    /**
     * Connect with options adjusted by the test (a will, credentials, keep-alive).
     * @param cleanSession the Clean Session flag
     * @param customizer adjusts the options
     * @return the Session Present flag of the CONNACK
     */
    public boolean connect(boolean cleanSession, Consumer<MqttConnectOptions> customizer) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanSession);
        options.setConnectionTimeout(5);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(1000);
        customizer.accept(options);
        try {
            this.connectionLost = false;
            IMqttToken token = this.client.connectWithResult(options);
            return token.getSessionPresent();
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Cannot connect " + clientId(), ex);
        }
    }

    /**
     * Subscribe, wait for the SUBACK and check that it grants the requested QoS.
     * @param filter the topic filter
     * @param qos the requested QoS
     * @return this client
     */
    public Paho3Client subscribe(String filter, int qos) {
        try {
            IMqttToken token = this.client.subscribeWithResponse(filter, qos);
            assertThat(token.getGrantedQos()).as("granted QoS for " + filter).containsExactly(qos);
            return this;
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Cannot subscribe to " + filter, ex);
        }
    }

    /**
     * Unsubscribe and wait for the UNSUBACK.
     * @param filter the topic filter
     * @return this client
     */
    public Paho3Client unsubscribe(String filter) {
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
     * @param topic the topic name
     * @param payload the payload
     * @param qos the QoS
     * @param retain the RETAIN flag
     * @return this client
     */
    public Paho3Client publish(String topic, byte[] payload, int qos, boolean retain) {
        try {
            this.client.publish(topic, payload, qos, retain);
            return this;
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Cannot publish to " + topic, ex);
        }
    }

    /**
     * Publish a text payload, encoded as UTF-8; for QoS 1 and 2, wait until the flow completes.
     * @param topic the topic name
     * @param payload the payload
     * @param qos the QoS
     * @param retain the RETAIN flag
     * @return this client
     */
    public Paho3Client publish(String topic, String payload, int qos, boolean retain) {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
    }

    /**
     * Publish a text payload without RETAIN; for QoS 1 and 2, wait until the flow completes.
     * @param topic the topic name
     * @param payload the payload
     * @param qos the QoS
     * @return this client
     */
    public Paho3Client publish(String topic, String payload, int qos) {
        return publish(topic, payload, qos, false);
    }

    /**
     * Publish numbered messages to {@code traffic/{prefix}} on a thread of their own, each waiting for its
     * acknowledgement, until stopped or the connection is lost; the payloads acknowledged are recorded.
     * @param prefix the topic's last level and the payloads' prefix
     * @param qos 1 or 2
     * @param acknowledged where acknowledged payloads go
     * @param stop set to stop
     * @return the started thread
     */
    public Thread publishUntilStopped(String prefix, int qos, Queue<String> acknowledged,
            AtomicBoolean stop) {
        Thread thread = new Thread(() -> {
            for (int i = 0; !stop.get(); i++) {
                String payload = prefix + "-" + i;
                try {
                    publish("traffic/" + prefix, payload, qos);
                }
                catch (IllegalStateException ex) {
                    return;
                }
                acknowledged.add(payload);
            }
        }, "publisher-" + prefix);
        thread.start();
        return thread;
    }

    /**
     * Return the next message received, failing if none arrives within ten seconds.
     * @return the message
     */
    public Received next() {
        return this.messages.next();
    }

    /**
     * Return the next messages received, failing if one does not arrive within ten seconds.
     * @param count how many
     * @return the messages in arrival order
     */
    public List<Received> next(int count) {
        return this.messages.next(count);
    }

    /**
     * Return the payloads of the next messages received.
     * @param count how many
     * @return the payloads as UTF-8, in arrival order
     */
    public List<String> nextPayloads(int count) {
        return next(count).stream().map(Received::payload).toList();
    }

    /**
     * Return the messages received and not taken yet.
     * @return the messages
     */
    public Inbox<Received> messages() {
        return this.messages;
    }

    /**
     * Assert that no (further) message arrives for a while.
     * @param duration how long to watch
     */
    public void receivesNothingFor(Duration duration) {
        this.messages.staysEmptyFor(duration);
    }

    /**
     * Return whether Paho considers the client connected.
     * @return {@code true} if connected
     */
    public boolean isConnected() {
        return this.client.isConnected();
    }

    /**
     * Wait until the broker closed this client's connection.
     */
    public void awaitConnectionLost() {
        await().atMost(Duration.ofSeconds(5)).until(() -> this.connectionLost && !this.client.isConnected());
    }

    /**
     * Disconnect with a DISCONNECT packet.
     */
    public void disconnect() {
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
    public void dropConnection() {
        try {
            this.client.disconnectForcibly(0, 0, false);
        }
        catch (MqttException ex) {
            throw new IllegalStateException("Cannot drop the connection", ex);
        }
    }

    /**
     * Return the client identifier.
     * @return the identifier
     */
    public String clientId() {
        return this.client.getClientId();
    }

    /**
     * Return the Paho client, for what this class does not wrap.
     * @return the client
     */
    public MqttClient client() {
        return this.client;
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
     * A message as the client received it. Two are equal when all their fields are, payload bytes included.
     *
     * @param topic the topic name
     * @param bytes the payload
     * @param qos the QoS of the PUBLISH packet
     * @param retained the RETAIN flag
     * @param duplicate the DUP flag
     */
    public record Received(String topic, byte[] bytes, int qos, boolean retained, boolean duplicate) {

        /**
         * A message with a text payload, to compare with what a client received.
         * @param topic the topic name
         * @param payload the payload, encoded as UTF-8
         * @param qos the QoS
         * @param retained the RETAIN flag
         * @param duplicate the DUP flag
         */
        public Received(String topic, String payload, int qos, boolean retained, boolean duplicate) {
            this(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained, duplicate);
        }

        private static Received of(String topic, MqttMessage message) {
            return new Received(topic, message.getPayload(), message.getQos(), message.isRetained(),
                    message.isDuplicate());
        }

        /**
         * Return the payload as text.
         * @return the payload decoded as UTF-8
         */
        public String payload() {
            return new String(this.bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Received that && this.topic.equals(that.topic)
                    && Arrays.equals(this.bytes, that.bytes) && this.qos == that.qos
                    && this.retained == that.retained && this.duplicate == that.duplicate;
        }

        @Override
        public int hashCode() {
            return Objects.hash(this.topic, Arrays.hashCode(this.bytes), this.qos, this.retained, this.duplicate);
        }

        @Override
        public String toString() {
            return "Received[topic=" + this.topic + ", payload=" + payload() + ", qos=" + this.qos + ", retained="
                    + this.retained + ", duplicate=" + this.duplicate + "]";
        }

    }

}
