package io.mqttspring.autoconfigure.client;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Client mode and a bridge against HiveMQ Community Edition in a container (where Docker exists).
 */
@Testcontainers(disabledWithoutDocker = true)
class HiveMqCeClientModeTests extends ContainerClientModeTests {

    @Override
    protected GenericContainer<?> newContainer() {
        return new GenericContainer<>("hivemq/hivemq-ce:2024.3");
    }

}
