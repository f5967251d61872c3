package io.mqttspring.autoconfigure.client;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Client mode and a bridge against the {@code eclipse-mosquitto} image in a container (where Docker exists); the
 * same tests run against a Mosquitto process everywhere ({@link MosquittoClientModeTests}).
 */
@Testcontainers(disabledWithoutDocker = true)
class MosquittoContainerClientModeTests extends ContainerClientModeTests {

    @Override
    protected GenericContainer<?> newContainer() {
        return new GenericContainer<>("eclipse-mosquitto:2.0").withCommand("mosquitto", "-c",
                "/mosquitto-no-auth.conf");
    }

}
