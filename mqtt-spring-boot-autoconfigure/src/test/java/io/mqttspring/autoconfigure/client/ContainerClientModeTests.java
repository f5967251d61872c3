package io.mqttspring.autoconfigure.client;

import java.time.Duration;

import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.bridge.MqttBridgeAutoConfiguration;
import io.mqttspring.bridge.MqttBridges;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.bridge.MqttBridge;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client mode and a bridge against a broker image started by Testcontainers. Subclasses name the image; they carry
 * {@code @Testcontainers(disabledWithoutDocker = true)}, so they run where a Docker engine exists and are skipped,
 * saying why, where none does.
 */
abstract class ContainerClientModeTests extends ClientModeContractTests {

    private GenericContainer<?> container;

    /**
     * Create the broker's container, not started.
     * @return a container exposing MQTT on 1883
     */
    protected abstract GenericContainer<?> newContainer();

    @Override
    protected int startBroker() {
        this.container = newContainer().withExposedPorts(1883).waitingFor(Wait.forListeningPort())
            .withStartupTimeout(Duration.ofMinutes(2));
        this.container.start();
        return port();
    }

    @Override
    protected void stopBroker() {
        this.container.stop();
    }

    @Override
    protected int port() {
        return this.container.getMappedPort(1883);
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.8.3-3]: a bridge of the embedded broker carries a topic out to the container's broker "
            + "and another one in")
    void bridgeToTheContainer() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                    MqttBridgeAutoConfiguration.class))
            .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                    "mqtt.broker.bridges.remote.url=tcp://127.0.0.1:" + port(),
                    "mqtt.broker.bridges.remote.client-id=" + ClientIds.unique("bridge"),
                    "mqtt.broker.bridges.remote.topics[0].filter=up/#",
                    "mqtt.broker.bridges.remote.topics[1].filter=down/#",
                    "mqtt.broker.bridges.remote.topics[1].direction=in")
            .run((context) -> {
                MqttBridge bridge = context.getBean(MqttBridges.class).getBridges().get(0);
                await().atMost(Duration.ofSeconds(20)).until(bridge::isConnected);
                int localPort = context.getBean(MqttBroker.class).port();
                try (Paho3Client remote = Paho3Client.connected(port(), ClientIds.unique("remote"));
                        Paho3Client local = Paho3Client.connected(localPort, ClientIds.unique("local"))) {
                    remote.subscribe("up/#", 1);
                    local.subscribe("down/#", 1);
                    local.publish("up/reading", "7", 1);
                    assertThat(remote.next().payload()).isEqualTo("7");
                    // the bridge's subscription reaches the remote broker shortly after it connected
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        remote.publish("down/command", "reset", 1);
                        return !local.messages().isEmpty();
                    });
                    assertThat(local.next().payload()).isEqualTo("reset");
                }
            });
    }

}
