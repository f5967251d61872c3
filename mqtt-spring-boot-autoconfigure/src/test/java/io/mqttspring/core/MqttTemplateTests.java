package io.mqttspring.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.PublishResult;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.UserProperty;
import io.mqttspring.broker.core.InvalidTopicException;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.TopicVariable;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@link MqttTemplate} in a Spring Boot application: publications seen by real MQTT clients (HiveMQ MQTT 5, Paho
 * 3.1.1) and MQTT 5 request/response against a Paho responder and a listener.
 */
@SpringBootTest(properties = { "mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
        "mqtt.broker.sys-interval=0", "mqtt.broker.shutdown-timeout=1s" })
class MqttTemplateTests {

    @Value("${local.mqtt.broker.port}")
    int port;

    @Autowired
    MqttTemplate template;

    @Test
    void objectIsPublishedAsJsonWithQosOneNotRetained() throws Exception {
        try (HiveMqClient subscriber = HiveMqClient.connected(this.port, ClientIds.unique("template-json"))) {
            subscriber.subscribe("template/json/#", MqttQos.EXACTLY_ONCE);
            PublishResult result = this.template.publish("template/json/reading", new Reading("hall", 21.5)).join();
            assertThat(result.matchedSubscribers()).isEqualTo(1);
            this.template.publish("template/json/number", 21.5).join();
            Mqtt5Publish reading = subscriber.messages().next();
            assertThat(reading.getTopic()).hasToString("template/json/reading");
            assertThat(new String(reading.getPayloadAsBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"room\":\"hall\",\"celsius\":21.5}");
            assertThat(reading.getContentType()).hasValueSatisfying(
                    (contentType) -> assertThat(contentType.toString()).startsWith("application/json"));
            assertThat(reading.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(reading.isRetain()).isFalse();
            Mqtt5Publish number = subscriber.messages().next();
            assertThat(new String(number.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("21.5");
        }
    }

    @Test
    void textAndBytesArePublishedAsTheyAre() throws Exception {
        try (HiveMqClient subscriber = HiveMqClient.connected(this.port, ClientIds.unique("template-raw"))) {
            subscriber.subscribe("template/raw/#", MqttQos.AT_LEAST_ONCE);
            this.template.publish("template/raw/text", "grüße").join();
            this.template.publish("template/raw/bytes", new byte[] { 0, (byte) 0xFE }).join();
            this.template.publish("template/raw/buffer", ByteBuffer.wrap(new byte[] { 7, 8, 9 })).join();
            Mqtt5Publish text = subscriber.messages().next();
            assertThat(text.getPayloadAsBytes()).isEqualTo("grüße".getBytes(StandardCharsets.UTF_8));
            assertThat(text.getContentType()).hasValueSatisfying(
                    (contentType) -> assertThat(contentType.toString()).startsWith("text/plain"));
            Mqtt5Publish bytes = subscriber.messages().next();
            assertThat(bytes.getPayloadAsBytes()).containsExactly(0, (byte) 0xFE);
            assertThat(bytes.getContentType()).isEmpty();
            assertThat(subscriber.messages().next().getPayloadAsBytes()).containsExactly(7, 8, 9);
        }
    }

    @Test
    void retainedExactlyOnceMessageReachesLaterSubscribers() throws Exception {
        this.template.publish("template/retained/config", new Reading("config", 1.0), QoS.EXACTLY_ONCE, true)
            .join();
        try (HiveMqClient subscriber = HiveMqClient.connected(this.port, ClientIds.unique("template-retained"))) {
            subscriber.subscribe("template/retained/#", MqttQos.EXACTLY_ONCE);
            Mqtt5Publish retained = subscriber.messages().next();
            assertThat(retained.isRetain()).isTrue();
            assertThat(retained.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(new String(retained.getPayloadAsBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"room\":\"config\",\"celsius\":1.0}");
        }
        finally {
            this.template.publish("template/retained/config", new byte[0], QoS.AT_LEAST_ONCE, true).join();
        }
    }

    @Test
    void messageHeadersBecomeMqtt5Properties() throws Exception {
        try (HiveMqClient subscriber = HiveMqClient.connected(this.port, ClientIds.unique("template-headers"))) {
            subscriber.subscribe("template/lights/#", MqttQos.EXACTLY_ONCE);
            Message<String> message = MessageBuilder.withPayload("on")
                .setHeader(MqttHeaders.TOPIC, "template/lights/1")
                .setHeader(MqttHeaders.QOS, 0)
                .setHeader(MqttHeaders.RESPONSE_TOPIC, "template/lights/replies")
                .setHeader(MqttHeaders.CORRELATION_DATA, new byte[] { 4, 2 })
                .setHeader(MqttHeaders.USER_PROPERTIES, List.of(new UserProperty("room", "hall"),
                        new UserProperty("room", "stairs")))
                .setHeader(MqttHeaders.MESSAGE_EXPIRY_INTERVAL, 60L)
                .setHeader(MqttHeaders.PAYLOAD_FORMAT_INDICATOR, 1)
                .setHeader(MessageHeaders.CONTENT_TYPE, "text/x-command")
                .build();
            this.template.publish(message).join();
            Mqtt5Publish received = subscriber.messages().next();
            assertThat(received.getTopic()).hasToString("template/lights/1");
            assertThat(received.getQos()).isEqualTo(MqttQos.AT_MOST_ONCE);
            assertThat(received.getPayloadAsBytes()).isEqualTo("on".getBytes(StandardCharsets.UTF_8));
            assertThat(received.getResponseTopic()).hasValueSatisfying(
                    (topic) -> assertThat(topic).hasToString("template/lights/replies"));
            assertThat(received.getCorrelationData()).hasValueSatisfying((data) -> {
                byte[] bytes = new byte[data.remaining()];
                data.duplicate().get(bytes);
                assertThat(bytes).containsExactly(4, 2);
            });
            assertThat(received.getUserProperties().asList()).extracting(
                    (Mqtt5UserProperty property) -> property.getName() + "=" + property.getValue())
                .containsExactly("room=hall", "room=stairs");
            assertThat(received.getMessageExpiryInterval()).isPresent();
            assertThat(received.getMessageExpiryInterval().getAsLong()).isBetween(1L, 60L);
            assertThat(received.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
            assertThat(received.getContentType()).hasValueSatisfying(
                    (contentType) -> assertThat(contentType).hasToString("text/x-command"));
        }
    }

    @Test
    void retainedHeaderRetainsTheMessage() throws Exception {
        this.template.publish(MessageBuilder.withPayload("closed")
            .setHeader(MqttHeaders.TOPIC, "template/door/state")
            .setHeader(MqttHeaders.RETAINED, true)
            .setHeader(MqttHeaders.QOS, QoS.EXACTLY_ONCE)
            .build()).join();
        try (HiveMqClient subscriber = HiveMqClient.connected(this.port,
                ClientIds.unique("template-retained-header"))) {
            subscriber.subscribe("template/door/state", MqttQos.EXACTLY_ONCE);
            Mqtt5Publish received = subscriber.messages().next();
            assertThat(received.isRetain()).isTrue();
            assertThat(received.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
        }
        finally {
            this.template.publish("template/door/state", new byte[0], QoS.AT_LEAST_ONCE, true).join();
        }
    }

    @Test
    void mqtt311SubscribersGetTheSamePublications() throws Exception {
        try (Paho3Client subscriber = Paho3Client.connected(this.port, ClientIds.unique("template-v311"))) {
            subscriber.subscribe("template/v311/#", 2);
            this.template.publish("template/v311/a", "hello", QoS.EXACTLY_ONCE, false).join();
            Paho3Client.Received received = subscriber.next();
            assertThat(received.topic()).isEqualTo("template/v311/a");
            assertThat(received.payload()).isEqualTo("hello");
            assertThat(received.qos()).isEqualTo(2);
        }
    }

    @Test
    void invalidTopicCompletesTheFutureExceptionally() {
        CompletableFuture<PublishResult> result = this.template.publish("template/+/wildcard", "x");
        assertThat(result).failsWithin(Duration.ofSeconds(5))
            .withThrowableThat()
            .havingCause()
            .isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void messageWithoutTopicIsRefused() {
        assertThatException().isThrownBy(() -> this.template.publish(MessageBuilder.withPayload("x").build()).join())
            .withMessageContaining(MqttHeaders.TOPIC);
    }

    @Test
    void requestIsAnsweredByAnMqtt5NetworkResponder() throws Exception {
        try (Paho5Client responder = Paho5Client.connected(this.port, ClientIds.unique("template-responder"))) {
            responder.subscribe("template/svc/echo", 1);
            CompletableFuture<Echo> reply = this.template.request("template/svc/echo", new Echo("ping"), Echo.class,
                    Duration.ofSeconds(10));
            Paho5Client.Received request = responder.messages().next();
            MqttProperties requestProperties = request.message().getProperties();
            assertThat(requestProperties.getResponseTopic()).startsWith("replies/");
            assertThat(requestProperties.getCorrelationData()).isNotEmpty();
            assertThat(requestProperties.getContentType()).startsWith("application/json");
            assertThat(request.payload()).isEqualTo("{\"text\":\"ping\"}");
            MqttProperties replyProperties = new MqttProperties();
            replyProperties.setCorrelationData(requestProperties.getCorrelationData());
            replyProperties.setContentType("application/json");
            responder.publish(requestProperties.getResponseTopic(),
                    "{\"text\":\"pong\"}".getBytes(StandardCharsets.UTF_8), 1, false, replyProperties);
            assertThat(reply).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(new Echo("pong"));
        }
    }

    @Test
    void replyWithOtherCorrelationDataIsIgnored() throws Exception {
        try (Paho5Client responder = Paho5Client.connected(this.port,
                ClientIds.unique("template-wrong-responder"))) {
            responder.subscribe("template/svc/wrong", 1);
            CompletableFuture<String> reply = this.template.request("template/svc/wrong", "ping", String.class,
                    Duration.ofSeconds(10));
            Paho5Client.Received request = responder.messages().next();
            String responseTopic = request.message().getProperties().getResponseTopic();
            MqttProperties wrong = new MqttProperties();
            wrong.setCorrelationData(new byte[] { 1 });
            responder.publish(responseTopic, "not yours".getBytes(StandardCharsets.UTF_8), 1, false, wrong);
            MqttProperties right = new MqttProperties();
            right.setCorrelationData(request.message().getProperties().getCorrelationData());
            responder.publish(responseTopic, "yours".getBytes(StandardCharsets.UTF_8), 1, false, right);
            assertThat(reply).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("yours");
        }
    }

    @Test
    void requestIsAnsweredByAListener() {
        Sum sum = this.template.request("template/svc/sum", new Addends(2, 3), Sum.class, Duration.ofSeconds(10))
            .join();
        assertThat(sum).isEqualTo(new Sum(5));
    }

    @Test
    void concurrentRequestsGetTheirOwnReplies() {
        List<CompletableFuture<Sum>> replies = IntStream.range(0, 20)
            .mapToObj((i) -> this.template.request("template/svc/sum", new Addends(i, 100), Sum.class,
                    Duration.ofSeconds(10)))
            .toList();
        for (int i = 0; i < replies.size(); i++) {
            assertThat(replies.get(i)).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(new Sum(i + 100));
        }
    }

    @Test
    void requestToATopicWithTemplateVariablesIsAnswered() {
        String greeting = this.template.request("template/svc/greet/ada", "hello", String.class,
                Duration.ofSeconds(10))
            .join();
        assertThat(greeting).isEqualTo("hello, ada");
    }

    @Test
    void requestToAnInvalidTopicFailsWithoutWaitingForTheTimeout() {
        CompletableFuture<String> reply = this.template.request("template/+/invalid", "x", String.class,
                Duration.ofMinutes(5));
        assertThat(reply).failsWithin(Duration.ofSeconds(10))
            .withThrowableThat()
            .havingCause()
            .isInstanceOf(InvalidTopicException.class);
    }

    @Test
    void requestWithoutResponderTimesOut() {
        CompletableFuture<String> reply = this.template.request("template/svc/nobody", "anyone?", String.class,
                Duration.ofMillis(200));
        assertThat(reply).failsWithin(Duration.ofSeconds(10))
            .withThrowableThat()
            .havingCause()
            .isInstanceOf(TimeoutException.class);
    }

    record Reading(String room, double celsius) {
    }

    record Echo(String text) {
    }

    record Addends(int a, int b) {
    }

    record Sum(int sum) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Config {

        @Bean
        Responders responders() {
            return new Responders();
        }

    }

    static class Responders {

        @MqttListener("template/svc/sum")
        Sum sum(Addends addends) {
            return new Sum(addends.a() + addends.b());
        }

        @MqttListener("template/svc/greet/{name}")
        String greet(@TopicVariable String name, String greeting) {
            return greeting + ", " + name;
        }

    }

}
