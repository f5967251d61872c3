package io.mqttspring.broker.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.bridge.BridgeTopic;
import io.mqttspring.broker.bridge.MqttBridge;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Bridges of the standalone broker, from {@code mqtt.broker.bridges.*} in its {@code --config} file (the starter's
 * keys): read and checked, then run against a remote broker of this project on loopback.
 */
class StandaloneBridgeTests {

    @TempDir
    Path directory;

    private final List<MqttBroker> brokers = new ArrayList<>();

    private final List<MqttBridge> bridges = new ArrayList<>();

    @AfterEach
    void stop() {
        this.bridges.forEach(MqttBridge::stop);
        this.brokers.forEach(MqttBroker::stop);
    }

    private StandaloneBroker.Launch launch(String... lines) throws IOException {
        Path file = Files.write(this.directory.resolve("broker.properties"), List.of(lines));
        return StandaloneBroker.launch(new String[] { "--config", file.toString() });
    }

    @Test
    @DisplayName("a bridge in the config file is read with the starter's keys and defaults")
    void readsBridge() throws IOException {
        StandaloneBroker.Launch launch = launch("mqtt.broker.bridges.cloud.url=tcp://127.0.0.1:1884",
                "mqtt.broker.bridges.cloud.keep-alive=30s",
                "mqtt.broker.bridges.cloud.topics[0].filter=sensors/#",
                "mqtt.broker.bridges.cloud.topics[0].remote-prefix=site-1/",
                "mqtt.broker.bridges.cloud.topics[1].filter=commands/#",
                "mqtt.broker.bridges.cloud.topics[1].direction=in",
                "mqtt.broker.bridges.cloud.topics[1].qos=2");
        assertThat(launch.bridges()).hasSize(1);
        BridgeSettings.Bridge bridge = launch.bridges().get(0);
        assertThat(bridge.name()).isEqualTo("cloud");
        assertThat(bridge.url()).isEqualTo("tcp://127.0.0.1:1884");
        assertThat(bridge.options().keepAlive()).isEqualTo(Duration.ofSeconds(30));
        assertThat(bridge.options().cleanStart()).isTrue();
        assertThat(bridge.topics()).containsExactly(
                new BridgeTopic("sensors/#", BridgeTopic.Direction.OUT, QoS.AT_LEAST_ONCE, "", "site-1/"),
                new BridgeTopic("commands/#", BridgeTopic.Direction.IN, QoS.EXACTLY_ONCE, "", ""));
        assertThat(bridge.client().getConfig().getClientIdentifier()).map(Object::toString).hasValue("cloud");
    }

