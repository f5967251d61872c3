package io.mqttspring.autoconfigure.client.service;

import java.util.concurrent.TimeUnit;

import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.autoconfigure.client.MqttClientAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.client.HiveMqClientConnection;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.core.MqttTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ServiceConnection} on an Eclipse Mosquitto container points client mode at it, with no properties. Runs
 * where a Docker engine exists; skipped, saying so, where none does.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(classes = MqttContainerServiceConnectionTests.Application.class)
class MqttContainerServiceConnectionTests {

    @Container
    @ServiceConnection
    static final GenericContainer<?> mosquitto = new GenericContainer<>("eclipse-mosquitto:2.0")
        .withExposedPorts(1883)
        .withCommand("mosquitto", "-c", "/mosquitto-no-auth.conf");

    @Autowired
    ApplicationContext context;

    @Test
    @DisplayName("client mode connects to the container's mapped port; the embedded broker stays off")
    void clientModeGoesToTheContainer() throws Exception {
        MqttConnection connection = this.context.getBean(MqttConnection.class);
        assertThat(connection).isInstanceOf(HiveMqClientConnection.class);
        assertThat(connection.describe()).endsWith(":" + mosquitto.getMappedPort(1883));
        assertThat(this.context.getBeanNamesForType(MqttBroker.class)).isEmpty();
        this.context.getBean(MqttTemplate.class).publish("containers/hello", "from a test").get(10, TimeUnit.SECONDS);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ MqttClientAutoConfiguration.class, MqttBrokerAutoConfiguration.class,
            MqttMessagingAutoConfiguration.class })
    static class Application {

    }

}
