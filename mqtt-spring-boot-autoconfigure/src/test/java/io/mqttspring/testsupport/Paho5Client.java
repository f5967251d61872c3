package io.mqttspring.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.support.ClientIds;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * An Eclipse Paho MQTT 5 client for tests: unique client id, every message and disconnection queued.
 */
public final class Paho5Client implements AutoCloseable {

    private final MqttClient client;

    private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();

    private final BlockingQueue<MqttDisconnectResponse> disconnections = new LinkedBlockingQueue<>();

    private Paho5Client(MqttClient client) {
        this.client = client;
    }

    public static Paho5Client connect(int port, String name) throws MqttException {
        return connect(port, name, new MqttConnectionOptions());
    }

    public static Paho5Client connect(int port, String name, MqttConnectionOptions options) throws MqttException {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, ClientIds.unique(name), new MemoryPersistence());
        Paho5Client wrapper = new Paho5Client(client);
        client.setCallback(wrapper.callback());
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

    public IMqttToken subscribe(String filter, int qos) throws MqttException {
        IMqttToken token = this.client.subscribe(new MqttSubscription[] { new MqttSubscription(filter, qos) });
        token.waitForCompletion(5000);
        return token;
    }

    public void publish(String topic, String payload, int qos) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false, null);
    }

    public void publish(String topic, byte[] payload, int qos, boolean retain, MqttProperties properties)
            throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        message.setRetained(retain);
        if (properties != null) {
            message.setProperties(properties);
        }
        this.client.publish(topic, message);
    }

    public Received take() throws InterruptedException {
        return take(Duration.ofSeconds(10));
    }

    public Received take(Duration timeout) throws InterruptedException {
        Received received = this.messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (received == null) {
            throw new AssertionError("No message for " + clientId() + " within " + timeout);
        }
        return received;
    }

    public BlockingQueue<Received> messages() {
        return this.messages;
    }

    public MqttDisconnectResponse takeDisconnection() throws InterruptedException {
        MqttDisconnectResponse response = this.disconnections.poll(10, TimeUnit.SECONDS);
        if (response == null) {
            throw new AssertionError("Not disconnected: " + clientId());
        }
        return response;
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

    private MqttCallback callback() {
        return new MqttCallback() {

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                Paho5Client.this.disconnections.add(response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Paho5Client.this.messages.add(new Received(topic, message));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }

        };
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
