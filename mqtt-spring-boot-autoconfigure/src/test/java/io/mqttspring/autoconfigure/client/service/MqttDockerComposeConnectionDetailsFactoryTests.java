package io.mqttspring.autoconfigure.client.service;

import java.util.List;

import io.mqttspring.autoconfigure.client.MqttConnectionDetails;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactory;
import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The service connection factories: registered where Spring Boot looks for them, and a Docker Compose service of an
 * MQTT broker image becomes the URL client mode connects to.
 */
class MqttDockerComposeConnectionDetailsFactoryTests {

    @Test
    @DisplayName("the Testcontainers and Docker Compose factories are registered as ConnectionDetailsFactory")
    @SuppressWarnings("rawtypes")
    void factoriesAreRegistered() {
        List<ConnectionDetailsFactory> factories = SpringFactoriesLoader.forDefaultResourceLocation()
            .load(ConnectionDetailsFactory.class);
        assertThat(factories).hasAtLeastOneElementOfType(MqttContainerConnectionDetailsFactory.class)
            .hasAtLeastOneElementOfType(MqttDockerComposeConnectionDetailsFactory.class);
    }

    @Test
    @DisplayName("a compose service publishing 1883 on another port gives tcp://host:port")
    void composeServiceGivesTheMappedPort() {
        RunningService service = mock(RunningService.class);
        ConnectionPorts ports = mock(ConnectionPorts.class);
        given(service.host()).willReturn("127.0.0.1");
        given(service.ports()).willReturn(ports);
        given(ports.get(1883)).willReturn(32768);
        MqttConnectionDetails details = new MqttDockerComposeConnectionDetailsFactory.ComposeDetails(service);
        assertThat(details.getUrl()).isEqualTo("tcp://127.0.0.1:32768");
        assertThat(details.getUsername()).isNull();
    }

}
