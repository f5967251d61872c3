package io.mqttspring.broker.interop;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 and 5.0 clients of three implementations exchange messages through one broker, on the same topics.
 */
class ClientInteropTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @Test
    @DisplayName("Paho v3, Paho v5, HiveMQ and raw MQTT 3.1 clients share topics on one listener")
    void mixedClientsShareTopics() throws Exception {
        BlockingQueue<String> pahoV3Received = new LinkedBlockingQueue<>();
        org.eclipse.paho.client.mqttv3.MqttClient pahoV3 = new org.eclipse.paho.client.mqttv3.MqttClient(
                this.broker.uri(), ClientIds.unique("paho3"), new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        MqttConnectOptions v3Options = new MqttConnectOptions();
        v3Options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        pahoV3.connect(v3Options);
        pahoV3.subscribe("mix/+", 1, (topic, message) -> pahoV3Received.add(topic + "=" + new String(message.getPayload(),
                StandardCharsets.UTF_8)));

        BlockingQueue<String> pahoV5Received = new LinkedBlockingQueue<>();
        org.eclipse.paho.mqttv5.client.MqttClient pahoV5 = new org.eclipse.paho.mqttv5.client.MqttClient(
                this.broker.uri(), ClientIds.unique("paho5"), new MemoryPersistence());
        pahoV5.connect(new MqttConnectionOptions());
        pahoV5.subscribe("mix/#", 2).waitForCompletion();
        pahoV5.setCallback(null);

        Mqtt5BlockingClient hivemq = MqttClient.builder().useMqttVersion5().identifier(ClientIds.unique("hivemq"))
                .serverHost("127.0.0.1").serverPort(this.broker.port()).buildBlocking();
        hivemq.connect();
        Mqtt5BlockingClient.Mqtt5Publishes publishes = hivemq.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL);
        hivemq.subscribeWith().topicFilter("mix/hivemq-sees").qos(MqttQos.AT_LEAST_ONCE).send();

        pahoV5.publish("mix/hivemq-sees", "from-paho5".getBytes(StandardCharsets.UTF_8), 1, false);
        hivemq.publishWith().topic("mix/a").payload("from-hivemq".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).send();
        try (RawClient raw = RawClient.connect(this.broker.port())) {
            raw.send(MqttBytes.connect(3, "raw31", true, 60));
            assertThat(raw.read().connackCode()).isZero();
            raw.send(MqttBytes.publish(3, "mix/b", 0, 0, "from-mqtt31"));
            raw.send(MqttBytes.disconnect());
        }

        Mqtt5Publish received = publishes.receive(5, TimeUnit.SECONDS).orElseThrow();
        assertThat(received.getTopic().toString()).isEqualTo("mix/hivemq-sees");
        java.util.List<String> seenByPahoV3 = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seenByPahoV3.add(pahoV3Received.poll(5, TimeUnit.SECONDS));
        }
        assertThat(seenByPahoV3).containsExactlyInAnyOrder("mix/hivemq-sees=from-paho5", "mix/a=from-hivemq",
                "mix/b=from-mqtt31");
        pahoV3.disconnect();
        pahoV3.close();
        pahoV5.disconnect();
        pahoV5.close();
        hivemq.disconnect();
    }

}
