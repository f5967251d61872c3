package io.mqttspring.demo;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
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
        "mqtt.broker.websocket.port=0", "demo.simulator.enabled=false" })
class DemoEndToEndTests {

    @Value("${local.mqtt.broker.port}")
    int mqttPort;

    MqttClient client;

    @BeforeEach
    void connect() throws Exception {
        this.client = new MqttClient("tcp://127.0.0.1:" + this.mqttPort, "e2e-" + System.nanoTime(),
                new MemoryPersistence());
        this.client.connect(new MqttConnectionOptions());
    }

    @AfterEach
    void disconnect() throws Exception {
        this.client.disconnect();
        this.client.close();
    }

    @Test
    void hotReadingRaisesAlert() throws Exception {
        BlockingQueue<String> alerts = new LinkedBlockingQueue<>();
        IMqttToken subscribed = this.client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                new org.eclipse.paho.mqttv5.common.MqttSubscription("building/9/901/alert", 1) },
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                        (topic, message) -> alerts.add(new String(message.getPayload(), StandardCharsets.UTF_8)) });
        subscribed.waitForCompletion();
        publish("building/9/901/temperature", "22.0");
        publish("building/9/901/temperature", "35.5");
        String alert = alerts.poll(10, TimeUnit.SECONDS);
        assertThat(alert).contains("\"state\":\"HOT\"").contains("\"room\":\"901\"").contains("35.5");
    }

    @Test
    void commandIsAnsweredOnResponseTopic() throws Exception {
        BlockingQueue<MqttMessage> replies = new LinkedBlockingQueue<>();
        String responseTopic = "e2e/replies/" + System.nanoTime();
        this.client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                new org.eclipse.paho.mqttv5.common.MqttSubscription(responseTopic, 1) },
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] { (topic, message) -> replies.add(message) })
            .waitForCompletion();
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
            MqttMessage reply = replies.poll(5, TimeUnit.SECONDS);
            assertThat(reply).as("reply to the command").isNotNull();
            assertThat(reply.getProperties().getCorrelationData()).containsExactly(7, 7, 7);
            report = new String(reply.getPayload(), StandardCharsets.UTF_8);
        }
        assertThat(report).contains("\"last\":21.25").contains("\"status\":\"unknown\"");
    }

    private void publish(String topic, String payload) throws Exception {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        this.client.publish(topic, message);
    }

}
