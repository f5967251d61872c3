package io.mqttspring.broker.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho3Client.Received;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The standalone jar with {@code --data-dir}, killed with SIGKILL while publishers pour QoS 1 and 2 messages into an
 * offline persistent session: after each restart nothing the broker acknowledged is missing, and no QoS 2 message
 * arrives twice, and no killed broker leaves a copy of RocksDB's native library in the temporary directory.
 */
class CrashRecoveryIT {

    private static final int ROUNDS = 4;

    @TempDir
    Path temp;

    private StandaloneProcesses brokers;

    @BeforeEach
    void findJar() {
        this.brokers = StandaloneProcesses.find(this.temp);
    }

    @AfterEach
    void killLeftovers() {
        this.brokers.close();
    }

    private int launch(Path dataDir) throws Exception {
        return this.brokers.launch("--data-dir", dataDir.toString(), "--max-queued", "1000000");
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-4.3.2-2] [MQTT-4.3.3-2] [MQTT-3.1.2-4]: SIGKILL at random points loses no acknowledged "
            + "QoS 1 or 2 message of an offline persistent session, and delivers no QoS 2 message twice")
    void acknowledgedMessagesSurviveSigkill() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path dataDir = this.temp.resolve("data");
        String subscriberId = ClientIds.unique("offline");
        int port = launch(dataDir);
        try (Paho3Client subscriber = Paho3Client.create(port, subscriberId)) {
            subscriber.connect(false);
            subscriber.subscribe("crash/#", 2);
            subscriber.disconnect();
        }
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            if (round > 0) {
                port = launch(dataDir);
            }
            Process broker = this.brokers.last();
            AtomicBoolean publishing = new AtomicBoolean(true);
            int currentRound = round;
            int currentPort = port;
            Thread publisher = new Thread(() -> publish(currentPort, currentRound, acknowledged, publishing));
            publisher.start();
            Thread.sleep(400 + random.nextInt(1200));
            if (round == 0) {
                // a graceful stop first, as an operator's restart does
                broker.destroy();
            }
            else {
                broker.destroyForcibly();
            }
            assertThat(broker.waitFor(20, TimeUnit.SECONDS)).isTrue();
            publishing.set(false);
            publisher.join(10_000);
        }
        assertThat(acknowledged).as("messages acknowledged before the kills (seed %d)", seed).isNotEmpty();

        port = launch(dataDir);
        Map<String, Integer> received = new HashMap<>();
        List<String> duplicatesAtQos2 = new ArrayList<>();
        try (Paho3Client subscriber = Paho3Client.create(port, subscriberId)) {
            assertThat(subscriber.connect(false)).as("session present").isTrue();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                while (!subscriber.messages().isEmpty()) {
                    Received message = subscriber.messages().next();
                    if (received.merge(message.payload(), 1, Integer::sum) > 1 && message.qos() == 2) {
                        duplicatesAtQos2.add(message.payload());
                    }
                }
                return received.keySet().containsAll(acknowledged.keySet());
            });
            subscriber.disconnect();
        }
        assertThat(duplicatesAtQos2).as("QoS 2 messages delivered twice (seed %d)", seed).isEmpty();
        assertThat(received.keySet()).as("seed %d", seed).containsAll(acknowledged.keySet());
        assertThat(nativeLibraryCopies()).as("RocksDB libraries left in java.io.tmpdir by the killed brokers")
                .isEmpty();
    }

    private List<String> nativeLibraryCopies() throws IOException {
        try (Stream<Path> files = Files.walk(this.brokers.javaTemp())) {
            return files.map((file) -> file.getFileName().toString()).filter((name) -> name.contains("rocksdb"))
                    .toList();
        }
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.8.4-1] [MQTT-3.1.2-4]: a subscription of a persistent session acknowledged with "
            + "SUBACK survives a SIGKILL right after")
    void subscriptionSurvivesSigkillAfterSuback() throws Exception {
        Path dataDir = this.temp.resolve("subscriptions");
        String clientId = ClientIds.unique("subscribed");
        int port = launch(dataDir);
        Paho3Client subscriber = Paho3Client.create(port, clientId);
        subscriber.connect(false);
        subscriber.subscribe("kill/#", 1);
        Process broker = this.brokers.last();
        broker.destroyForcibly();
        assertThat(broker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        subscriber.close();

        port = launch(dataDir);
        try (Paho3Client publisher = Paho3Client.connected(port, ClientIds.unique("after-kill"))) {
            publisher.publish("kill/switch", "after", 1);
        }
        try (Paho3Client resumed = Paho3Client.create(port, clientId)) {
            assertThat(resumed.connect(false)).as("session present").isTrue();
            assertThat(resumed.next().payload()).isEqualTo("after");
            resumed.disconnect();
        }
    }

    /**
     * Publish QoS 1 and 2 messages as fast as the broker acknowledges them, 64 unacknowledged at most, until the
     * broker dies; record each one the broker acknowledged (PUBACK, or PUBCOMP for QoS 2).
     */
    private static void publish(int port, int round, Map<String, Integer> acknowledged, AtomicBoolean publishing) {
        try {
            MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, ClientIds.unique("pour"),
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(64);
            options.setAutomaticReconnect(false);
            client.connect(options).waitForCompletion(10_000);
            java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(64);
            for (int i = 0; publishing.get() && client.isConnected(); i++) {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int qos = 1 + (i % 2);
                String payload = "r" + round + "-" + i + "-q" + qos;
                client.publish("crash/" + (i % 8), payload.getBytes(StandardCharsets.UTF_8), qos, false, null,
                        new IMqttActionListener() {

                            @Override
                            public void onSuccess(IMqttToken token) {
                                acknowledged.put(payload, qos);
                                window.release();
                            }

                            @Override
                            public void onFailure(IMqttToken token, Throwable failure) {
                                window.release();
                            }

                        });
            }
            client.close(true);
        }
        catch (Exception ex) {
            // the broker died under the client: what it acknowledged is recorded
        }
    }

}
