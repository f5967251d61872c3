package io.mqttspring.broker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.core.InvalidTopicException;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.broker.message.UserProperty;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho3Client.Received;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The in-process API: {@code publish} reaches network subscribers, in-process subscribers receive from network
 * publishers with the same semantics as network clients. Rules are cited with the MQTT 5 section or ID (in-process
 * subscribers behave as MQTT 5 sessions).
 */
class InProcessApiTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private MqttBroker mqttBroker() {
        return this.broker.broker();
    }

    private static ApplicationMessage message(String topic, String payload, QoS qos) {
        return ApplicationMessage.builder(topic).payload(payload).qos(qos).build();
    }

    /** A handler that completes at once and collects what it gets. */
    private static MessageHandler collectingInto(List<ReceivedMessage> received) {
        return (message) -> {
            received.add(message);
            return CompletableFuture.completedFuture(null);
        };
    }

    private InProcessSubscriber subscriber(String name, List<ReceivedMessage> received, String... filters) {
        InProcessSubscriberBuilder builder = mqttBroker().newSubscriber(name);
        for (String filter : filters) {
            builder.topic(filter, QoS.EXACTLY_ONCE);
        }
        return this.clients.register(builder.handler(collectingInto(received)).start());
    }

    private static List<String> payloads(List<ReceivedMessage> received) {
        return received.stream().map((r) -> r.message().payloadAsString()).toList();
    }

    // ---- broker.publish reaches network subscribers ---------------------------------------------------------

    @Test
    @DisplayName("MQTT 5 [MQTT-3.8.4-8]: publish() reaches a Paho v3 subscriber at the lower of published and granted "
            + "QoS")
    void publishReachesNetworkSubscribers() throws Exception {
        Paho3Client atQos1 = this.clients.paho3Connected("sub1").subscribe("api/+", 1);
        Paho3Client atQos0 = this.clients.paho3Connected("sub0").subscribe("api/#", 0);
        PublishResult result = mqttBroker().publish(message("api/a", "hello", QoS.EXACTLY_ONCE)).get(5,
                TimeUnit.SECONDS);
        assertThat(result.matchedSubscribers()).isEqualTo(2);
        assertThat(atQos1.next()).isEqualTo(new Received("api/a", "hello", 1, false, false));
        assertThat(atQos0.next()).isEqualTo(new Received("api/a", "hello", 0, false, false));
    }

    @Test
    @DisplayName("publish() to a topic nobody subscribed matches no subscriber")
    void publishWithoutSubscribers() throws Exception {
        assertThat(mqttBroker().publish(message("nobody/here", "x", QoS.AT_LEAST_ONCE)).get(5, TimeUnit.SECONDS)
                .matchedSubscribers()).isZero();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.1-5] [MQTT-3.3.1-9] [MQTT-3.3.1-12]: a retained publish() is kept for later "
            + "subscribers, live ones get RETAIN 0")
    void publishRetained() throws Exception {
        Paho3Client live = this.clients.paho3Connected("live").subscribe("ret/#", 1);
        mqttBroker().publish(ApplicationMessage.builder("ret/a").payload("kept").qos(QoS.AT_LEAST_ONCE).retain(true)
                .build());
        assertThat(live.next()).isEqualTo(new Received("ret/a", "kept", 1, false, false));
        Paho3Client later = this.clients.paho3Connected("later").subscribe("ret/+", 2);
        assertThat(later.next()).isEqualTo(new Received("ret/a", "kept", 1, true, false));
        assertThat(mqttBroker().statistics().retainedMessages()).isEqualTo(1);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-17] [MQTT-3.3.2-18] [MQTT-3.3.2-20]: publish() "
            + "hands MQTT 5 properties to a HiveMQ subscriber unchanged")
    void publishCarriesMqtt5Properties() throws Exception {
        HiveMqClient hivemq = this.clients.hivemqConnected("props");
        hivemq.subscribe("props/#", MqttQos.EXACTLY_ONCE);
        MessageProperties properties = MessageProperties.builder().payloadFormatIndicator(1)
                .messageExpiryInterval(3600L).contentType("application/json").responseTopic("props/reply")
                .correlationData(new byte[] { 1, 2, 3 }).userProperty("b", "2").userProperty("a", "1")
                .userProperty("b", "3").build();
        mqttBroker().publish(ApplicationMessage.builder("props/x").payload("{}").qos(QoS.AT_LEAST_ONCE)
                .properties(properties).build());
        Mqtt5Publish received = hivemq.messages().next();
        assertThat(received.getTopic().toString()).isEqualTo("props/x");
        assertThat(received.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(received.getPayloadFormatIndicator()).contains(Mqtt5PayloadFormatIndicator.UTF_8);
        assertThat(received.getMessageExpiryInterval()).isPresent();
        assertThat(received.getMessageExpiryInterval().getAsLong()).isBetween(3590L, 3600L);
        assertThat(received.getContentType().map(Object::toString)).contains("application/json");
        assertThat(received.getResponseTopic().map(Object::toString)).contains("props/reply");
        assertThat(received.getCorrelationData().map(InProcessApiTests::bytes)).hasValueSatisfying(
                (data) -> assertThat(data).containsExactly(1, 2, 3));
        assertThat(received.getUserProperties().asList()).extracting(
                (p) -> p.getName().toString() + "=" + p.getValue().toString()).containsExactly("b=2", "a=1", "b=3");
    }

    @Test
    @DisplayName("publish() refuses an invalid topic name and needs a running broker")
    void publishValidates() {
        assertThatExceptionOfType(InvalidTopicException.class)
                .isThrownBy(() -> mqttBroker().publish(message("a/+", "x", QoS.AT_MOST_ONCE)));
        assertThatExceptionOfType(InvalidTopicException.class)
                .isThrownBy(() -> mqttBroker().publish(message("", "x", QoS.AT_MOST_ONCE)));
        mqttBroker().stop();
        assertThatIllegalStateException().isThrownBy(() -> mqttBroker().publish(message("a", "x", QoS.AT_MOST_ONCE)));
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-4.7.3-3]: publish() refuses a topic name longer than 65,535 bytes")
    void publishRefusesOverlongTopic() {
        assertThatExceptionOfType(InvalidTopicException.class)
                .isThrownBy(() -> mqttBroker().publish(message("t".repeat(65_536), "x", QoS.AT_MOST_ONCE)));
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.2.2-9]: publish() caps the QoS at the broker's maximum QoS")
    void publishCapsQos() throws Exception {
        try (MqttBroker capped = MqttBroker.builder()
                .config(BrokerExtension.testConfig((config) -> config.maximumQos(QoS.AT_LEAST_ONCE))).build()) {
            capped.start();
            List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
            capped.newSubscriber("capped").topic("c", QoS.EXACTLY_ONCE).handler(collectingInto(received)).start();
            capped.publish(message("c", "x", QoS.EXACTLY_ONCE));
            await().atMost(WAIT).until(() -> received.size() == 1);
            assertThat(received.get(0).message().qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        }
    }

    // ---- in-process subscribers -----------------------------------------------------------------------------

    @Test
    @DisplayName("MQTT 5 [MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-3.3.2-3]: an in-process subscriber gets exactly what its "
            + "wildcard filters match")
    void subscriberMatchesWildcards() throws Exception {
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        subscriber("wild", received, "sensors/+/temp", "alerts/#");
        Paho3Client publisher = this.clients.paho3Connected("pub");
        for (String topic : List.of("sensors/a/temp", "sensors/a/humidity", "sensors/a/b/temp", "alerts",
                "alerts/fire/floor1", "other")) {
            publisher.publish(topic, topic, 1);
        }
        await().atMost(WAIT).until(() -> received.size() >= 3);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> received.size() == 3);
        assertThat(received).extracting(ReceivedMessage::topic)
                .containsExactly("sensors/a/temp", "alerts", "alerts/fire/floor1");
        assertThat(received).allSatisfy((r) -> assertThat(r.publisherClientId()).isEqualTo(publisher.clientId()));
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.1-9]: retained messages reach the handler before start() returns, with the retain "
            + "flag")
    void subscriberGetsRetainedOnStart() throws Exception {
        Paho3Client publisher = this.clients.paho3Connected("retainer");
        publisher.publish("state/lamp", "on", 1, true);
        publisher.publish("state/door", "open", 2, true);
        await().atMost(WAIT).until(() -> mqttBroker().statistics().retainedMessages() == 2);
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        mqttBroker().newSubscriber("retained").topic("state/#", QoS.AT_LEAST_ONCE)
                .handler(collectingInto(received)).start().close();
        assertThat(received).hasSize(2);
        assertThat(received).allSatisfy((r) -> {
            assertThat(r.message().retain()).isTrue();
            assertThat(r.message().qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        });
        assertThat(received).extracting(ReceivedMessage::topic).containsExactlyInAnyOrder("state/lamp", "state/door");
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.8.4-8] [MQTT-3.3.1-12]: the handler gets the lower of published and granted QoS, "
            + "RETAIN 0 on live delivery")
    void subscriberGetsDowngradedQos() throws Exception {
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        this.clients.register(mqttBroker().newSubscriber("qos").topic("q/1", QoS.AT_LEAST_ONCE)
                .topic("q/0", QoS.AT_MOST_ONCE).topic("q/2", QoS.EXACTLY_ONCE).handler(collectingInto(received))
                .start());
        Paho3Client publisher = this.clients.paho3Connected("qospub");
        publisher.publish("q/1", "a", 2, true);
        publisher.publish("q/0", "b", 1);
        publisher.publish("q/2", "c", 2);
        publisher.publish("q/2", "d", 0);
        await().atMost(WAIT).until(() -> received.size() == 4);
        assertThat(received).extracting((r) -> r.topic() + ":" + r.message().qos() + ":" + r.message().retain())
                .containsExactly("q/1:AT_LEAST_ONCE:false", "q/0:AT_MOST_ONCE:false", "q/2:EXACTLY_ONCE:false",
                        "q/2:AT_MOST_ONCE:false");
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-4.6.0-5] [MQTT-4.6.0-6]: the handler gets one publisher's messages in the order they "
            + "were sent")
    void subscriberGetsMessagesInOrder() throws Exception {
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        subscriber("ordered", received, "ordered/#");
        // Paho frees an in-flight slot a moment after the blocking publish returns: Paho3Client leaves room
        Paho3Client publisher = this.clients.paho3Connected("orderedpub");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add("m" + i);
            publisher.publish("ordered/t", "m" + i, 1);
        }
        await().atMost(WAIT).until(() -> received.size() == 100);
        assertThat(payloads(received)).containsExactlyElementsOf(sent);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.4-9]: no more than maxInflight messages await the handler; the rest follow "
            + "completion, in order")
    void inflightWindow() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
        this.clients.register(mqttBroker().newSubscriber("window").topic("window/#", QoS.AT_LEAST_ONCE)
                .maxInflight(3).handler((message) -> {
                    received.add(message.message().payloadAsString());
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    pending.add(done);
                    return done;
                }).start());
        for (int i = 0; i < 10; i++) {
            mqttBroker().publish(message("window/t", "m" + i, QoS.AT_LEAST_ONCE));
        }
        await().atMost(WAIT).until(() -> received.size() == 3);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> received.size() == 3);
        assertThat(mqttBroker().statistics().inflightMessages()).isEqualTo(3);
        assertThat(mqttBroker().statistics().queuedMessages()).isEqualTo(7);
        pending.get(1).complete(null);
        await().atMost(WAIT).until(() -> received.size() == 4);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> received.size() == 4);
        // complete the rest one by one: each completion lets one more message in
        for (int i = 0; i < 10; i++) {
            int index = i;
            await().atMost(WAIT).until(() -> pending.size() > index);
            pending.get(index).complete(null);
        }
        assertThat(received).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
        await().atMost(WAIT).until(() -> mqttBroker().statistics().inflightMessages() == 0);
        assertThat(mqttBroker().statistics().queuedMessages()).isZero();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.4-9]: completing QoS 2 messages frees the window as completing QoS 1 messages does")
    void exactlyOnceWindow() {
        List<String> received = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
        this.clients.register(mqttBroker().newSubscriber("window2").topic("w2", QoS.EXACTLY_ONCE).maxInflight(1)
                .handler((message) -> {
                    received.add(message.message().payloadAsString() + ":" + message.message().qos().value());
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    pending.add(done);
                    return done;
                }).start());
        for (int i = 0; i < 5; i++) {
            mqttBroker().publish(message("w2", "m" + i, QoS.EXACTLY_ONCE));
        }
        for (int i = 0; i < 5; i++) {
            int index = i;
            await().atMost(WAIT).until(() -> pending.size() > index);
            assertThat(received).hasSize(index + 1);
            pending.get(index).complete(null);
        }
        assertThat(received).containsExactly("m0:2", "m1:2", "m2:2", "m3:2", "m4:2");
        await().atMost(WAIT).until(() -> mqttBroker().statistics().inflightMessages() == 0);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.4-2]: overlapping filters deliver one copy, at the highest granted QoS")
    void overlappingFiltersDeliverOnce() throws Exception {
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        this.clients.register(mqttBroker().newSubscriber("overlap").topic("o/#", QoS.AT_MOST_ONCE)
                .topic("o/+", QoS.AT_LEAST_ONCE).topic("o/x", QoS.AT_MOST_ONCE).handler(collectingInto(received))
                .start());
        Paho3Client publisher = this.clients.paho3Connected("overlappub");
        publisher.publish("o/x", "once", 2);
        await().atMost(WAIT).until(() -> received.size() == 1);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> received.size() == 1);
        assertThat(received.get(0).message().qos()).isEqualTo(QoS.AT_LEAST_ONCE);
    }

    @Test
    @DisplayName("subscribe(filter, qos, consumer) receives messages through a generated in-process subscriber")
    void subscribeShorthand() throws Exception {
        BlockingQueue<ReceivedMessage> received = new LinkedBlockingQueue<>();
        InProcessSubscriber subscriber = this.clients.register(
                mqttBroker().subscribe("short/+", QoS.AT_LEAST_ONCE, received::add));
        assertThat(subscriber.clientId()).startsWith(InProcessSubscriber.CLIENT_ID_PREFIX + "subscriber-");
        assertThat(subscriber.topics()).containsExactly(new InProcessSubscriber.Topic("short/+", QoS.AT_LEAST_ONCE));
        Paho3Client publisher = this.clients.paho3Connected("shortpub");
        publisher.publish("short/a", "x", 1);
        ReceivedMessage message = received.poll(5, TimeUnit.SECONDS);
        assertThat(message).isNotNull();
        assertThat(message.topic()).isEqualTo("short/a");
        assertThat(message.message().qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(message.duplicate()).isFalse();
    }

    @Test
    @DisplayName("closing a subscriber stops delivery at once and ends its session")
    void closingStopsDelivery() throws Exception {
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        InProcessSubscriber subscriber = subscriber("closing", received, "closing/#");
        mqttBroker().publish(message("closing/a", "before", QoS.AT_LEAST_ONCE));
        await().atMost(WAIT).until(() -> received.size() == 1);
        subscriber.close();
        assertThat(subscriber.isClosed()).isTrue();
        mqttBroker().publish(message("closing/a", "after", QoS.AT_LEAST_ONCE));
        mqttBroker().publish(message("closing/a", "after", QoS.AT_MOST_ONCE));
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> received.size() == 1);
        await().atMost(WAIT).until(() -> mqttBroker().sessions().stream()
                .noneMatch((s) -> s.clientId().equals(subscriber.clientId())));
        assertThat(mqttBroker().statistics().subscriptions()).isZero();
        subscriber.close();
    }

    @Test
    @DisplayName("subscriber names are unique while the subscriber lives, and free again once it is closed")
    void duplicateNamesAreRejected() {
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        InProcessSubscriber first = subscriber("dup", received, "dup/a");
        assertThatIllegalStateException().isThrownBy(() -> mqttBroker().newSubscriber("dup").topic("dup/b",
                QoS.AT_MOST_ONCE).handler(collectingInto(received)).start()).withMessageContaining("dup");
        first.close();
        await().atMost(WAIT).untilAsserted(() -> assertThat(mqttBroker().sessions())
                .noneMatch((s) -> s.clientId().equals(first.clientId())));
        InProcessSubscriber second = subscriber("dup", received, "dup/b");
        assertThat(second.clientId()).isEqualTo(first.clientId());
    }

    @Test
    @DisplayName("in-process subscribers have client identifiers $inproc/{name}, which network clients cannot take")
    void inProcessPrefix() throws Exception {
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        InProcessSubscriber subscriber = subscriber("named", received, "named/#");
        assertThat(subscriber.clientId()).isEqualTo("$inproc/named");
        assertThat(mqttBroker().sessions()).anySatisfy((session) -> {
            assertThat(session.clientId()).isEqualTo("$inproc/named");
            assertThat(session.connected()).isTrue();
            assertThat(session.subscriptions()).containsOnlyKeys("named/#");
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        Paho5Client named = this.clients.paho5WithId("$inproc/named");
        assertThatExceptionOfType(MqttException.class)
                .isThrownBy(() -> Paho5Client.await(named.client().connect(options)))
                .satisfies((ex) -> assertThat(ex.getReasonCode()).isEqualTo(0x85));
        mqttBroker().publish(message("named/x", "still mine", QoS.AT_LEAST_ONCE));
        await().atMost(WAIT).until(() -> received.size() == 1);
    }

    @Test
    @DisplayName("MQTT 5 section 4.8.2: two in-process members of a shared subscription get each message once between "
            + "them")
    void sharedSubscriptionBetweenInProcessSubscribers() throws Exception {
        List<ReceivedMessage> first = new CopyOnWriteArrayList<>();
        List<ReceivedMessage> second = new CopyOnWriteArrayList<>();
        subscriber("member1", first, "$share/workers/jobs/#");
        subscriber("member2", second, "$share/workers/jobs/#");
        Paho3Client publisher = this.clients.paho3Connected("jobs");
        for (int i = 0; i < 20; i++) {
            publisher.publish("jobs/" + i, "job" + i, 1);
        }
        await().atMost(WAIT).until(() -> first.size() + second.size() >= 20);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> first.size() + second.size() == 20);
        List<String> all = new ArrayList<>(payloads(first));
        all.addAll(payloads(second));
        assertThat(all).doesNotHaveDuplicates().hasSize(20);
        assertThat(first).isNotEmpty();
        assertThat(second).isNotEmpty();
    }

    @Test
    @DisplayName("a handler that throws does not stop delivery of the next messages")
    void failingHandlerKeepsReceiving() {
        List<String> received = new CopyOnWriteArrayList<>();
        this.clients.register(mqttBroker().newSubscriber("failing").topic("fail/#", QoS.AT_LEAST_ONCE)
                .maxInflight(1).handler((message) -> {
                    received.add(message.message().payloadAsString());
                    if (message.message().payloadAsString().equals("boom")) {
                        throw new IllegalStateException("handler failure for the test");
                    }
                    return CompletableFuture.failedFuture(new IllegalStateException("failed stage for the test"));
                }).start());
        for (String payload : List.of("one", "boom", "two", "three")) {
            mqttBroker().publish(message("fail/x", payload, QoS.AT_LEAST_ONCE));
        }
        await().atMost(WAIT).until(() -> received.size() == 4);
        assertThat(received).containsExactly("one", "boom", "two", "three");
    }

    @Test
    @DisplayName("a handler that throws at once drains a long queue without recursing into itself")
    void throwingHandlerDrainsLongQueue() {
        int count = 10_000;
        try (MqttBroker big = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> config
                .maxQueuedMessages(2 * count))).build()) {
            big.start();
            CompletableFuture<Void> gate = new CompletableFuture<>();
            AtomicInteger handled = new AtomicInteger();
            InProcessSubscriber subscriber = big.newSubscriber("throwing").topic("deep/#", QoS.AT_LEAST_ONCE)
                    .maxInflight(1).handler((message) -> {
                        if (message.message().payloadAsString().equals("first")) {
                            return gate;
                        }
                        handled.incrementAndGet();
                        throw new IllegalStateException("handler failure for the test");
                    }).start();
            big.publish(message("deep/a", "first", QoS.AT_LEAST_ONCE));
            for (int i = 0; i < count; i++) {
                big.publish(message("deep/a", "n" + i, QoS.AT_LEAST_ONCE));
            }
            await().atMost(WAIT).until(() -> big.statistics().queuedMessages() == count);
            gate.complete(null);
            await().atMost(Duration.ofSeconds(20)).until(() -> handled.get() == count);
            subscriber.close();
        }
    }

    @Test
    @DisplayName("starting an in-process subscriber from a handler, on a broker thread, is refused")
    void startingFromHandlerIsRefused() {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        this.clients.register(mqttBroker().newSubscriber("outer").topic("nest/#", QoS.AT_MOST_ONCE)
                .handler((message) -> {
                    try {
                        mqttBroker().newSubscriber("inner").topic("nest/inner", QoS.AT_MOST_ONCE)
                                .handler(collectingInto(new CopyOnWriteArrayList<>())).start();
                        outcome.complete(null);
                    }
                    catch (RuntimeException ex) {
                        outcome.complete(ex);
                    }
                    return CompletableFuture.completedFuture(null);
                }).start());
        mqttBroker().publish(message("nest/a", "x", QoS.AT_MOST_ONCE));
        assertThat(outcome).succeedsWithin(WAIT).isInstanceOfSatisfying(IllegalStateException.class,
                (ex) -> assertThat(ex).hasMessageContaining("broker thread"));
        assertThat(mqttBroker().sessions()).extracting(MqttBroker.SessionInfo::clientId)
                .noneMatch((id) -> id.endsWith("inner"));
    }

    @Test
    @DisplayName("an in-process publish reaches an in-process subscriber, without a publisher client identifier")
    void inProcessToInProcess() {
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        subscriber("local", received, "local/#");
        mqttBroker().publish(message("local/a", "x", QoS.EXACTLY_ONCE));
        await().atMost(WAIT).until(() -> received.size() == 1);
        assertThat(received.get(0).publisherClientId()).isNull();
        assertThat(received.get(0).message().qos()).isEqualTo(QoS.EXACTLY_ONCE);
    }

    @Test
    @DisplayName("a subscriber with an invalid filter is refused and leaves no session behind")
    void invalidFilterIsRefused() {
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        assertThatExceptionOfType(InvalidTopicException.class).isThrownBy(() -> mqttBroker().newSubscriber("bad")
                .topic("bad/#/x", QoS.AT_MOST_ONCE).handler(collectingInto(received)).start());
        assertThat(mqttBroker().sessions()).isEmpty();
        assertThatExceptionOfType(IllegalArgumentException.class)
                .isThrownBy(() -> mqttBroker().newSubscriber("zero").maxInflight(0));
    }

    @Test
    @DisplayName("the handler of an MQTT 5 publisher's message sees its properties unchanged")
    void subscriberSeesMqtt5Properties() throws Exception {
        List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
        subscriber("props5", received, "p5/#");
        Paho5Client publisher = this.clients.paho5Connected("p5pub");
        org.eclipse.paho.mqttv5.common.MqttMessage message = new org.eclipse.paho.mqttv5.common.MqttMessage(
                "body".getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        org.eclipse.paho.mqttv5.common.packet.MqttProperties properties =
                new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        properties.setContentType("text/plain");
        properties.setResponseTopic("p5/reply");
        properties.setCorrelationData(new byte[] { 4, 2 });
        properties.setUserProperties(List.of(new org.eclipse.paho.mqttv5.common.packet.UserProperty("k", "v")));
        message.setProperties(properties);
        publisher.publish("p5/x", message);
        await().atMost(WAIT).until(() -> received.size() == 1);
        MessageProperties got = received.get(0).message().properties();
        assertThat(got.contentType()).isEqualTo("text/plain");
        assertThat(got.responseTopic()).isEqualTo("p5/reply");
        assertThat(got.correlationData()).containsExactly(4, 2);
        assertThat(got.userProperties()).containsExactly(new UserProperty("k", "v"));
        assertThat(received.get(0).publisherClientId()).isEqualTo(publisher.clientId());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

}
