package io.mqttspring.demo;

import java.nio.charset.StandardCharsets;

import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho5Client;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo over TCP with a real MQTT 5 client: a hot reading raises an alert, a command is answered through
 * request/response.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "mqtt.broker.port=0",
        "mqtt.broker.persistence.path=target/test-data/${random.uuid}",
        "mqtt.broker.websocket.port=0", "demo.simulator.enabled=false" })
class DemoEndToEndTests {

    @Value("${local.mqtt.broker.port}")
    int mqttPort;

    Paho5Client client;

    @BeforeEach
    void connect() {
        this.client = Paho5Client.connected(this.mqttPort, ClientIds.unique("e2e"));
    }

    @AfterEach
    void disconnect() {
        this.client.close();
    }

    @Test
    void hotReadingRaisesAlert() throws Exception {
        this.client.subscribe("building/9/901/alert", 1);
        publish("building/9/901/temperature", "22.0");
        publish("building/9/901/temperature", "35.5");
        String alert = this.client.messages().next().payload();
        assertThat(alert).contains("\"state\":\"HOT\"").contains("\"room\":\"901\"").contains("35.5");
    }

    @Test
    void commandIsAnsweredOnResponseTopic() throws Exception {
        String responseTopic = "e2e/replies/" + System.nanoTime();
        this.client.subscribe(responseTopic, 1);
        publish("building/9/902/temperature", "21.25");
        MqttMessage request = new MqttMessage("report".getBytes(StandardCharsets.UTF_8));
        request.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(new byte[] { 7, 7, 7 });
        request.setProperties(properties);
        // the reading may still be on its way to the listener: ask until the report has it
        String report = null;
        for (int attempt = 0; attempt < 20 && (report == null || !report.contains("21.25")); attempt++) {
            this.client.publish("building/9/902/command", request);
            MqttMessage reply = this.client.messages().next().message();
            assertThat(reply).as("reply to the command").isNotNull();
            assertThat(reply.getProperties().getCorrelationData()).containsExactly(7, 7, 7);
            report = new String(reply.getPayload(), StandardCharsets.UTF_8);
        }
        assertThat(report).contains("\"last\":21.25").contains("\"status\":\"unknown\"");
    }

    private void publish(String topic, String payload) {
        this.client.publish(topic, payload, 1);
    }

}
