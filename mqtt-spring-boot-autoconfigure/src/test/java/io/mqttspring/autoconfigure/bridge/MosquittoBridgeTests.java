package io.mqttspring.autoconfigure.bridge;

import java.nio.file.Path;
import java.time.Duration;

import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.broker.bridge.MqttBridge;
import io.mqttspring.bridge.MqttBridges;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.testsupport.MosquittoProcess;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded broker bridged to Eclipse Mosquitto (Debian's package, started by the test on loopback). Skipped,
 * saying so, where Mosquitto is not installed.
 */
class MosquittoBridgeTests {

    @TempDir
    Path temp;

    @Test
    @DisplayName("MQTT 5 [MQTT-3.8.3-3]: bridged to Mosquitto, a topic goes out under its remote prefix, another comes "
            + "in, and a topic bridged both ways crosses once each way without looping")
    void bridgeToMosquitto() throws Exception {
        try (MosquittoProcess mosquitto = MosquittoProcess.start(this.temp)) {
            new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                        MqttBridgeAutoConfiguration.class))
                .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0",
                        "mqtt.broker.host=127.0.0.1", "mqtt.broker.sys-interval=0",
                        "mqtt.broker.bridges.mosquitto.url=tcp://127.0.0.1:" + mosquitto.port(),
                        "mqtt.broker.bridges.mosquitto.client-id=" + ClientIds.unique("bridge"),
                        "mqtt.broker.bridges.mosquitto.topics[0].filter=sensors/#",
                        "mqtt.broker.bridges.mosquitto.topics[0].remote-prefix=site-1/",
                        "mqtt.broker.bridges.mosquitto.topics[1].filter=commands/#",
                        "mqtt.broker.bridges.mosquitto.topics[1].direction=in",
                        "mqtt.broker.bridges.mosquitto.topics[2].filter=chat/#",
                        "mqtt.broker.bridges.mosquitto.topics[2].direction=both")
                .run((context) -> {
                    MqttBridge bridge = context.getBean(MqttBridges.class).getBridges().get(0);
                    await().atMost(Duration.ofSeconds(10)).until(bridge::isConnected);
                    int localPort = context.getBean(MqttBroker.class).port();
                    try (Paho3Client cloud = Paho3Client.connected(mosquitto.port(), ClientIds.unique("cloud"));
                            Paho3Client device = Paho3Client.connected(localPort, ClientIds.unique("device"))) {
                        cloud.subscribe("site-1/sensors/#", 1);
                        cloud.subscribe("chat/#", 1);
                        device.subscribe("commands/#", 1);
                        device.subscribe("chat/#", 1);
                        // Mosquitto has the bridge's subscriptions once a command goes through
                        await().atMost(Duration.ofSeconds(10)).until(() -> {
                            cloud.publish("commands/probe", "probe", 0);
                            return !device.messages().isEmpty();
                        });
                        device.publish("sensors/t1", "21.5", 1);
                        assertThat(cloud.next().topic()).isEqualTo("site-1/sensors/t1");
                        cloud.publish("commands/heater", "on", 1);
                        // probes still on their way arrive first
                        String command = device.next().payload();
                        while (command.equals("probe")) {
                            command = device.next().payload();
                        }
                        assertThat(command).isEqualTo("on");
                        device.publish("chat/a", "from device", 1);
                        cloud.publish("chat/b", "from cloud", 1);
                        assertThat(cloud.nextPayloads(2)).containsExactlyInAnyOrder("from device", "from cloud");
                        assertThat(device.nextPayloads(2)).containsExactlyInAnyOrder("from device", "from cloud");
                        cloud.receivesNothingFor(Duration.ofMillis(500));
                        device.receivesNothingFor(Duration.ofMillis(0));
                    }
                });
        }
    }

}
