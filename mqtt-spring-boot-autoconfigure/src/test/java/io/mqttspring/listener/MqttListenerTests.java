package io.mqttspring.listener;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.UserProperty;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.core.MqttHeaders;
import io.mqttspring.core.MqttRequestFailedException;
import io.mqttspring.core.MqttTemplate;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AliasFor;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.SendTo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link MqttListener} methods in a Spring Boot application, fed by real MQTT clients (Paho 3.1.1 and 5).
 */
@SpringBootTest(properties = { "mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
        "mqtt.broker.sys-interval=0", "mqtt.broker.shutdown-timeout=1s", "test.listener.id=placeholder-listener",
        "test.listener.root=placeholders", "test.listener.qos=2", "test.listener.concurrency=2" })
class MqttListenerTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Value("${local.mqtt.broker.port}")
    int port;

    @Autowired
    MqttListenerEndpointRegistry registry;

    @Autowired
    MqttTemplate template;

    @Autowired
    Listeners listeners;

    @Test
    void wildcardFiltersReceiveMatchingTopicsOnly() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("wildcards"))) {
            client.publish("wild/a/b/temperature", "no", 1);
            client.publish("wild/kitchen/temperature", "1", 1);
            client.publish("other/all", "no", 1);
            client.publish("wild/all", "2", 1);
            client.publish("wild/all/x/y", "3", 1);
        }
        assertThat(take(this.listeners.wildcards, 3)).containsExactly("wild/kitchen/temperature=1", "wild/all=2",
                "wild/all/x/y=3");
        assertThat(this.listeners.wildcards).isEmpty();
    }

    @Test
    void topicTemplateVariablesBindToParameters() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("templates"))) {
            client.publish("tpl/main/3/temperature", "21.5", 1);
            client.publish("tpl/annex/12/temperature", "-4", 1);
        }
        assertThat(take(this.listeners.templates, 2)).containsExactly("main/3/21.5", "annex/12/-4.0");
    }

    @Test
    void jsonPayloadsAreConvertedToRecords() throws Exception {
        try (Paho3Client v3 = Paho3Client.connected(this.port, ClientIds.unique("json-v3"));
                Paho5Client v5 = Paho5Client.connected(this.port, ClientIds.unique("json-v5"))) {
            v3.publish("json/readings", "{\"room\":\"hall\",\"celsius\":21.5}", 1);
            MqttProperties properties = new MqttProperties();
            properties.setContentType("application/json");
            v5.publish("json/readings", "{\"room\":\"attic\",\"celsius\":30.25}".getBytes(StandardCharsets.UTF_8), 1,
                    false, properties);
        }
        assertThat(take(this.listeners.readings, 2)).containsExactlyInAnyOrder(new Reading("hall", 21.5),
                new Reading("attic", 30.25));
    }

    @Test
    void unconvertiblePayloadDoesNotStopTheListener() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("json-broken"))) {
            client.publish("json/readings", "not json at all", 1);
            client.publish("json/readings", "{\"room\":\"cellar\",\"celsius\":12.0}", 1);
        }
        assertThat(take(this.listeners.readings, 1)).containsExactly(new Reading("cellar", 12.0));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(container("json").getFailures()).isEqualTo(1));
    }

    @Test
    void payloadsAsStringBytesAndByteBuffer() throws Exception {
        byte[] binary = { 0, (byte) 0xFF, 0x10, (byte) 0x80 };
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("payloads"))) {
            client.publish("payload/string", "grüße, 21 °C", 1);
            client.publish("payload/bytes", binary, 1, false);
            client.publish("payload/buffer", binary, 1, false);
        }
        assertThat(take(this.listeners.strings, 1)).containsExactly("grüße, 21 °C");
        assertThat(take(this.listeners.bytes, 1)).singleElement().isEqualTo(binary);
        ByteBuffer buffer = take(this.listeners.buffers, 1).get(0);
        byte[] read = new byte[buffer.remaining()];
        buffer.get(read);
        assertThat(read).isEqualTo(binary);
        assertThat(buffer.isReadOnly()).isTrue();
    }

    @Test
    void stringParameterGetsTheTextOfAJsonPayload() throws Exception {
        try (Paho5Client client = Paho5Client.connected(this.port, ClientIds.unique("payloads-json-text"))) {
            MqttProperties properties = new MqttProperties();
            properties.setContentType("application/json");
            client.publish("payload/string", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), 1, false, properties);
        }
        assertThat(take(this.listeners.strings, 1)).containsExactly("{\"a\":1}");
    }

    @Test
    void messageParameterCarriesConvertedPayloadAndHeaders() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("message"))) {
            client.publish("message/hall", "{\"room\":\"hall\",\"celsius\":19.0}", 1);
        }
        Message<Reading> message = take(this.listeners.messages, 1).get(0);
        assertThat(message.getPayload()).isEqualTo(new Reading("hall", 19.0));
        assertThat(message.getHeaders()).containsEntry(MqttHeaders.RECEIVED_TOPIC, "message/hall")
            .containsEntry(MqttHeaders.RECEIVED_QOS, 1);
    }

    @Test
    void mqtt5PropertiesAndDeliveryFlagsArriveAsHeaders() throws Exception {
        String clientId;
        try (Paho5Client client = Paho5Client.connected(this.port, ClientIds.unique("headers"))) {
            clientId = client.clientId();
            MqttProperties properties = new MqttProperties();
            properties.setContentType("text/plain");
            properties.setResponseTopic("headers/replies");
            properties.setCorrelationData(new byte[] { 1, 2, 3 });
            properties.setUserProperties(List.of(new org.eclipse.paho.mqttv5.common.packet.UserProperty("a", "1"),
                    new org.eclipse.paho.mqttv5.common.packet.UserProperty("b", "2"),
                    new org.eclipse.paho.mqttv5.common.packet.UserProperty("a", "3")));
            client.publish("headers/in", "hello".getBytes(StandardCharsets.UTF_8), 2, false, properties);
        }
        Map<String, Object> headers = take(this.listeners.headers, 1).get(0);
        assertThat(headers).containsEntry("payload", "hello")
            .containsEntry("topic", "headers/in")
            .containsEntry("qos", 2)
            .containsEntry("retained", false)
            .containsEntry("duplicate", false)
            .containsEntry("clientId", clientId)
            .containsEntry("contentType", "text/plain")
            .containsEntry("responseTopic", "headers/replies")
            .containsEntry("userProperties",
                    List.of(new UserProperty("a", "1"), new UserProperty("b", "2"), new UserProperty("a", "3")));
        assertThat((byte[]) headers.get("correlationData")).containsExactly(1, 2, 3);
    }

    @Test
    void optionalHeadersAreAbsentForPlainMqtt311Messages() throws Exception {
        String clientId;
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("headers-v3"))) {
            clientId = client.clientId();
            client.publish("headers/in", "plain".getBytes(StandardCharsets.UTF_8), 0, false);
        }
        Map<String, Object> headers = take(this.listeners.headers, 1).get(0);
        assertThat(headers).containsEntry("payload", "plain")
            .containsEntry("qos", 0)
            .containsEntry("clientId", clientId)
            .containsEntry("contentType", null)
            .containsEntry("responseTopic", null)
            .containsEntry("correlationData", null)
            .containsEntry("userProperties", null);
    }

    @Test
    void returnValueIsPublishedToTheResponseTopicWithTheCorrelationData() throws Exception {
        try (Paho5Client requester = Paho5Client.connected(this.port, ClientIds.unique("requester"))) {
            String responseTopic = "requester/" + requester.clientId() + "/replies";
            requester.subscribe(responseTopic, 1);
            MqttProperties properties = new MqttProperties();
            properties.setResponseTopic(responseTopic);
            properties.setCorrelationData(new byte[] { 9, 8, 7 });
            properties.setContentType("application/json");
            requester.publish("rooms/kitchen/command", "{\"action\":\"report\"}".getBytes(StandardCharsets.UTF_8),
                    1, false, properties);
            Paho5Client.Received reply = requester.messages().next();
            assertThat(reply.topic()).isEqualTo(responseTopic);
            assertThat(reply.message().getProperties().getCorrelationData()).containsExactly(9, 8, 7);
            assertThat(reply.message().getProperties().getContentType()).startsWith("application/json");
            assertThat(reply.payload()).isEqualTo("{\"room\":\"kitchen\",\"action\":\"report\",\"status\":\"ok\"}");
        }
    }

    @Test
    void sendToPublishesTheReturnValueToATopicWithTheListenersVariables() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("sendto"))) {
            client.subscribe("sendto/+/out", 1);
            client.publish("sendto/kitchen/in", "hello", 1);
            Paho3Client.Received reply = client.next();
            assertThat(reply.topic()).isEqualTo("sendto/kitchen/out");
            assertThat(reply.payload()).isEqualTo("HELLO");
        }
    }

    @Test
    void responseTopicTakesPrecedenceOverSendTo() throws Exception {
        try (Paho5Client client = Paho5Client.connected(this.port, ClientIds.unique("sendto-response"))) {
            String responseTopic = "sendto-replies/" + client.clientId();
            client.subscribe("sendto/+/out", 1);
            client.subscribe(responseTopic, 1);
            MqttProperties properties = new MqttProperties();
            properties.setResponseTopic(responseTopic);
            properties.setCorrelationData(new byte[] { 5 });
            client.publish("sendto/hall/in", "first".getBytes(StandardCharsets.UTF_8), 1, false, properties);
            client.publish("sendto/cellar/in", "second", 1);
            Paho5Client.Received first = client.messages().next();
            Paho5Client.Received second = client.messages().next();
            assertThat(first.topic()).isEqualTo(responseTopic);
            assertThat(first.payload()).isEqualTo("FIRST");
            assertThat(first.message().getProperties().getCorrelationData()).containsExactly(5);
            assertThat(second.topic()).isEqualTo("sendto/cellar/out");
            assertThat(second.payload()).isEqualTo("SECOND");
        }
    }

    @Test
    void listenersOfOneGroupShareTheMessagesWithNetworkClients() throws Exception {
        try (Paho3Client member = Paho3Client.connected(this.port, ClientIds.unique("group-member"));
                Paho3Client publisher = Paho3Client.connected(this.port, ClientIds.unique("group-publisher"))) {
            member.subscribe("$share/workers/group/jobs", 1);
            for (int i = 0; i < 12; i++) {
                publisher.publish("group/jobs", "job-" + i, 1);
            }
            List<String> all = new ArrayList<>();
            List<String> network = new ArrayList<>();
            await().atMost(TIMEOUT).untilAsserted(() -> {
                this.listeners.groupA.drainTo(all);
                this.listeners.groupB.drainTo(all);
                while (!member.messages().isEmpty()) {
                    network.add(member.messages().next().payload());
                }
                assertThat(all.size() + network.size()).isGreaterThanOrEqualTo(12);
            });
            List<String> everything = new ArrayList<>(all);
            everything.addAll(network);
            assertThat(everything).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 12).mapToObj((i) -> "job-" + i).toList());
            assertThat(network).isNotEmpty();
            assertThat(container("worker-a").getInvocations()).isPositive();
            assertThat(container("worker-b").getInvocations()).isPositive();
        }
    }

    @Test
    void errorHandlerReturnValueIsPublishedAsTheReply() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("error-handler"))) {
            client.subscribe("errors/replies", 1);
            client.publish("errors/handled", "x", 1);
            Paho3Client.Received reply = client.next();
            assertThat(reply.payload()).isEqualTo("failed: boom x (handled on errors/handled)");
        }
        assertThat(this.listeners.handledMessages).singleElement()
            .satisfies((message) -> assertThat(message.getHeaders()).containsEntry(MqttHeaders.RECEIVED_TOPIC,
                    "errors/handled"));
        assertThat(container("handled").getFailures()).isZero();
    }

    @Test
    void failingListenerKeepsReceivingAndCountsTheFailure() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("fragile"))) {
            client.publish("errors/unhandled", "bad", 1);
            client.publish("errors/unhandled", "good", 1);
        }
        assertThat(take(this.listeners.fragile, 1)).containsExactly("good");
        MqttListenerContainer container = container("fragile");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(container.getFailures()).isEqualTo(1);
            assertThat(container.getInvocations()).isEqualTo(2);
        });
        assertThat(container.isRunning()).isTrue();
    }

    @Test
    void messagesOfOneTopicArriveInOrderWithConcurrency() throws Exception {
        List<String> topics = List.of("order/a", "order/b", "order/c");
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("ordering"))) {
            for (int i = 0; i < 50; i++) {
                for (String topic : topics) {
                    client.publish(topic, Integer.toString(i), 1);
                }
            }
        }
        List<Integer> expected = IntStream.range(0, 50).boxed().toList();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (String topic : topics) {
                assertThat(this.listeners.ordered.getOrDefault(topic, List.of())).hasSize(50);
            }
        });
        for (String topic : topics) {
            assertThat(this.listeners.ordered.get(topic)).as(topic).isEqualTo(expected);
        }
        assertThat(container("ordered").getEndpoint().concurrency()).isEqualTo(4);
    }

    @Test
    void listenerWithAutoStartupFalseStartsThroughTheRegistry() throws Exception {
        MqttListenerContainer container = container("late");
        assertThat(container.isRunning()).isFalse();
        assertThat(this.registry.getListenerContainerIds()).contains("late");
        this.template.publish("late/status", "online", QoS.AT_LEAST_ONCE, true).join();
        try {
            container.start();
            assertThat(container.isRunning()).isTrue();
            assertThat(take(this.listeners.late, 1)).containsExactly("online retained=true");
            this.template.publish("late/status", "busy").join();
            assertThat(take(this.listeners.late, 1)).containsExactly("busy retained=false");
            container.stop();
            assertThat(container.isRunning()).isFalse();
            this.template.publish("late/status", "unseen").join();
            container.start();
            this.template.publish("late/status", "back").join();
            // the retained message comes again on subscribe; "unseen" was published while stopped
            assertThat(take(this.listeners.late, 2)).containsExactly("online retained=true", "back retained=false");
        }
        finally {
            container.stop();
            this.template.publish("late/status", new byte[0], QoS.AT_LEAST_ONCE, true).join();
        }
    }

    @Test
    void listenerCanBeStartedRightAfterItWasStopped() throws Exception {
        MqttListenerContainer container = container("restartable");
        try {
            for (int i = 0; i < 20; i++) {
                container.stop();
                container.start();
                assertThat(container.isRunning()).isTrue();
            }
        }
        finally {
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
                container.start();
                return container.isRunning();
            });
        }
        this.template.publish("restart/topic", "restarted").join();
        assertThat(take(this.listeners.restartable, 1)).containsExactly("restarted");
    }

    @Test
    void placeholdersInAttributesAreResolved() throws Exception {
        MqttListenerContainer container = container("placeholder-listener");
        assertThat(container.getTopics()).containsExactly("placeholders/{device}");
        assertThat(container.getEndpoint().qos()).isEqualTo(QoS.EXACTLY_ONCE);
        assertThat(container.getEndpoint().concurrency()).isEqualTo(2);
        assertThat(container.isRunning()).isTrue();
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("placeholders"))) {
            client.publish("placeholders/pump", "on".getBytes(StandardCharsets.UTF_8), 2, false);
        }
        assertThat(take(this.listeners.placeholders, 1)).containsExactly("pump=on");
    }

    @Test
    void metaAnnotationDeclaresAListener() throws Exception {
        MqttListenerContainer container = container("meta-listener");
        assertThat(container.getTopics()).containsExactly("meta/{sensor}");
        assertThat(container.getEndpoint().qos()).isEqualTo(QoS.EXACTLY_ONCE);
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("meta"))) {
            client.publish("meta/door", "open", 1);
        }
        assertThat(take(this.listeners.meta, 1)).containsExactly("door:open");
    }

    @Test
    void validPayloadIsValidated() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("validation"))) {
            client.publish("valid/orders", "{\"item\":\"\",\"quantity\":0}", 1);
            client.publish("valid/orders", "{\"item\":\"bolt\",\"quantity\":3}", 1);
        }
        assertThat(take(this.listeners.orders, 1)).containsExactly(new Order("bolt", 3));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(container("validated").getFailures()).isEqualTo(1));
    }

    @Test
    @DisplayName("a listener without id is named after its bean and method, the same on every run and safe in a URL")
    void listenersWithoutIdGetAGeneratedOne() {
        assertThat(this.registry.getListenerContainerIds()).contains("listeners.unnamed");
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-4.10.0-1]: a request whose listener fails is answered with the failure, so the "
            + "requester's future fails at once instead of waiting for its timeout")
    void failedRequestIsAnsweredWithTheFailure() {
        CompletableFuture<String> reply = this.template.request("errors/unhandled", "bad", String.class,
                Duration.ofSeconds(30));
        assertThat(reply).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause()
            .isInstanceOf(MqttRequestFailedException.class).withMessageContaining("fragile")
            .withMessageContaining("bad payload");
    }

    @Test
    void inProcessPublicationsReachListenersWithoutClientId() {
        this.template.publish("headers/in", "from the template").join();
        Map<String, Object> headers = take(this.listeners.headers, 1).get(0);
        assertThat(headers).containsEntry("payload", "from the template")
            .containsEntry("clientId", null)
            .containsEntry("qos", 1);
    }

    private MqttListenerContainer container(String id) {
        MqttListenerContainer container = this.registry.getListenerContainer(id);
        assertThat(container).as("listener " + id).isNotNull();
        return container;
    }

    private static <T> List<T> take(BlockingQueue<T> queue, int count) {
        List<T> taken = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                T element = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(element).as("element %d of %d, after %s", i + 1, count, taken).isNotNull();
                taken.add(element);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
        return taken;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Config {

        @Bean
        Listeners listeners() {
            return new Listeners();
        }

        @Bean
        MqttListenerErrorHandler replyingErrorHandler(Listeners listeners) {
            return (message, exception) -> {
                listeners.handledMessages.add(message);
                return "failed: " + exception.getCause().getMessage() + " (" + exception.getListenerId() + " on "
                        + exception.getTopic() + ")";
            };
        }

    }

    record Reading(String room, double celsius) {
    }

    record Command(String action) {
    }

    record RoomState(String room, String action, String status) {
    }

    record Order(@NotBlank String item, @Positive int quantity) {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @MqttListener(qos = "2")
    @interface SensorListener {

        @AliasFor(annotation = MqttListener.class, attribute = "topics")
        String[] value();

        @AliasFor(annotation = MqttListener.class, attribute = "id")
        String id() default "";

    }

    static class Listeners {

        final BlockingQueue<String> wildcards = new LinkedBlockingQueue<>();

        final BlockingQueue<String> templates = new LinkedBlockingQueue<>();

        final BlockingQueue<Reading> readings = new LinkedBlockingQueue<>();

        final BlockingQueue<String> strings = new LinkedBlockingQueue<>();

        final BlockingQueue<byte[]> bytes = new LinkedBlockingQueue<>();

        final BlockingQueue<ByteBuffer> buffers = new LinkedBlockingQueue<>();

        final BlockingQueue<Message<Reading>> messages = new LinkedBlockingQueue<>();

        final BlockingQueue<Map<String, Object>> headers = new LinkedBlockingQueue<>();

        final BlockingQueue<String> groupA = new LinkedBlockingQueue<>();

        final BlockingQueue<String> groupB = new LinkedBlockingQueue<>();

        final List<Message<?>> handledMessages = new CopyOnWriteArrayList<>();

        final BlockingQueue<String> fragile = new LinkedBlockingQueue<>();

        final BlockingQueue<String> restartable = new LinkedBlockingQueue<>();

        final Map<String, List<Integer>> ordered = new ConcurrentHashMap<>();

        final BlockingQueue<String> late = new LinkedBlockingQueue<>();

        final BlockingQueue<String> placeholders = new LinkedBlockingQueue<>();

        final BlockingQueue<String> meta = new LinkedBlockingQueue<>();

        final BlockingQueue<Order> orders = new LinkedBlockingQueue<>();

        @MqttListener(id = "wildcards", topics = { "wild/+/temperature", "wild/all/#" })
        void wildcards(String payload, @Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
            this.wildcards.add(topic + "=" + payload);
        }

        @MqttListener(id = "templates", topics = "tpl/{building}/{floor}/temperature")
        void templates(@TopicVariable String building, @TopicVariable("floor") int floor, double celsius) {
            this.templates.add(building + "/" + floor + "/" + celsius);
        }

        @MqttListener(id = "json", topics = "json/readings")
        void readings(Reading reading) {
            this.readings.add(reading);
        }

        @MqttListener(id = "payload-string", topics = "payload/string")
        void strings(String payload) {
            this.strings.add(payload);
        }

        @MqttListener(id = "payload-bytes", topics = "payload/bytes")
        void bytes(byte[] payload) {
            this.bytes.add(payload);
        }

        @MqttListener(id = "payload-buffer", topics = "payload/buffer")
        void buffers(ByteBuffer payload) {
            this.buffers.add(payload);
        }

        @MqttListener(id = "message", topics = "message/+")
        void messages(Message<Reading> message) {
            this.messages.add(message);
        }

        @MqttListener(id = "headers", topics = "headers/in", qos = "2")
        void headers(@Payload String payload, @Header(MqttHeaders.RECEIVED_TOPIC) String topic,
                @Header(MqttHeaders.RECEIVED_QOS) int qos, @Header(MqttHeaders.RECEIVED_RETAINED) boolean retained,
                @Header(MqttHeaders.DUPLICATE) boolean duplicate,
                @Header(name = MqttHeaders.CLIENT_ID, required = false) String clientId,
                @Header(name = MessageHeaders.CONTENT_TYPE, required = false) Object contentType,
                @Header(name = MqttHeaders.RESPONSE_TOPIC, required = false) String responseTopic,
                @Header(name = MqttHeaders.CORRELATION_DATA, required = false) byte[] correlationData,
                @Header(name = MqttHeaders.USER_PROPERTIES, required = false) List<UserProperty> userProperties) {
            Map<String, Object> values = new java.util.HashMap<>();
            values.put("payload", payload);
            values.put("topic", topic);
            values.put("qos", qos);
            values.put("retained", retained);
            values.put("duplicate", duplicate);
            values.put("clientId", clientId);
            values.put("contentType", (contentType != null) ? contentType.toString() : null);
            values.put("responseTopic", responseTopic);
            values.put("correlationData", correlationData);
            values.put("userProperties", userProperties);
            this.headers.add(values);
        }

        @MqttListener(id = "commands", topics = "rooms/{room}/command")
        RoomState commands(@TopicVariable String room, Command command) {
            return new RoomState(room, command.action(), "ok");
        }

        @MqttListener(id = "sendto", topics = "sendto/{room}/in")
        @SendTo("sendto/{room}/out")
        String sendTo(String payload) {
            return payload.toUpperCase();
        }

        @MqttListener(id = "worker-a", topics = "group/jobs", group = "workers")
        void workerA(String job) {
            this.groupA.add(job);
        }

        @MqttListener(id = "worker-b", topics = "group/jobs", group = "workers")
        void workerB(String job) {
            this.groupB.add(job);
        }

        @MqttListener(id = "handled", topics = "errors/handled", errorHandler = "replyingErrorHandler")
        @SendTo("errors/replies")
        String handled(String payload) {
            throw new IllegalStateException("boom " + payload);
        }

        @MqttListener(id = "fragile", topics = "errors/unhandled")
        void fragile(String payload) {
            if (payload.equals("bad")) {
                throw new IllegalStateException("bad payload");
            }
            this.fragile.add(payload);
        }

        @MqttListener(id = "restartable", topics = "restart/topic")
        void restartable(String payload) {
            this.restartable.add(payload);
        }

        @MqttListener(id = "ordered", topics = "order/+", concurrency = "4")
        void ordered(@Header(MqttHeaders.RECEIVED_TOPIC) String topic, int value) {
            this.ordered.computeIfAbsent(topic, (key) -> new CopyOnWriteArrayList<>()).add(value);
        }

        @MqttListener(id = "late", topics = "late/status", autoStartup = "false")
        void late(String status, @Header(MqttHeaders.RECEIVED_RETAINED) boolean retained) {
            this.late.add(status + " retained=" + retained);
        }

        @MqttListener(id = "${test.listener.id}", topics = "${test.listener.root}/{device}",
                qos = "${test.listener.qos}", concurrency = "${test.listener.concurrency}",
                autoStartup = "#{1 + 1 == 2}")
        void placeholders(@TopicVariable String device, String payload) {
            this.placeholders.add(device + "=" + payload);
        }

        @SensorListener(value = "meta/{sensor}", id = "meta-listener")
        void meta(@TopicVariable String sensor, String payload) {
            this.meta.add(sensor + ":" + payload);
        }

        @MqttListener(id = "validated", topics = "valid/orders")
        void orders(@Payload @Valid Order order) {
            this.orders.add(order);
        }

        @MqttListener("unnamed/topic")
        void unnamed(String payload) {
        }

    }

}
