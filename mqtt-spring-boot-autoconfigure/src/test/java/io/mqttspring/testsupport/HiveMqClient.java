package io.mqttspring.testsupport;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.support.ClientIds;

/**
 * A HiveMQ MQTT 5 client for tests: unique client id, every message kept until taken.
 */
public final class HiveMqClient implements AutoCloseable {

    private final Mqtt5BlockingClient client;

    private final Mqtt5BlockingClient.Mqtt5Publishes publishes;

    private HiveMqClient(Mqtt5BlockingClient client) {
        this.client = client;
        this.publishes = client.publishes(MqttGlobalPublishFilter.ALL);
    }

    public static HiveMqClient connect(int port, String name) {
        Mqtt5BlockingClient client = Mqtt5Client.builder()
            .identifier(ClientIds.unique(name))
            .serverHost("127.0.0.1")
            .serverPort(port)
            .buildBlocking();
        HiveMqClient wrapper = new HiveMqClient(client);
        client.connect();
        return wrapper;
    }

    public Mqtt5BlockingClient client() {
        return this.client;
    }

    public void subscribe(String filter, MqttQos qos) {
        this.client.subscribeWith().topicFilter(filter).qos(qos).send();
    }

    public Mqtt5Publish take() throws InterruptedException {
        Optional<Mqtt5Publish> publish = this.publishes.receive(10, TimeUnit.SECONDS);
        return publish.orElseThrow(() -> new AssertionError("No message within 10 seconds"));
    }

    @Override
    public void close() {
        this.publishes.close();
        if (this.client.getState().isConnected()) {
            this.client.disconnect();
        }
    }

}
