package io.mqttspring.autoconfigure.client;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Client mode and a bridge against EMQX in a container (where Docker exists).
 */
@Testcontainers(disabledWithoutDocker = true)
class EmqxClientModeTests extends ContainerClientModeTests {

    @Override
    protected GenericContainer<?> newContainer() {
        return new GenericContainer<>("emqx/emqx:5.8.0");
    }

}
