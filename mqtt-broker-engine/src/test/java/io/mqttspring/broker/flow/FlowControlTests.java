package io.mqttspring.broker.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.StallPolicy;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.metrics.BrokerStatistics;
import io.mqttspring.broker.metrics.DropReason;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.RawClient;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Flow control with real clients over loopback: publishers that do not wait for their subscribers are held back
 * instead of having what the broker acknowledged dropped, a stalled subscriber is handled by the stall policy
 * without stopping the others, and a client that does not read cannot grow the broker's memory.
 */
@DisplayName("Flow control")
class FlowControlTests {

    private static final Duration DELIVERY = Duration.ofSeconds(60);

    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable client : this.clients) {
            try {
                client.close();
            }
            catch (Exception ex) {
                // already gone
            }
        }
    }

    @Nested
    @DisplayName("with a queue limit of 100")
    class OpenLoop {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.maxQueuedMessages(100));

        @ParameterizedTest(name = "QoS {0}")
        @ValueSource(ints = { 1, 2 })
        @DisplayName("open-loop MQTT 3.1.1 publishers into one slow subscriber: every acknowledged message arrives, "
                + "publishers are held back instead [MQTT-4.3.2-4] [MQTT-4.3.3-8]")
        void fanInLosesNothing(int qos) throws Exception {
            int publishers = 6;
            int perPublisher = 1000;
            SlowSubscriber subscriber = slowSubscriber(this.broker.port(), "fan-in/#", qos);
            List<CompletableFuture<?>> acknowledged = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                Mqtt3AsyncClient publisher = MqttClient.builder().useMqttVersion3()
                        .identifier(ClientIds.unique("pub")).serverHost("127.0.0.1").serverPort(this.broker.port())
                        .buildAsync();
                publisher.connect().get(10, TimeUnit.SECONDS);
                closeLater(() -> publisher.disconnect().get(5, TimeUnit.SECONDS));
                for (int i = 0; i < perPublisher; i++) {
                    acknowledged.add(publisher.publishWith().topic("fan-in/" + p).qos(MqttQos.fromCode(qos))
                            .payload((p + ":" + i).getBytes(StandardCharsets.UTF_8)).send());
                }
            }
            CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            await().atMost(DELIVERY).until(() -> subscriber.received.size() == publishers * perPublisher);
            BrokerStatistics statistics = this.broker.broker().statistics();
            assertThat(statistics.messagesDropped()).as("messages dropped").isZero();
            assertThat(statistics.timeThrottled()).as("publishers were held back").isPositive();
            await().atMost(DELIVERY).untilAsserted(() -> {
                assertThat(statistics.throttledConnections()).isZero();
                assertThat(statistics.queuedBytes()).isZero();
            });
        }

        @Test
        @DisplayName("open-loop MQTT 5 QoS 2 publishers stay within the Receive Maximum while held back "
                + "[MQTT-3.3.4-7] [MQTT-4.9.0-2]")
        void mqtt5PublishersHeldBackWithinReceiveMaximum() throws Exception {
            int publishers = 4;
            int perPublisher = 1000;
            SlowSubscriber subscriber = slowSubscriber(this.broker.port(), "fan-in5/#", 2);
            List<CompletableFuture<?>> acknowledged = new ArrayList<>();
            AtomicInteger disconnects = new AtomicInteger();
            for (int p = 0; p < publishers; p++) {
                Mqtt5AsyncClient publisher = MqttClient.builder().useMqttVersion5()
                        .identifier(ClientIds.unique("pub5")).serverHost("127.0.0.1").serverPort(this.broker.port())
                        .addDisconnectedListener((context) -> disconnects.incrementAndGet()).buildAsync();
                publisher.connect().get(10, TimeUnit.SECONDS);
                closeLater(() -> publisher.disconnect().get(5, TimeUnit.SECONDS));
                for (int i = 0; i < perPublisher; i++) {
                    acknowledged.add(publisher.publishWith().topic("fan-in5/" + p).qos(MqttQos.EXACTLY_ONCE)
                            .payload((p + ":" + i).getBytes(StandardCharsets.UTF_8)).send());
                }
            }
            CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            await().atMost(DELIVERY).until(() -> subscriber.received.size() == publishers * perPublisher);
            assertThat(disconnects).as("no publisher was disconnected (0x93 or otherwise)").hasValue(0);
            assertThat(this.broker.broker().statistics().messagesDropped()).isZero();
        }

        @Test
        @DisplayName("one open-loop publisher to 8 subscribers, one of them slow: nothing is lost for any of them")
        void fanOutLosesNothing() throws Exception {
            int messages = 2000;
            SlowSubscriber slow = slowSubscriber(this.broker.port(), "fan-out", 1);
            List<SlowSubscriber> fast = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                fast.add(subscriber(this.broker.port(), "fan-out", 1, 0));
            }
            Mqtt3AsyncClient publisher = MqttClient.builder().useMqttVersion3().identifier(ClientIds.unique("pub"))
                    .serverHost("127.0.0.1").serverPort(this.broker.port()).buildAsync();
            publisher.connect().get(10, TimeUnit.SECONDS);
            closeLater(() -> publisher.disconnect().get(5, TimeUnit.SECONDS));
            List<CompletableFuture<?>> acknowledged = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                acknowledged.add(publisher.publishWith().topic("fan-out").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(String.valueOf(i).getBytes(StandardCharsets.UTF_8)).send());
            }
            CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            await().atMost(DELIVERY).until(() -> slow.received.size() == messages
                    && fast.stream().allMatch((subscriber) -> subscriber.received.size() == messages));
            assertThat(this.broker.broker().statistics().messagesDropped()).isZero();
        }

        @Test
        @DisplayName("a client that publishes open loop to its own subscription is never held back by itself")
        void ownSubscriptionDoesNotHoldItsPublisherBack() throws Exception {
            Set<String> received = ConcurrentHashMap.newKeySet();
            Mqtt3AsyncClient client = MqttClient.builder().useMqttVersion3().identifier(ClientIds.unique("self"))
                    .serverHost("127.0.0.1").serverPort(this.broker.port()).buildAsync();
            client.connect().get(10, TimeUnit.SECONDS);
            closeLater(() -> client.disconnect().get(5, TimeUnit.SECONDS));
            client.subscribeWith().topicFilter("self/t").qos(MqttQos.AT_LEAST_ONCE)
                    .callback((publish) -> received.add(new String(publish.getPayloadAsBytes(),
                            StandardCharsets.UTF_8)))
                    .send().get(10, TimeUnit.SECONDS);
            int messages = 3000;
            List<CompletableFuture<?>> acknowledged = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                acknowledged.add(client.publishWith().topic("self/t").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(String.valueOf(i).getBytes(StandardCharsets.UTF_8)).send());
            }
            CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            await().atMost(DELIVERY).until(() -> received.size() == messages);
            BrokerStatistics statistics = this.broker.broker().statistics();
            assertThat(statistics.messagesDropped()).isZero();
            assertThat(statistics.stalledSubscribers(StallPolicy.OVERFLOW)).isZero();
        }

        @Test
        @DisplayName("the broker never has more QoS 1 messages unacknowledged at an MQTT 5 subscriber than its "
                + "Receive Maximum, while a publisher floods [MQTT-3.3.4-9] [MQTT-4.9.0-2]")
        void receiveMaximumOfSubscriberHolds() throws Exception {
            RawClient subscriber = rawSubscriber(this.broker.port(), Mqtt5Packets.connect(ClientIds.unique("rm"),
                    true, 0, Mqtt5Properties.builder().integer(Mqtt5Properties.RECEIVE_MAXIMUM, 3).build()), 5,
                    "rm/t");
            Mqtt3AsyncClient publisher = MqttClient.builder().useMqttVersion3().identifier(ClientIds.unique("pub"))
                    .serverHost("127.0.0.1").serverPort(this.broker.port()).buildAsync();
            publisher.connect().get(10, TimeUnit.SECONDS);
            closeLater(() -> publisher.disconnect().get(5, TimeUnit.SECONDS));
            for (int i = 0; i < 500; i++) {
                publisher.publishWith().topic("rm/t").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] { 1 }).send();
            }
            List<Integer> packetIds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RawClient.Packet publish = subscriber.readType(RawClient.Packet.PUBLISH);
                packetIds.add(Mqtt5Packets.publish(publish).packetId());
            }
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).as("nothing beyond Receive Maximum").isTrue();
            subscriber.send(MqttBytes.puback(packetIds.get(0)));
            subscriber.readType(RawClient.Packet.PUBLISH);
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).as("one acknowledgement frees one slot")
                    .isTrue();
        }

    }

    @Nested
    @DisplayName("with a stall timeout of 500 ms")
    class Stalls {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.maxQueuedMessages(50)
                .stallTimeout(Duration.ofMillis(500)));

        @Test
        @DisplayName("a subscriber that stops acknowledging overflows alone: the healthy one beside it gets every "
                + "message, the stall is counted")
        void stalledSubscriberOverflowsAlone() throws Exception {
            String stalledId = ClientIds.unique("stalled");
            rawSubscriber(this.broker.port(), MqttBytes.connect(4, stalledId, true, 0), 4, "stall/t");
            SlowSubscriber healthy = subscriber(this.broker.port(), "stall/t", 1, 0);
            int messages = 2000;
            publishOpenLoop(this.broker.port(), "stall/t", messages);
            await().atMost(DELIVERY).until(() -> healthy.received.size() == messages);
            BrokerStatistics statistics = this.broker.broker().statistics();
            assertThat(statistics.stalledSubscribers(StallPolicy.OVERFLOW)).isEqualTo(1);
            assertThat(this.broker.broker().sessions()).filteredOn(MqttBroker.SessionInfo::stalled)
                .extracting(MqttBroker.SessionInfo::clientId).containsExactly(stalledId);
            assertThat(statistics.messagesDropped(DropReason.QUEUE_FULL)).as("dropped for the stalled one only")
                    .isPositive().isLessThan(messages);
        }

    }

    @Nested
    @DisplayName("with the disconnect stall policy")
    class StallDisconnects {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.maxQueuedMessages(50)
                .stallTimeout(Duration.ofMillis(500)).stallPolicy(StallPolicy.DISCONNECT));

        @Test
        @DisplayName("a stalled MQTT 5 subscriber reads DISCONNECT 0x97 Quota exceeded; the healthy one gets every "
                + "message")
        void stalledSubscriberDisconnected() throws Exception {
            RawClient stalled = rawSubscriber(this.broker.port(), Mqtt5Packets.connect(ClientIds.unique("stalled")), 5,
                    "stall/t");
            SlowSubscriber healthy = subscriber(this.broker.port(), "stall/t", 1, 0);
            int messages = 2000;
            publishOpenLoop(this.broker.port(), "stall/t", messages);
            List<RawClient.Packet> last = stalled.awaitClose(Duration.ofSeconds(30));
            RawClient.Packet disconnect = last.get(last.size() - 1);
            assertThat(disconnect.type()).isEqualTo(RawClient.Packet.DISCONNECT);
            assertThat(disconnect.disconnectReason()).isEqualTo(0x97);
            await().atMost(DELIVERY).until(() -> healthy.received.size() == messages);
            assertThat(this.broker.broker().statistics().stalledSubscribers(StallPolicy.DISCONNECT)).isEqualTo(1);
        }

    }

    @Nested
    @DisplayName("with a memory budget of 1 MiB")
    class Budget {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.maxQueuedMessages(1_000_000)
                .memoryBudget(1024 * 1024));

        @Test
        @DisplayName("queued bytes stay within the budget: the publisher is held back, then every message arrives")
        void budgetHoldsPublisherBack() throws Exception {
            CountDownLatch reading = new CountDownLatch(1);
            SlowSubscriber subscriber = subscriber(this.broker.port(), "budget/t", 1, 0, reading);
            String publisherId = ClientIds.unique("pub");
            Mqtt5AsyncClient publisher = MqttClient.builder().useMqttVersion5().identifier(publisherId)
                    .serverHost("127.0.0.1").serverPort(this.broker.port()).buildAsync();
            publisher.connect().get(10, TimeUnit.SECONDS);
            closeLater(() -> publisher.disconnect().get(5, TimeUnit.SECONDS));
            int messages = 1000;
            // the client's own buffer blocks its caller once the broker stops reading: publish from another thread
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < messages; i++) {
                    byte[] payload = Arrays.copyOf(String.valueOf(i).getBytes(StandardCharsets.UTF_8), 4096);
                    publisher.publishWith().topic("budget/t").qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
                }
            });
            closeLater(() -> publishing.cancel(true));
            BrokerStatistics statistics = this.broker.broker().statistics();
            await().atMost(DELIVERY).until(() -> statistics.throttledConnections() == 1);
            assertThat(statistics.queuedBytes()).as("within the budget, give or take one message")
                    .isLessThan(statistics.memoryBudget() + 8192);
            assertThat(this.broker.broker().sessions()).filteredOn(MqttBroker.SessionInfo::throttled)
                .extracting(MqttBroker.SessionInfo::clientId).containsExactly(publisherId);
            reading.countDown();
            await().atMost(DELIVERY).until(() -> subscriber.received.size() == messages);
            assertThat(statistics.messagesDropped()).isZero();
            await().atMost(DELIVERY).until(() -> statistics.queuedBytes() == 0);
        }

    }

    @Nested
    @DisplayName("with a memory budget of 1 MiB held by an offline session")
    class SaturatedBudget {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.maxQueuedMessages(1_000_000)
                .memoryBudget(1024 * 1024).stallTimeout(Duration.ofMillis(500)));

        @Test
        @DisplayName("publishers paused in vain resume after the stall timeout: live traffic flows, the offline "
                + "queue stops growing")
        void budgetHeldByOfflineQueuesDoesNotStopLiveTraffic() throws Exception {
            Paho3Client offline = Paho3Client.create(this.broker.port(), ClientIds.unique("offline"));
            closeLater(offline::close);
            offline.connect(false);
            offline.subscribe("saturate/#", 1);
            offline.disconnect();
            MqttBroker mqttBroker = this.broker.broker();
            BrokerStatistics statistics = mqttBroker.statistics();
            for (int i = 0; i < 300; i++) {
                mqttBroker.publish(ApplicationMessage.builder("saturate/t").payload(new byte[4096])
                        .qos(QoS.AT_LEAST_ONCE).build());
            }
            await().atMost(DELIVERY).until(() -> statistics.messagesDropped(DropReason.MEMORY_BUDGET) > 0);
            SlowSubscriber live = subscriber(this.broker.port(), "live/t", 1, 0);
            int messages = 200;
            publishOpenLoop(this.broker.port(), "live/t", messages);
            await().atMost(DELIVERY).until(() -> live.received.size() == messages);
            assertThat(statistics.queuedBytes()).as("the offline queue did not grow past the budget")
                    .isLessThan(statistics.memoryBudget() + 8192);
        }

    }

    @Nested
    @DisplayName("with defaults")
    class Defaults {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension();

        @Test
        @DisplayName("100,000 retained messages reach a new # subscriber in full, paced by its window")
        void retainedArriveWhole() throws Exception {
            int retained = 100_000;
            for (int i = 0; i < retained; i++) {
                this.broker.broker().publish(ApplicationMessage.builder("r/" + i).payload("v" + i)
                        .qos(QoS.AT_LEAST_ONCE).retain(true).build());
            }
            await().atMost(DELIVERY).until(() -> this.broker.broker().statistics().retainedMessages() == retained);
            Set<String> topics = ConcurrentHashMap.newKeySet();
            Mqtt5AsyncClient subscriber = MqttClient.builder().useMqttVersion5().identifier(ClientIds.unique("all"))
                    .serverHost("127.0.0.1").serverPort(this.broker.port()).buildAsync();
            subscriber.connect().get(10, TimeUnit.SECONDS);
            closeLater(() -> subscriber.disconnect().get(5, TimeUnit.SECONDS));
            subscriber.subscribeWith().topicFilter("r/#").qos(MqttQos.AT_LEAST_ONCE)
                    .callback((publish) -> topics.add(publish.getTopic().toString())).send()
                    .get(10, TimeUnit.SECONDS);
            await().atMost(DELIVERY).until(() -> topics.size() == retained);
            assertThat(this.broker.broker().statistics().messagesDropped()).isZero();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = { "PINGREQ", "QoS 1 PUBLISH" })
        @DisplayName("a client that sends requests and never reads the answers is no longer read: the broker's "
                + "memory stays bounded")
        void unreadAnswersAreNotRead(String flood) throws Exception {
            RawClient client = RawClient.connect(this.broker.port(), 8 * 1024);
            closeLater(client::close);
            String clientId = ClientIds.unique("flood");
            client.send(Mqtt5Packets.connect(clientId));
            assertThat(client.read().connackCode()).isZero();
            byte[] chunk = floodChunk(flood);
            long total = 64L * 1024 * 1024;
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (long written = 0; written < total; written += chunk.length) {
                        client.output().write(chunk);
                    }
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
            closeLater(() -> writer.cancel(true));
            BrokerStatistics statistics = this.broker.broker().statistics();
            await().atMost(DELIVERY).until(() -> statistics.bytesReceived() > 1024 * 1024);
            // read at full speed the flood takes well under a second on loopback
            assertThatExceptionOfType(TimeoutException.class).as("the flood is held up")
                    .isThrownBy(() -> writer.get(2, TimeUnit.SECONDS));
            assertThat(statistics.bytesReceived()).as("bytes the broker read of %d", total)
                    .isLessThan(total / 2);
            // closing, the broker reads on and discards what the client still sends: nothing may be kept
            assertThat(this.broker.broker().disconnect(clientId)).isTrue();
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> writer.get(30, TimeUnit.SECONDS));
        }

        private static byte[] floodChunk(String flood) {
            byte[] packet = flood.equals("PINGREQ") ? new byte[] { (byte) 0xC0, 0 }
                    : MqttBytes.publish(5, "f", 1, 1, "");
            byte[] chunk = new byte[packet.length * 8192];
            for (int i = 0; i < 8192; i++) {
                System.arraycopy(packet, 0, chunk, i * packet.length, packet.length);
            }
            return chunk;
        }

    }

    @Nested
    @DisplayName("on a manual clock")
    class UnwritableTimeout {

        @RegisterExtension
        final BrokerExtension broker = BrokerExtension.onManualClock((config) -> config.unwritableTimeout(
                Duration.ofSeconds(30)));

        @Test
        @DisplayName("a subscriber that stops reading is closed once its connection stayed unwritable for the "
                + "unwritable timeout")
        void unwritableConnectionClosed() {
            RawClient deaf = RawClient.connect(this.broker.port(), 8 * 1024);
            closeLater(deaf::close);
            deaf.send(MqttBytes.connect(4, ClientIds.unique("deaf"), true, 0));
            assertThat(deaf.read().connackCode()).isZero();
            deaf.send(MqttBytes.subscribe(4, 1, "deaf/#", 0));
            assertThat(deaf.read().type()).isEqualTo(RawClient.Packet.SUBACK);
            byte[] payload = new byte[64 * 1024];
            BrokerStatistics statistics = this.broker.broker().statistics();
            // messages fill the socket and the broker's buffer, then are dropped: the connection is unwritable
            await().atMost(DELIVERY).until(() -> {
                this.broker.broker().publish(ApplicationMessage.builder("deaf/t").payload(payload).build());
                return statistics.messagesDropped(DropReason.SLOW_CONSUMER) > 0;
            });
            this.broker.clock().advance(Duration.ofSeconds(29));
            assertThat(statistics.connections()).isEqualTo(1);
            this.broker.clock().advance(Duration.ofSeconds(2));
            await().atMost(DELIVERY).until(() -> statistics.connections() == 0);
        }

    }

    /**
     * Connect a raw client that subscribes with QoS 1 and then only reads what the test asks it to.
     */
    private RawClient rawSubscriber(int port, byte[] connect, int level, String filter) {
        RawClient client = RawClient.connect(port);
        closeLater(client::close);
        client.send(connect);
        assertThat(client.read().connackCode()).isZero();
        client.send(MqttBytes.subscribe(level, 1, filter, 1));
        assertThat(client.read().type()).isEqualTo(RawClient.Packet.SUBACK);
        return client;
    }

    private void publishOpenLoop(int port, String topic, int messages) throws Exception {
        Mqtt3AsyncClient publisher = MqttClient.builder().useMqttVersion3().identifier(ClientIds.unique("pub"))
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        publisher.connect().get(10, TimeUnit.SECONDS);
        closeLater(() -> publisher.disconnect().get(5, TimeUnit.SECONDS));
        List<CompletableFuture<?>> acknowledged = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            acknowledged.add(publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(String.valueOf(i).getBytes(StandardCharsets.UTF_8)).send());
        }
        CompletableFuture.allOf(acknowledged.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    private SlowSubscriber slowSubscriber(int port, String filter, int qos) throws Exception {
        // pauses 1 ms every 20 messages: a few thousand messages per second, slower than the publishers
        return subscriber(port, filter, qos, 20);
    }

    private SlowSubscriber subscriber(int port, String filter, int qos, int pauseEvery) throws Exception {
        return subscriber(port, filter, qos, pauseEvery, null);
    }

    private SlowSubscriber subscriber(int port, String filter, int qos, int pauseEvery,
            CountDownLatch startReading) throws Exception {
        SlowSubscriber subscriber = new SlowSubscriber(port, pauseEvery, startReading);
        this.clients.add(subscriber);
        subscriber.client.subscribe(filter, qos);
        return subscriber;
    }

    private void closeLater(AutoCloseable close) {
        this.clients.add(close);
    }

    /**
     * A Paho subscriber that records distinct payloads per topic and reads as slowly as asked: its callback runs on
     * Paho's reading thread, so while it pauses nothing is read from the socket.
     */
    private static final class SlowSubscriber implements AutoCloseable {

        final Set<String> received = ConcurrentHashMap.newKeySet();

        final org.eclipse.paho.client.mqttv3.MqttClient client;

        SlowSubscriber(int port, int pauseEvery, CountDownLatch startReading) throws Exception {
            this.client = new org.eclipse.paho.client.mqttv3.MqttClient("tcp://127.0.0.1:" + port,
                    ClientIds.unique("sub"), new MemoryPersistence());
            AtomicInteger count = new AtomicInteger();
            this.client.setCallback(new MqttCallback() {

                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    if (startReading != null) {
                        startReading.await();
                    }
                    received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
                    if (pauseEvery > 0 && count.incrementAndGet() % pauseEvery == 0) {
                        Thread.sleep(1);
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }

            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setKeepAliveInterval(0);
            this.client.connect(options);
        }

        @Override
        public void close() throws Exception {
            if (this.client.isConnected()) {
                this.client.disconnectForcibly(1000);
            }
            this.client.close(true);
        }

    }

}
