package io.mqttspring.broker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.mqttspring.broker.support.ClientIds;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * Real clients for the tests of this package, closed together after each test: Paho v3, Paho v5 and HiveMQ.
 */
final class TestClients implements AutoCloseable {

    private final List<AutoCloseable> clients = new ArrayList<>();

    /**
     * A message as a Paho v3 subscriber saw it.
     *
     * @param topic the topic
     * @param payload the payload as text
     * @param qos the delivered QoS
     * @param retained the retain flag
     * @param duplicate the DUP flag
     */
    record Received(String topic, String payload, int qos, boolean retained, boolean duplicate) {

        static Received of(String topic, MqttMessage message) {
            return new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.getQos(),
                    message.isRetained(), message.isDuplicate());
        }

    }

    /**
     * Connect a Paho v3 (MQTT 3.1.1) client with clean session.
     * @param uri the broker URI
     * @param name a name for the client identifier
     * @return the client
     */
    org.eclipse.paho.client.mqttv3.MqttClient pahoV3(String uri, String name) throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        return pahoV3(uri, ClientIds.unique(name), options);
    }

    org.eclipse.paho.client.mqttv3.MqttClient pahoV3(String uri, String clientId, MqttConnectOptions options)
            throws MqttException {
        org.eclipse.paho.client.mqttv3.MqttClient client = new org.eclipse.paho.client.mqttv3.MqttClient(uri,
                clientId, new MemoryPersistence());
        this.clients.add(() -> {
            if (client.isConnected()) {
                client.disconnectForcibly(100, 100);
            }
            client.close(true);
        });
        client.connect(options);
        return client;
    }

    /**
     * Subscribe a Paho v3 client and collect what it receives.
     * @param client the client
     * @param filter the topic filter
     * @param qos the QoS
     * @return the messages, in arrival order
     */
    static BlockingQueue<Received> subscribe(org.eclipse.paho.client.mqttv3.MqttClient client, String filter, int qos)
            throws MqttException {
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        client.subscribe(filter, qos, (topic, message) -> received.add(Received.of(topic, message)));
        return received;
    }

    /**
     * Connect a Paho v5 client with clean start and default options.
     * @param uri the broker URI
     * @param name a name for the client identifier
     * @return the client
     */
    org.eclipse.paho.mqttv5.client.MqttClient pahoV5(String uri, String name)
            throws org.eclipse.paho.mqttv5.common.MqttException {
        return pahoV5(uri, ClientIds.unique(name), new MqttConnectionOptions());
    }

    org.eclipse.paho.mqttv5.client.MqttClient pahoV5(String uri, String clientId, MqttConnectionOptions options)
            throws org.eclipse.paho.mqttv5.common.MqttException {
        org.eclipse.paho.mqttv5.client.MqttClient client = new org.eclipse.paho.mqttv5.client.MqttClient(uri,
                clientId, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        this.clients.add(() -> {
            if (client.isConnected()) {
                client.disconnectForcibly(100, 100);
            }
            client.close(true);
        });
        client.connect(options);
        return client;
    }

    /**
     * Connect a HiveMQ MQTT 5 client.
     * @param port the broker port
     * @param name a name for the client identifier
     * @return the client
     */
    Mqtt5BlockingClient hivemq(int port, String name) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(ClientIds.unique(name))
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        this.clients.add(() -> {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        });
        client.connect();
        return client;
    }

    /**
     * Close what a test opened that is not a client (an in-process subscriber, for instance) with the clients.
     * @param closeable the resource
     * @param <T> its type
     * @return the resource
     */
    <T extends AutoCloseable> T register(T closeable) {
        this.clients.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        for (AutoCloseable client : this.clients) {
            try {
                client.close();
            }
            catch (Exception ex) {
                // the broker may already be gone; the test is over either way
            }
        }
        this.clients.clear();
    }

}
