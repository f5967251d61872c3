package io.mqttspring.broker.v5;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.IntSupplier;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.RawClient;
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
 * Real MQTT 5 clients (HiveMQ, Paho v5) and raw sockets for one test, all closed by {@link #close()}. Each client
 * records what it receives in an {@link Inbox}.
 */
final class Mqtt5Clients implements AutoCloseable {

    private final IntSupplier port;

    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    Mqtt5Clients(IntSupplier port) {
        this.port = port;
    }

    /**
     * Build a HiveMQ MQTT 5 client with a unique identifier; not connected yet.
     * @param name prefix of the client identifier
     * @return the client
     */
    Hive hivemq(String name) {
        return hivemqWithId(ClientIds.unique(name));
    }

    /**
     * Build a HiveMQ MQTT 5 client with the given identifier; {@code null} sends an empty one.
     * @param clientId the identifier, or {@code null}
     * @return the client
     */
    Hive hivemqWithId(String clientId) {
        Inbox<Mqtt5Publish> messages = new Inbox<>();
        Inbox<Throwable> disconnects = new Inbox<>();
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().serverHost("127.0.0.1")
                .serverPort(this.port.getAsInt())
                .addDisconnectedListener((context) -> disconnects.add(context.getCause()));
        if (clientId != null) {
            builder.identifier(clientId);
        }
        Mqtt5BlockingClient client = builder.buildBlocking();
        // registered before connecting, so messages resent at reconnection are seen too
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, messages::add);
        Hive hive = new Hive(clientId, client, messages, disconnects);
        this.open.push(hive::close);
        return hive;
    }

    /**
     * Build and connect a HiveMQ client (clean start, no session expiry).
     * @param name prefix of the client identifier
     * @return the connected client
     */
    Hive hivemqConnected(String name) {
        Hive hive = hivemq(name);
        hive.client().connect();
        return hive;
    }

    /**
     * Connect a HiveMQ client subscribed to a filter.
     * @param name prefix of the client identifier
     * @param filter the topic filter
     * @param qos the maximum QoS
     * @return the client
     */
    Hive subscriber(String name, String filter, MqttQos qos) {
        Hive hive = hivemqConnected(name);
        hive.subscribe(filter, qos);
        return hive;
    }

    /**
     * Build a Paho v5 client with a unique identifier; not connected yet.
     * @param name prefix of the client identifier
     * @return the client
     */
    Paho paho(String name) {
        return pahoWithId(ClientIds.unique(name));
    }

    Paho pahoWithId(String clientId) {
        try {
            MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + this.port.getAsInt(), clientId,
                    new MemoryPersistence());
            Paho paho = new Paho(client, new Inbox<>(), new Inbox<>());
            client.setCallback(paho.callback());
            this.open.push(paho::close);
            return paho;
        }
        catch (MqttException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Connect a Paho v5 client with default options (clean start, no session expiry).
     * @param name prefix of the client identifier
     * @return the client
     */
    Paho pahoConnected(String name) {
        Paho paho = paho(name);
        paho.connect(new MqttConnectionOptions());
        return paho;
    }

    /**
     * Open a raw socket to the broker.
     * @return the raw client
     */
    RawClient raw() {
        RawClient client = RawClient.connect(this.port.getAsInt());
        this.open.push(client);
        return client;
    }

    /**
     * Open a raw socket, send a CONNECT and check it is accepted.
     * @param connect the CONNECT bytes
     * @return the connected raw client
     */
    RawClient raw(byte[] connect) {
        RawClient client = Mqtt5Packets.connected(this.port.getAsInt(), connect);
        this.open.push(client);
        return client;
    }

    /**
     * Close something with the clients of this test.
     * @param resource a client of another kind
     */
    void register(AutoCloseable resource) {
        this.open.push(resource);
    }

    @Override
    public void close() {
        while (!this.open.isEmpty()) {
            try {
                this.open.pop().close();
            }
            catch (Exception ex) {
                // a client the test already disconnected, or one the broker closed: nothing left to release
            }
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A HiveMQ client with what it received and why it was disconnected.
     *
     * @param clientId the client identifier it was built with ({@code null}: assigned by the broker)
     * @param client the blocking client
     * @param messages messages received
     * @param disconnects causes of disconnections
     */
    record Hive(String clientId, Mqtt5BlockingClient client, Inbox<Mqtt5Publish> messages,
            Inbox<Throwable> disconnects) {

        void subscribe(String filter, MqttQos qos) {
            this.client.subscribeWith().topicFilter(filter).qos(qos).send();
        }

        Mqtt5PublishResult publish(String topic, String payload, MqttQos qos) {
            return this.client.publishWith().topic(topic).payload(utf8(payload)).qos(qos).send();
        }

        Mqtt5PublishResult publishRetained(String topic, String payload, MqttQos qos) {
            return this.client.publishWith().topic(topic).payload(utf8(payload)).qos(qos).retain(true).send();
        }

        /**
         * Take the payload of the next message as text.
         * @return the payload
         */
        String nextPayload() {
            return new String(this.messages.next().getPayloadAsBytes(), StandardCharsets.UTF_8);
        }

        void close() {
            if (this.client.getState().isConnectedOrReconnect()) {
                this.client.disconnect();
            }
        }

    }

    /**
     * A Paho v5 client with what it received and why it was disconnected.
     *
     * @param client the client; wait on its tokens with {@link #await(IMqttToken)}
     * @param messages messages received, each with its topic
     * @param disconnects DISCONNECT packets or connection losses reported by the client
     */
    record Paho(MqttAsyncClient client, Inbox<Message> messages, Inbox<MqttDisconnectResponse> disconnects) {

        /**
         * Connect, failing the test if the broker refuses.
         * @param options the options
         * @return the completed token, with the CONNACK properties
         */
        IMqttToken connect(MqttConnectionOptions options) {
            try {
                return await(this.client.connect(options));
            }
            catch (MqttException ex) {
                throw new IllegalStateException("Paho could not connect: " + ex, ex);
            }
        }

        IMqttToken subscribe(String filter, int qos) {
            try {
                return await(this.client.subscribe(filter, qos));
            }
            catch (MqttException ex) {
                throw new IllegalStateException(ex);
            }
        }

        IMqttToken publish(String topic, MqttMessage message) {
            try {
                return await(this.client.publish(topic, message));
            }
            catch (MqttException ex) {
                throw new IllegalStateException(ex);
            }
        }

        /**
         * Wait up to 10 seconds for a token.
         * @param token the token
         * @return the token
         * @throws MqttException if the operation failed
         */
        static IMqttToken await(IMqttToken token) throws MqttException {
            token.waitForCompletion(10_000);
            return token;
        }

        void close() throws MqttException {
            try {
                if (this.client.isConnected()) {
                    this.client.disconnect(1000).waitForCompletion(2000);
                }
            }
            finally {
                this.client.close(true);
            }
        }

        MqttCallback callback() {
            return new MqttCallback() {

                @Override
                public void disconnected(MqttDisconnectResponse response) {
                    Paho.this.disconnects.add(response);
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                    // tests look at DISCONNECT reason codes through disconnected(...)
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    Paho.this.messages.add(new Message(topic, message));
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                    // publishing tests wait on the token instead
                }

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                    // connect() is synchronous
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                    // the broker offers no enhanced authentication
                }

            };
        }

    }

    /**
     * A message as Paho delivered it.
     *
     * @param topic the topic name
     * @param message the message with its properties
     */
    record Message(String topic, MqttMessage message) {

        String payload() {
            return new String(this.message.getPayload(), StandardCharsets.UTF_8);
        }

        MqttProperties properties() {
            return this.message.getProperties();
        }

    }

}
