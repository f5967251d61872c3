package io.mqttspring.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.support.ClientIds;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An Eclipse Paho MQTT 3.1.1 client for tests: unique client id, every message queued.
 */
public final class Paho3Client implements AutoCloseable {

    private final MqttClient client;

    private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();

    private Paho3Client(MqttClient client) {
        this.client = client;
    }

    public static Paho3Client connect(int port, String name) throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        return connect(port, name, options);
    }

    public static Paho3Client connect(int port, String name, MqttConnectOptions options) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, ClientIds.unique(name), new MemoryPersistence());
        Paho3Client wrapper = new Paho3Client(client);
        client.setCallback(new MqttCallback() {

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                wrapper.messages.add(new Received(topic, message));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }

        });
        try {
            client.connect(options);
        }
        catch (MqttException ex) {
            client.close();
            throw ex;
        }
        return wrapper;
    }

    public String clientId() {
        return this.client.getClientId();
    }

    public MqttClient client() {
        return this.client;
    }

    public void subscribe(String filter, int qos) throws MqttException {
        this.client.subscribe(filter, qos);
    }

    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    public void publish(String topic, byte[] payload, int qos, boolean retain) throws MqttException {
        this.client.publish(topic, payload, qos, retain);
    }

    public Received take() throws InterruptedException {
        Received received = this.messages.poll(10, TimeUnit.SECONDS);
        if (received == null) {
            throw new AssertionError("No message for " + clientId() + " within " + Duration.ofSeconds(10));
        }
        return received;
    }

    public Received poll() {
        return this.messages.poll();
    }

    @Override
    public void close() throws MqttException {
        try {
            if (this.client.isConnected()) {
                this.client.disconnect();
            }
        }
        finally {
            this.client.close();
        }
    }

    /**
     * A message as the client received it.
     *
     * @param topic the topic
     * @param message the message
     */
    public record Received(String topic, MqttMessage message) {

        public String text() {
            return new String(this.message.getPayload(), StandardCharsets.UTF_8);
        }

    }

}
