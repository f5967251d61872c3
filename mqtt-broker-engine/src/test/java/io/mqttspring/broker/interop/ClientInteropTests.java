package io.mqttspring.broker.interop;

import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.TestClients;
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

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    @Test
    @DisplayName("Paho v3, Paho v5, HiveMQ and raw MQTT 3.1 clients share topics on one listener")
    void mixedClientsShareTopics() throws Exception {
        Paho3Client pahoV3 = this.clients.paho3Connected("paho3").subscribe("mix/+", 1);

        Paho5Client pahoV5 = this.clients.paho5Connected("paho5");
        pahoV5.subscribe("mix/#", 2);

        HiveMqClient hivemq = this.clients.hivemqConnected("hivemq");
        hivemq.subscribe("mix/hivemq-sees", MqttQos.AT_LEAST_ONCE);

        pahoV5.publish("mix/hivemq-sees", "from-paho5", 1);
        hivemq.publish("mix/a", "from-hivemq", MqttQos.AT_LEAST_ONCE);
        try (RawClient raw = RawClient.connect(this.broker.port())) {
            raw.send(MqttBytes.connect(3, "raw31", true, 60));
            assertThat(raw.read().connackCode()).isZero();
            raw.send(MqttBytes.publish(3, "mix/b", 0, 0, "from-mqtt31"));
            raw.send(MqttBytes.disconnect());
        }

        Mqtt5Publish received = hivemq.messages().next();
        assertThat(received.getTopic().toString()).isEqualTo("mix/hivemq-sees");
        List<String> seenByPahoV3 = pahoV3.next(3).stream().map((message) -> message.topic() + "=" + message.payload())
                .toList();
        assertThat(seenByPahoV3).containsExactlyInAnyOrder("mix/hivemq-sees=from-paho5", "mix/a=from-hivemq",
                "mix/b=from-mqtt31");
    }

}
