package io.mqttspring.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.core.MqttHeaders;
import io.mqttspring.core.MqttTemplate;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.ErrorMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring Integration flows built with the auto-configured {@link MqttIntegration}, fed and observed by real MQTT
 * clients.
 */
@SpringBootTest(properties = { "mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
        "mqtt.broker.sys-interval=0", "mqtt.broker.shutdown-timeout=1s" })
class MqttIntegrationTests {

    @Value("${local.mqtt.broker.port}")
    int port;

    @Autowired
    MqttTemplate template;

    @Autowired
    @Qualifier("captured")
    QueueChannel captured;

    @Autowired
    @Qualifier("workers")
    QueueChannel workers;

    @Autowired
    @Qualifier("numbers")
    QueueChannel numbers;

    @Autowired
    @Qualifier("inboundErrors")
    QueueChannel inboundErrors;

    @Autowired
    @Qualifier("restarted")
    QueueChannel restarted;

    @Autowired
    @Qualifier("restartableAdapter")
    MqttInboundChannelAdapter restartableAdapter;

    @Test
    void inboundTransformOutboundRoundTrip() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("si-roundtrip"))) {
            client.subscribe("si/out", 1);
            client.publish("si/in/a", "hello", 1);
            client.publish("si/in/b", "world", 1);
            assertThat(List.of(client.next().payload(), client.next().payload())).containsExactly("HELLO", "WORLD");
        }
    }

    @Test
    void readmeAlertFlowFiltersAndPublishesRetained() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("si-alerts"))) {
            client.subscribe("si/alerts/temperature", 2);
            client.publish("si/sensors/hall/temperature", "25.0", 1);
            client.publish("si/sensors/attic/temperature", "31.5", 1);
            Paho3Client.Received alert = client.next();
            assertThat(alert.payload()).isEqualTo("31.5");
            assertThat(alert.qos()).isEqualTo(2);
        }
        try (Paho3Client late = Paho3Client.connected(this.port, ClientIds.unique("si-alerts-late"))) {
            late.subscribe("si/alerts/temperature", 2);
            Paho3Client.Received retained = late.next();
            assertThat(retained.payload()).isEqualTo("31.5");
            assertThat(retained.retained()).isTrue();
        }
        finally {
            this.template.publish("si/alerts/temperature", new byte[0], QoS.AT_LEAST_ONCE, true).join();
        }
    }

    @Test
    void topicHeaderRoutesBytesUnchanged() throws Exception {
        byte[] binary = { 1, 0, (byte) 0xFF };
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("si-route"))) {
            client.subscribe("si/routed/#", 1);
            client.publish("si/route/pump", binary, 1, false);
            Paho3Client.Received routed = client.next();
            assertThat(routed.topic()).isEqualTo("si/routed/pump");
            assertThat(routed.bytes()).isEqualTo(binary);
        }
    }

    @Test
    void inboundMessagesCarryMqttHeaders() throws Exception {
        String clientId;
        try (Paho5Client client = Paho5Client.connected(this.port, ClientIds.unique("si-headers"))) {
            clientId = client.clientId();
            MqttProperties properties = new MqttProperties();
            properties.setContentType("text/plain");
            properties.setResponseTopic("si/capture/replies");
            client.publish("si/capture/one", "payload".getBytes(StandardCharsets.UTF_8), 1, false, properties);
        }
        Message<?> message = this.captured.receive(10_000);
        assertThat(message).isNotNull();
        assertThat(message.getPayload()).isEqualTo("payload".getBytes(StandardCharsets.UTF_8));
        assertThat(message.getHeaders()).containsEntry(MqttHeaders.RECEIVED_TOPIC, "si/capture/one")
            .containsEntry(MqttHeaders.RECEIVED_QOS, 1)
            .containsEntry(MqttHeaders.CLIENT_ID, clientId)
            .containsEntry(MqttHeaders.RESPONSE_TOPIC, "si/capture/replies")
            .containsEntry("contentType", "text/plain");
    }

    @Test
    void adaptersOfOneGroupShareTheMessages() {
        for (int i = 0; i < 10; i++) {
            this.template.publish("si/jobs", "job-" + i).join();
        }
        List<String> jobs = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Message<?> message;
            while ((message = this.workers.receive(0)) != null) {
                jobs.add(message.getHeaders().get("worker") + ":" + message.getPayload());
            }
            assertThat(jobs).hasSizeGreaterThanOrEqualTo(10);
        });
        assertThat(jobs).extracting((job) -> job.substring(job.indexOf(':') + 1))
            .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10).mapToObj((i) -> "job-" + i).toList());
        assertThat(jobs).anyMatch((job) -> job.startsWith("one:")).anyMatch((job) -> job.startsWith("two:"));
    }

    @Test
    void flowKeepsWorkingAfterAConversionFailure() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("si-conversion"))) {
            client.subscribe("si/alerts/temperature", 1);
            client.publish("si/sensors/boiler/temperature", "very hot", 1);
            client.publish("si/sensors/boiler/temperature", "95.0", 1);
            assertThat(client.next().payload()).isEqualTo("95.0");
        }
        finally {
            this.template.publish("si/alerts/temperature", new byte[0], QoS.AT_LEAST_ONCE, true).join();
        }
    }

    @Test
    void conversionFailureGoesToTheAdaptersErrorChannel() {
        this.template.publish("si/numbers", "not a number").join();
        this.template.publish("si/numbers", 4.5).join();
        Message<?> number = this.numbers.receive(10_000);
        assertThat(number).isNotNull();
        assertThat(number.getPayload()).isEqualTo(4.5);
        Message<?> error = this.inboundErrors.receive(5_000);
        assertThat(error).as("error message for 'not a number'").isInstanceOf(ErrorMessage.class);
    }

    @Test
    void inboundAdapterCanBeStartedRightAfterItWasStopped() {
        try {
            for (int i = 0; i < 20; i++) {
                this.restartableAdapter.stop();
                this.restartableAdapter.start();
                assertThat(this.restartableAdapter.isRunning()).isTrue();
            }
        }
        finally {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                this.restartableAdapter.start();
                return this.restartableAdapter.isRunning();
            });
        }
        this.template.publish("si/restart", "again").join();
        Message<?> message = this.restarted.receive(10_000);
        assertThat(message).isNotNull();
        assertThat(message.getPayload()).isEqualTo("again");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableIntegration
    static class Config {

        @Bean
        QueueChannel numbers() {
            return new QueueChannel();
        }

        @Bean
        QueueChannel inboundErrors() {
            return new QueueChannel();
        }

        @Bean
        IntegrationFlow numbersFlow(MqttIntegration mqtt) {
            return IntegrationFlow
                .from(mqtt.inbound("si/numbers").payloadType(Double.class).errorChannel("inboundErrors"))
                .channel("numbers")
                .get();
        }

        @Bean
        QueueChannel restarted() {
            return new QueueChannel();
        }

        @Bean
        IntegrationFlow restartableFlow(MqttIntegration mqtt) {
            return IntegrationFlow.from(mqtt.inbound("si/restart").payloadType(String.class).id("restartableAdapter"))
                .channel("restarted")
                .get();
        }

        @Bean
        IntegrationFlow uppercase(MqttIntegration mqtt) {
            return IntegrationFlow.from(mqtt.inbound("si/in/+").payloadType(String.class))
                .transform(String.class, String::toUpperCase)
                .handle(mqtt.outbound().defaultTopic("si/out"))
                .get();
        }

        @Bean
        IntegrationFlow alerts(MqttIntegration mqtt) {
            return IntegrationFlow.from(mqtt.inbound("si/sensors/+/temperature").payloadType(Double.class))
                .filter(Double.class, (celsius) -> celsius > 30)
                .handle(mqtt.outbound()
                    .defaultTopic("si/alerts/temperature")
                    .defaultQos(QoS.EXACTLY_ONCE)
                    .defaultRetain(true))
                .get();
        }

        @Bean
        IntegrationFlow routing(MqttIntegration mqtt) {
            return IntegrationFlow.from(mqtt.inbound("si/route/+"))
                .enrichHeaders((headers) -> headers.headerFunction(MqttHeaders.TOPIC,
                        (message) -> ((String) message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC))
                            .replace("si/route/", "si/routed/")))
                .handle(mqtt.outbound())
                .get();
        }

        @Bean
        QueueChannel captured() {
            return new QueueChannel();
        }

        @Bean
        IntegrationFlow capture(MqttIntegration mqtt) {
            return IntegrationFlow.from(mqtt.inbound("si/capture/+")).channel("captured").get();
        }

        @Bean
        QueueChannel workers() {
            return new QueueChannel();
        }

        @Bean
        IntegrationFlow workerOne(MqttIntegration mqtt) {
            return IntegrationFlow.from(mqtt.inbound("si/jobs").group("si-workers").payloadType(String.class))
                .enrichHeaders((headers) -> headers.header("worker", "one"))
                .channel("workers")
                .get();
        }

        @Bean
        IntegrationFlow workerTwo(MqttIntegration mqtt) {
            return IntegrationFlow.from(mqtt.inbound("si/jobs").group("si-workers").payloadType(String.class))
                .enrichHeaders((headers) -> headers.header("worker", "two"))
                .channel("workers")
                .get();
        }

    }

}
