package io.mqttspring.broker.standalone;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two standalone brokers in separate processes form a cluster from the command line.
 */
class ClusterProcessIT {

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

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.3.4-1]: two processes started with --cluster-port and --cluster-members act as "
            + "one broker: a QoS 1 message published on one reaches a subscriber of the other")
    void twoProcessesActAsOneBroker() throws Exception {
        int first;
        int second;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            first = a.getLocalPort();
            second = b.getLocalPort();
        }
        String name = "it-" + first;
        int portA = this.brokers.launch("--cluster-name", name, "--cluster-host", "127.0.0.1", "--cluster-port",
                String.valueOf(first), "--cluster-members", "127.0.0.1:" + second);
        int portB = this.brokers.launch("--cluster-name", name, "--cluster-host", "127.0.0.1", "--cluster-port",
                String.valueOf(second), "--cluster-members", "127.0.0.1:" + first);
        try (Paho3Client subscriber = Paho3Client.connected(portB, ClientIds.unique("node-b"));
                Paho3Client publisher = Paho3Client.connected(portA, ClientIds.unique("node-a"))) {
            subscriber.subscribe("line/+/count", 1);
            // the subscription reaches the other node's view within moments of the cluster forming
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                publisher.publish("line/1/count", "probe", 0);
                return !subscriber.messages().isEmpty();
            });
            publisher.publish("line/7/count", "42", 1);
            // probes still on their way arrive first: one publisher's messages keep their order across nodes
            String payload = subscriber.next().payload();
            while (payload.equals("probe")) {
                payload = subscriber.next().payload();
            }
            assertThat(payload).isEqualTo("42");
            subscriber.receivesNothingFor(Duration.ofMillis(300));
        }
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-4.3.2-2] [MQTT-4.3.3-2] [MQTT-3.1.2-8]: three processes; one is killed with SIGKILL "
            + "mid-traffic: every QoS 1 and QoS 2 message whose publisher saw it acknowledged, on the killed node and "
            + "on a survivor, reaches the subscriber on the other survivor, and the killed node's client's will is "
            + "published once")
    void nodeKilledMidTrafficLosesNoAcknowledgedMessage() throws Exception {
        int[] cluster = new int[3];
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0);
                ServerSocket c = new ServerSocket(0)) {
            cluster[0] = a.getLocalPort();
            cluster[1] = b.getLocalPort();
            cluster[2] = c.getLocalPort();
        }
        String name = "it-kill-" + cluster[0];
        int[] mqtt = new int[3];
        Process doomed = null;
        for (int i = 0; i < 3; i++) {
            mqtt[i] = this.brokers.launch("--cluster-name", name, "--cluster-host", "127.0.0.1", "--cluster-port",
                    String.valueOf(cluster[i]), "--cluster-members", "127.0.0.1:" + cluster[(i + 1) % 3] + ",127.0.0.1:"
                            + cluster[(i + 2) % 3]);
            doomed = this.brokers.last();
        }
        Paho3Client sink = Paho3Client.create(mqtt[1], ClientIds.unique("sink"));
        sink.connect(false);
        sink.subscribe("traffic/#", 2);
        sink.subscribe("wills/#", 1);
        try (Paho3Client onSurvivor = Paho3Client.connected(mqtt[0], ClientIds.unique("survivor"));
                Paho3Client onDoomed = Paho3Client.connected(mqtt[2], ClientIds.unique("doomed"));
                Paho3Client willing = Paho3Client.create(mqtt[2], ClientIds.unique("willing"))) {
            willing.connect(true, (options) -> options.setWill("wills/doomed", "node killed"
                    .getBytes(StandardCharsets.UTF_8), 1, false));
            for (Paho3Client publisher : List.of(onSurvivor, onDoomed)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    publisher.publish("traffic/probe", "probe", 0);
                    return !sink.messages().isEmpty();
                });
            }
            Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread survivorThread = onSurvivor.publishUntilStopped("survivor", 2, acknowledged, stop);
            Thread doomedThread = onDoomed.publishUntilStopped("doomed", 1, acknowledged, stop);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(acknowledged, "doomed") >= 300);
            doomed.destroyForcibly();
            doomedThread.join(30_000);
            long survivorBefore = count(acknowledged, "survivor");
            await().atMost(Duration.ofSeconds(60)).until(() -> count(acknowledged, "survivor") >= survivorBefore + 200);
            stop.set(true);
            survivorThread.join(30_000);
            Set<String> expected = new HashSet<>(acknowledged);
            expected.add("node killed");
            Set<String> received = new HashSet<>();
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                while (!sink.messages().isEmpty()) {
                    Paho3Client.Received message = sink.next();
                    String payload = message.payload();
                    // [MQTT-4.3.3-2] QoS 2 arrives once; [MQTT-3.1.2-8] the will once
                    boolean once = payload.startsWith("survivor") || payload.equals("node killed");
                    assertThat(once && received.contains(payload)).as("%s twice", payload).isFalse();
                    received.add(payload);
                }
                return received.containsAll(expected);
            });
        }
        finally {
            sink.close();
        }
    }

    private static long count(Queue<String> acknowledged, String prefix) {
        return acknowledged.stream().filter((payload) -> payload.startsWith(prefix)).count();
    }

}