    @Test
    @DisplayName("a wrong bridge setting fails naming the file and the key")
    void wrongSettingsNameTheKey() {
        assertThatThrownBy(() -> launch("mqtt.broker.bridges.cloud.url=tcp://127.0.0.1:1884"))
            .hasMessageContaining("broker.properties").hasMessageContaining("mqtt.broker.bridges.cloud.topics");
        assertThatThrownBy(() -> launch("mqtt.broker.bridges.cloud.url=http://example.com",
                "mqtt.broker.bridges.cloud.topics[0].filter=a/#"))
            .hasMessageContaining("mqtt.broker.bridges.cloud.url").hasMessageContaining("tcp://");
        assertThatThrownBy(() -> launch("mqtt.broker.bridges.cloud.topics[0].filter=a/#"))
            .hasMessageContaining("mqtt.broker.bridges.cloud.url");
        assertThatThrownBy(() -> launch("mqtt.broker.bridges.cloud.url=tcp://127.0.0.1:1884",
                "mqtt.broker.bridges.cloud.topics[0].filter=a/#/b"))
            .hasMessageContaining("mqtt.broker.bridges.cloud.topics[0]");
        assertThatThrownBy(() -> launch("mqtt.broker.bridges.cloud.url=tcp://127.0.0.1:1884",
                "mqtt.broker.bridges.cloud.topics[0].filter=a/#", "mqtt.broker.bridges.cloud.keepalive=5s"))
            .hasMessageContaining("mqtt.broker.bridges.cloud.keepalive: unknown key");
        assertThatThrownBy(() -> launch("mqtt.broker.bridges.cloud.url=tcp://127.0.0.1:1884",
                "mqtt.broker.bridges.cloud.topics[0].filter=a/#", "mqtt.broker.bridges.cloud.clean-start=flase"))
            .hasMessageContaining("mqtt.broker.bridges.cloud.clean-start");
        assertThatThrownBy(() -> launch("mqtt.broker.bridges.cloud.url=tcp://127.0.0.1:1884",
                "mqtt.broker.bridges.cloud.topics[0].filter=a/#", "mqtt.broker.bridges.cloud.keep-alive=20h"))
            .hasMessageContaining("mqtt.broker.bridges.cloud.keep-alive").hasMessageContaining("65535");
        assertThatThrownBy(() -> launch("mqtt.broker.bridges.cloud.url=ssl://127.0.0.1:8883",
                "mqtt.broker.bridges.cloud.topics[0].filter=a/#", "mqtt.broker.bridges.cloud.ssl.bundle=none"))
            .hasMessageContaining("mqtt.broker.bridges.cloud.ssl.bundle")
            .hasMessageContaining("spring.ssl.bundle.pem.none.truststore.certificate");
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.8.3-3]: the standalone broker's bridge carries topics out and in with their prefixes, "
            + "and a topic bridged both ways does not loop")
    void carriesTopicsBothWays() throws IOException {
        int remotePort = freePort();
        MqttBroker remote = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> config
                .port(remotePort))).build();
        remote.start();
        this.brokers.add(remote);
        StandaloneBroker.Launch launch = launch("mqtt.broker.host=127.0.0.1", "mqtt.broker.port=0",
                "mqtt.broker.sys-interval=0",
                "mqtt.broker.bridges.cloud.url=tcp://127.0.0.1:" + remotePort,
                "mqtt.broker.bridges.cloud.client-id=" + ClientIds.unique("bridge"),
                "mqtt.broker.bridges.cloud.reconnect.initial-delay=100ms",
                "mqtt.broker.bridges.cloud.topics[0].filter=sensors/#",
                "mqtt.broker.bridges.cloud.topics[0].remote-prefix=site-1/",
                "mqtt.broker.bridges.cloud.topics[1].filter=commands/#",
                "mqtt.broker.bridges.cloud.topics[1].direction=in",
                "mqtt.broker.bridges.cloud.topics[1].remote-prefix=site-1/",
                "mqtt.broker.bridges.cloud.topics[2].filter=chat/#",
                "mqtt.broker.bridges.cloud.topics[2].direction=both");
        MqttBroker local = launch.newBroker();
        local.start();
        this.brokers.add(0, local);
        MqttBridge bridge = launch.bridges().get(0).start(local);
        this.bridges.add(bridge);
        await().atMost(Duration.ofSeconds(10)).until(bridge::isConnected);
        await().atMost(Duration.ofSeconds(10)).until(() -> remote.sessions().stream()
                .anyMatch((session) -> session.subscriptions().containsKey("site-1/commands/#")
                        && session.subscriptions().containsKey("chat/#")));
        try (Paho3Client cloud = Paho3Client.connected(remotePort, ClientIds.unique("cloud"));
                Paho3Client device = Paho3Client.connected(local.port(), ClientIds.unique("device"))) {
            cloud.subscribe("site-1/sensors/#", 1).subscribe("chat/#", 1);
            device.subscribe("commands/#", 1).subscribe("chat/#", 1);
            device.publish("sensors/t1", "21.5", 1);
            Paho3Client.Received out = cloud.next();
            assertThat(out.topic() + "=" + out.payload()).isEqualTo("site-1/sensors/t1=21.5");
            cloud.publish("site-1/commands/heater", "on", 1);
            Paho3Client.Received in = device.next();
            assertThat(in.topic() + "=" + in.payload()).isEqualTo("commands/heater=on");
            cloud.publish("chat/from-cloud", "hello device", 1);
            assertThat(device.next().payload()).isEqualTo("hello device");
            assertThat(cloud.next().payload()).as("the publisher's own copy").isEqualTo("hello device");
            cloud.receivesNothingFor(Duration.ofMillis(500));
            device.receivesNothingFor(Duration.ofMillis(0));
        }
        assertThat(bridge.getSent()).isEqualTo(1);
        assertThat(bridge.getReceived()).isEqualTo(2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
