package io.mqttspring.broker.standalone;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho3Client.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shaded standalone jar, run as a separate process: it prints one line once it listens, serves MQTT clients and
 * stops gracefully on SIGTERM. Runs with failsafe after {@code package}; the jar is in system property
 * {@code standalone.jar}.
 */
class StandaloneBrokerIT {

    private static final Pattern LISTENING = Pattern.compile("mqtt-broker listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path temp;

    private final List<Process> processes = new ArrayList<>();

    private Path jar;

    @BeforeEach
    void findJar() {
        String path = System.getProperty("standalone.jar");
        // failsafe sets it after package; a surefire run picked this class by name and has no jar to run
        assumeTrue(path != null && !path.isBlank(), "system property standalone.jar is not set");
        this.jar = Path.of(path);
        assertThat(this.jar).isRegularFile();
    }

    @AfterEach
    void killLeftovers() {
        for (Process process : this.processes) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private Process launch(Path stderr, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", this.jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        this.processes.add(process);
        return process;
    }

    private static String firstLine(Process process) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            }
            catch (java.io.IOException ex) {
                throw new IllegalStateException(ex);
            }
        }).get(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("the jar prints where it listens, exchanges messages with a client and stops on SIGTERM")
    void runsAndStopsOnSigterm() throws Exception {
        Path stderr = this.temp.resolve("stderr.txt");
        Process process = launch(stderr, "--host", "127.0.0.1", "--port", "0");
        String line = firstLine(process);
        Matcher matcher = LISTENING.matcher(String.valueOf(line));
        assertThat(matcher.matches()).as("first line: %s", line).isTrue();
        int port = Integer.parseInt(matcher.group(1));
        assertThat(port).isPositive();

        try (Paho3Client client = Paho3Client.connected(port, ClientIds.unique("standalone"))) {
            client.subscribe("standalone/#", 1);
            client.publish("standalone/echo", "hello", 1);
            Received received = client.next();
            assertThat(received.topic() + "=" + received.payload()).isEqualTo("standalone/echo=hello");
            client.disconnect();
        }

        process.destroy();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(Files.readString(stderr)).contains("MQTT broker stopped");
    }

    @Test
    @DisplayName("the jar runs a bridge from its config file: a topic bridged out reaches the remote broker, one "
            + "bridged in comes back from it")
    void runsBridgeFromConfigFile() throws Exception {
        int remotePort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            remotePort = socket.getLocalPort();
        }
        MqttBroker remote = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> config
                .port(remotePort))).build();
        remote.start();
        try {
            Path config = Files.write(this.temp.resolve("bridge.properties"), List.of(
                    "mqtt.broker.bridges.cloud.url=tcp://127.0.0.1:" + remotePort,
                    "mqtt.broker.bridges.cloud.topics[0].filter=up/#",
                    "mqtt.broker.bridges.cloud.topics[1].filter=down/#",
                    "mqtt.broker.bridges.cloud.topics[1].direction=in"));
            Process process = launch(this.temp.resolve("bridge-stderr.txt"), "--config", config.toString(),
                    "--host", "127.0.0.1", "--port", "0");
            Matcher matcher = LISTENING.matcher(String.valueOf(firstLine(process)));
            assertThat(matcher.matches()).isTrue();
            int port = Integer.parseInt(matcher.group(1));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> remote.sessions()
                    .stream().anyMatch((session) -> session.subscriptions().containsKey("down/#")));
            try (Paho3Client cloud = Paho3Client.connected(remotePort, ClientIds.unique("cloud"));
                    Paho3Client device = Paho3Client.connected(port, ClientIds.unique("device"))) {
                cloud.subscribe("up/#", 1);
                device.subscribe("down/#", 1);
                device.publish("up/reading", "7", 1);
                assertThat(cloud.next().topic()).isEqualTo("up/reading");
                cloud.publish("down/command", "reset", 1);
                assertThat(device.next().payload()).isEqualTo("reset");
            }
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        }
        finally {
            remote.stop();
        }
    }

    @Test
    @DisplayName("--exit-after-start true starts, takes one CONNECT of its own and exits with 0: the class-data "
            + "sharing training run the build makes its archive with")
    void exitsAfterStart() throws Exception {
        Path stderr = this.temp.resolve("training-stderr.txt");
        Process process = launch(stderr, "--host", "127.0.0.1", "--port", "0", "--exit-after-start", "true");
        assertThat(LISTENING.matcher(String.valueOf(firstLine(process))).matches()).isTrue();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited by itself").isTrue();
        assertThat(process.exitValue()).isZero();
        // a graceful stop, not a kill
        assertThat(Files.readString(stderr)).contains("MQTT broker stopped");
    }

    @Test
    @DisplayName("--help prints the usage with every option and exits with 0")
    void help() throws Exception {
        Path stderr = this.temp.resolve("help-stderr.txt");
        Process process = launch(stderr, "--help");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(out).startsWith("Usage: java -jar mqtt-broker-standalone.jar").contains("--host", "--port",
                "--max-packet-size", "--max-inflight", "--max-queued", "--queue-overflow", "--receive-maximum",
                "--max-session-expiry", "--max-keep-alive", "--connect-timeout", "--maximum-qos",
                "--topic-alias-maximum", "--sys-interval", "--io-threads", "--help");
    }

    @Test
    @DisplayName("an unknown option exits with 2 and explains on stderr")
    void unknownOption() throws Exception {
        Path stderr = this.temp.resolve("bad-stderr.txt");
        Process process = launch(stderr, "--bogus", "1");
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(stderr)).contains("mqtt-broker: unknown option --bogus").contains("Usage:");
    }

}
