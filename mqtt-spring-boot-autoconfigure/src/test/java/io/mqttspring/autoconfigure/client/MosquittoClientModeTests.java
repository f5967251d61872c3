package io.mqttspring.autoconfigure.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Client mode against Eclipse Mosquitto (Debian's package, started by the test on loopback): the same template,
 * listener and request/response code as against the embedded broker. Skipped, saying so, where Mosquitto is not
 * installed ({@code .ci/run} installs it).
 */
class MosquittoClientModeTests extends ClientModeContractTests {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    @TempDir
    Path temp;

    private Process mosquitto;

    private int port;

    @Override
    protected int startBroker() throws IOException {
        assumeTrue(Files.isExecutable(MOSQUITTO), "Mosquitto is not installed at " + MOSQUITTO
                + " (apt-get install mosquitto)");
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
        Path config = this.temp.resolve("mosquitto.conf");
        Files.writeString(config, "listener " + this.port + " 127.0.0.1\nallow_anonymous true\n");
        this.mosquitto = new ProcessBuilder(MOSQUITTO.toString(), "-c", config.toString())
            .redirectErrorStream(true).redirectOutput(this.temp.resolve("mosquitto.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try (Socket probe = new Socket("127.0.0.1", this.port)) {
                return probe.isConnected();
            }
            catch (IOException ex) {
                return false;
            }
        });
        return this.port;
    }

    @Override
    protected void stopBroker() throws InterruptedException {
        if (this.mosquitto != null) {
            this.mosquitto.destroy();
            this.mosquitto.waitFor();
        }
    }

    @Override
    protected int port() {
        return this.port;
    }

}
