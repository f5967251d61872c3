package io.mqttspring.broker.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.IntSupplier;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The clients one test opens (HiveMQ, Paho v3 and v5, raw sockets), each with a unique identifier unless given one,
 * all closed after the test, newest first. Use as a field:
 * {@code @RegisterExtension final TestClients clients = new TestClients(this.broker::port);}, or close it yourself.
 * Closing releases a client the broker already dropped quietly, so it does not matter whether JUnit runs this
 * extension's after-each callback before or after the broker's. Not thread-safe: one test drives it.
 */
public final class TestClients implements AfterEachCallback, AutoCloseable {

    private final IntSupplier port;

    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    /**
     * Create the clients of a test.
     * @param port the TCP port of the broker the clients connect to, asked when each client is created
     */
    public TestClients(IntSupplier port) {
        this.port = port;
    }

    /**
     * Build a HiveMQ MQTT 5 client with a unique identifier; not connected yet.
     * @param name prefix of the client identifier
     * @return the client
     */
    public HiveMqClient hivemq(String name) {
        return hivemqWithId(ClientIds.unique(name));
    }

    /**
     * Build a HiveMQ MQTT 5 client with the given identifier; not connected yet.
     * @param clientId the identifier, or {@code null} to send an empty one
     * @return the client
     */
    public HiveMqClient hivemqWithId(String clientId) {
        return register(HiveMqClient.create(this.port.getAsInt(), clientId));
    }

    /**
     * Build and connect a HiveMQ client (Clean Start, no session expiry).
     * @param name prefix of the client identifier
     * @return the connected client
     */
    public HiveMqClient hivemqConnected(String name) {
        HiveMqClient client = hivemq(name);
        client.client().connect();
        return client;
    }

    /**
     * Connect a HiveMQ client subscribed to a filter.
     * @param name prefix of the client identifier
     * @param filter the topic filter
     * @param qos the maximum QoS
     * @return the client
     */
    public HiveMqClient subscriber(String name, String filter, MqttQos qos) {
        HiveMqClient client = hivemqConnected(name);
        client.subscribe(filter, qos);
        return client;
    }

    /**
     * Build a Paho v3 client with a unique identifier; not connected yet.
     * @param name prefix of the client identifier
     * @return the client
     */
    public Paho3Client paho3(String name) {
        return register(Paho3Client.create(this.port.getAsInt(), ClientIds.unique(name)));
    }

    /**
     * Connect a Paho v3 client with Clean Session 1.
     * @param name prefix of the client identifier
     * @return the connected client
     */
    public Paho3Client paho3Connected(String name) {
        Paho3Client client = paho3(name);
        client.connect(true);
        return client;
    }

    /**
     * Build a Paho v5 client with a unique identifier; not connected yet.
     * @param name prefix of the client identifier
     * @return the client
     */
    public Paho5Client paho5(String name) {
        return paho5WithId(ClientIds.unique(name));
    }

    /**
     * Build a Paho v5 client with the given identifier; not connected yet.
     * @param clientId the client identifier
     * @return the client
     */
    public Paho5Client paho5WithId(String clientId) {
        return register(Paho5Client.create(this.port.getAsInt(), clientId));
    }

    /**
     * Connect a Paho v5 client with default options (Clean Start, no session expiry).
     * @param name prefix of the client identifier
     * @return the connected client
     */
    public Paho5Client paho5Connected(String name) {
        Paho5Client client = paho5(name);
        client.connect(new MqttConnectionOptions());
        return client;
    }

    /**
     * Open a raw socket to the broker.
     * @return the raw client
     */
    public RawClient raw() {
        return register(RawClient.connect(this.port.getAsInt()));
    }

    /**
     * Open a raw socket, send an MQTT 5 CONNECT and check it is accepted.
     * @param connect the CONNECT bytes
     * @return the connected raw client
     */
    public RawClient raw(byte[] connect) {
        return register(Mqtt5Packets.connected(this.port.getAsInt(), connect));
    }

    /**
     * Close something else (a client built another way, an in-process subscriber) with the clients.
     * @param resource the resource
     * @param <T> its type
     * @return the resource
     */
    public <T extends AutoCloseable> T register(T resource) {
        this.open.push(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
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

}
