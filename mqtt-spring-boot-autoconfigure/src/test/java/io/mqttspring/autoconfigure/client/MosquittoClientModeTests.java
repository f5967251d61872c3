package io.mqttspring.autoconfigure.client;

import java.nio.file.Path;

import io.mqttspring.testsupport.MosquittoProcess;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client mode against Eclipse Mosquitto (Debian's package, started by the test on loopback): the same template,
 * listener and request/response code as against the embedded broker. Skipped, saying so, where Mosquitto is not
 * installed ({@code .ci/run} installs it).
 */
class MosquittoClientModeTests extends ClientModeContractTests {

    @TempDir
    Path temp;

    private MosquittoProcess mosquitto;

    @Override
    protected int startBroker() throws Exception {
        this.mosquitto = MosquittoProcess.start(this.temp);
        return this.mosquitto.port();
    }

    @Override
    protected void stopBroker() throws Exception {
        if (this.mosquitto != null) {
            this.mosquitto.close();
        }
    }

    @Override
    protected int port() {
        return this.mosquitto.port();
    }

}
