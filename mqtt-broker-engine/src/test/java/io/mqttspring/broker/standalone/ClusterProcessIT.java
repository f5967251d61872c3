package io.mqttspring.broker.standalone;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

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

}
