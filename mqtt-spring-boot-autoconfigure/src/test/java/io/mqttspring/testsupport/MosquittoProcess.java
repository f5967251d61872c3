package io.mqttspring.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An Eclipse Mosquitto broker process (Debian's package) on a free loopback port, anonymous access allowed; tests
 * that need one are skipped, saying why, where it is not installed ({@code .ci/run} installs it).
 */
public final class MosquittoProcess implements AutoCloseable {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    private final Process process;

    private final int port;

    private MosquittoProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Start Mosquitto and wait until it listens.
     * @param directory where its configuration and log go
     * @return the running process
     * @throws IOException if it cannot be started
     */
    public static MosquittoProcess start(Path directory) throws IOException {
        assumeTrue(Files.isExecutable(MOSQUITTO), "Mosquitto is not installed at " + MOSQUITTO
                + " (apt-get install mosquitto)");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = directory.resolve("mosquitto.conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\n");
        Process process = new ProcessBuilder(MOSQUITTO.toString(), "-c", config.toString()).redirectErrorStream(true)
            .redirectOutput(directory.resolve("mosquitto.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return probe.isConnected();
            }
            catch (IOException ex) {
                return false;
            }
        });
        return new MosquittoProcess(process, port);
    }

    public int port() {
        return this.port;
    }

    @Override
    public void close() throws InterruptedException {
        this.process.destroy();
        this.process.waitFor();
    }

}
