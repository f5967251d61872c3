package io.mqttspring.autoconfigure.bridge;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.health.MqttHealthContributorAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mqttspring.actuate.MqttBridgeHealthIndicator;
import io.mqttspring.actuate.MqttBridgeMetrics;
import io.mqttspring.actuate.MqttEndpoint;
import io.mqttspring.broker.bridge.MqttBridge;
import io.mqttspring.bridge.MqttBridges;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded broker bridged to a remote broker (another broker of this project, over TCP on loopback), from
 * {@code mqtt.broker.bridges.*}: topics out, in and both ways with prefixes, no loops, and messages kept while the
 * remote broker is away.
 */
class MqttBridgeTests {

    private MqttBroker remote;

    private int remotePort;

    private ApplicationContextRunner runner;

    @BeforeEach
    void startRemote() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            this.remotePort = socket.getLocalPort();
        }
        this.remote = startRemoteBroker();
        this.runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                    MqttBridgeAutoConfiguration.class, MqttHealthContributorAutoConfiguration.class))
            .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                    "mqtt.broker.sys-interval=0",
                    "mqtt.broker.bridges.cloud.url=tcp://127.0.0.1:" + this.remotePort,
                    "mqtt.broker.bridges.cloud.client-id=" + ClientIds.unique("bridge"),
                    "mqtt.broker.bridges.cloud.reconnect.initial-delay=100ms",
                    "mqtt.broker.bridges.cloud.reconnect.max-delay=500ms",
                    "mqtt.broker.bridges.cloud.topics[0].filter=sensors/#",
                    "mqtt.broker.bridges.cloud.topics[0].remote-prefix=site-1/",
                    "mqtt.broker.bridges.cloud.topics[1].filter=commands/#",
                    "mqtt.broker.bridges.cloud.topics[1].direction=in",
                    "mqtt.broker.bridges.cloud.topics[1].remote-prefix=site-1/",
                    "mqtt.broker.bridges.cloud.topics[2].filter=chat/#",
                    "mqtt.broker.bridges.cloud.topics[2].direction=both");
    }

    private MqttBroker startRemoteBroker() {
        // the remote broker refuses one topic, as a cloud broker's ACL would
        Authorizer refusesSecrets = new Authorizer() {

            @Override
            public boolean mayPublish(ClientInfo client, String topic, QoS qos, boolean retain) {
                return !topic.endsWith("/secret");
            }

        };
        MqttBroker broker = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> config
                .port(this.remotePort))).authorizer(refusesSecrets).build();
        broker.start();
        return broker;
    }

    @AfterEach
    void stopRemote() {
        this.remote.stop();
    }

    private static MqttBridge bridge(ApplicationContext context) {
        MqttBridge bridge = context.getBean(MqttBridges.class).getBridges().get(0);
        await().atMost(Duration.ofSeconds(10)).until(bridge::isConnected);
        return bridge;
    }

    @Test
    @DisplayName("a topic bridged out reaches the remote broker under its remote prefix; one bridged in reaches the "
            + "embedded broker without it; health shows the bridge connected with its counts")
    void outAndInWithPrefixes() {
        this.runner.run((context) -> {
            MqttBridge bridge = bridge(context);
            int localPort = context.getBean(MqttBroker.class).port();
            try (Paho3Client cloud = Paho3Client.connected(this.remotePort, ClientIds.unique("cloud"));
                    Paho3Client device = Paho3Client.connected(localPort, ClientIds.unique("device"))) {
                cloud.subscribe("site-1/sensors/#", 1);
                device.subscribe("commands/#", 1);
                awaitRemoteSubscription(bridge);
                device.publish("sensors/t1", "21.5", 1);
                Paho3Client.Received out = cloud.next();
                assertThat(out.topic()).isEqualTo("site-1/sensors/t1");
                assertThat(out.payload()).isEqualTo("21.5");
                cloud.publish("site-1/commands/heater", "on", 1);
                Paho3Client.Received in = device.next();
                assertThat(in.topic()).isEqualTo("commands/heater");
                assertThat(in.payload()).isEqualTo("on");
            }
            MqttBridgeHealthIndicator health = context.getBean(MqttBridgeHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(bridge.getSent()).isPositive();
            assertThat(bridge.getReceived()).isPositive();
            MeterRegistry meters = new SimpleMeterRegistry();
            new MqttBridgeMetrics(context.getBean(MqttBridges.class)).bindTo(meters);
            assertThat(meters.get("mqtt.bridge.connected").tag("bridge", "cloud").gauge().value()).isEqualTo(1);
            assertThat(meters.get("mqtt.bridge.messages").tags("bridge", "cloud", "direction", "out")
                .functionCounter().count()).isEqualTo(1);
            assertThat(meters.get("mqtt.bridge.messages").tags("bridge", "cloud", "direction", "in")
                .functionCounter().count()).isEqualTo(1);
        });
    }

    private void awaitRemoteSubscription(MqttBridge bridge) {
        // the in-direction subscriptions are made once connected; a probe through them says they are in place
        await().atMost(Duration.ofSeconds(10)).until(() -> this.remote.sessions().stream()
                .anyMatch((session) -> session.subscriptions().containsKey("site-1/commands/#")));
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.8.3-3]: a topic bridged both ways crosses once in each direction and never loops back: "
            + "No Local on the remote side, the bridge's marker on the local side")
    void bothWaysWithoutLoops() {
        this.runner.run((context) -> {
            MqttBridge bridge = bridge(context);
            int localPort = context.getBean(MqttBroker.class).port();
            try (Paho3Client cloud = Paho3Client.connected(this.remotePort, ClientIds.unique("cloud"));
                    Paho3Client device = Paho3Client.connected(localPort, ClientIds.unique("device"))) {
                cloud.subscribe("chat/#", 1);
                device.subscribe("chat/#", 1);
                await().atMost(Duration.ofSeconds(10)).until(() -> this.remote.sessions().stream()
                        .anyMatch((session) -> session.subscriptions().containsKey("chat/#")
                                && session.clientId().startsWith("bridge")));
                device.publish("chat/from-device", "hello cloud", 1);
                cloud.publish("chat/from-cloud", "hello device", 1);
                List<String> atCloud = new ArrayList<>(List.of(cloud.next().payload(), cloud.next().payload()));
                List<String> atDevice = new ArrayList<>(List.of(device.next().payload(), device.next().payload()));
                assertThat(atCloud).containsExactlyInAnyOrder("hello cloud", "hello device");
                assertThat(atDevice).containsExactlyInAnyOrder("hello cloud", "hello device");
                cloud.receivesNothingFor(Duration.ofMillis(500));
                device.receivesNothingFor(Duration.ofMillis(0));
            }
            assertThat(bridge.getSent()).isEqualTo(1);
            assertThat(bridge.getReceived()).isEqualTo(1);
        });
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-4.3.2-2]: QoS 1 messages published while the remote broker is away wait in the "
            + "bridge's session and reach it, in order, once it is back; health is DOWN meanwhile")
    void messagesWaitWhileTheRemoteBrokerIsAway() {
        this.runner.run((context) -> {
            MqttBridge bridge = bridge(context);
            int localPort = context.getBean(MqttBroker.class).port();
            this.remote.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> !bridge.isConnected());
            MqttBridgeHealthIndicator health = context.getBean(MqttBridgeHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            try (Paho3Client device = Paho3Client.connected(localPort, ClientIds.unique("device"))) {
                for (int i = 0; i < 5; i++) {
                    device.publish("sensors/queued", "m" + i, 1);
                }
            }
            this.remote = startRemoteBroker();
            // subscribed in process at once, before the bridge's next attempt to reconnect
            List<String> atCloud = new CopyOnWriteArrayList<>();
            this.remote.newSubscriber("cloud").topic("site-1/sensors/#", QoS.AT_LEAST_ONCE).handler((message) -> {
                atCloud.add(message.message().payloadAsString());
                return CompletableFuture.completedFuture(null);
            }).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> atCloud.size() >= 5);
            assertThat(atCloud).containsExactly("m0", "m1", "m2", "m3", "m4");
            await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.UP));
        });
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.4.2-1]: a message the remote broker refuses with PUBACK 0x87 is counted as refused, "
            + "in health and metrics, and does not hold back the messages after it")
    void refusedMessagesAreCountedNotResent() {
        this.runner.run((context) -> {
            MqttBridge bridge = bridge(context);
            int localPort = context.getBean(MqttBroker.class).port();
            try (Paho3Client cloud = Paho3Client.connected(this.remotePort, ClientIds.unique("cloud"));
                    Paho3Client device = Paho3Client.connected(localPort, ClientIds.unique("device"))) {
                cloud.subscribe("site-1/sensors/#", 1);
                device.publish("sensors/secret", "pin", 1);
                device.publish("sensors/t2", "19.0", 1);
                Paho3Client.Received out = cloud.next();
                assertThat(out.topic()).isEqualTo("site-1/sensors/t2");
                cloud.receivesNothingFor(Duration.ofMillis(300));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> bridge.getRefused() == 1);
            assertThat(bridge.getSent()).isEqualTo(1);
            MeterRegistry meters = new SimpleMeterRegistry();
            new MqttBridgeMetrics(context.getBean(MqttBridges.class)).bindTo(meters);
            assertThat(meters.get("mqtt.bridge.refused").tag("bridge", "cloud").functionCounter().count())
                .isEqualTo(1);
            assertThat(context.getBean(MqttBridgeHealthIndicator.class).health().getDetails().get("cloud"))
                .asString().contains("refused=1");
            MqttEndpoint endpoint = new MqttEndpoint(context.getBean(MqttBroker.class), null, null,
                    context.getBean(MqttBridges.class));
            assertThat(endpoint.section("bridges")).isEqualTo(List.of(new MqttEndpoint.BridgeDescriptor("cloud", true,
                    1, 0, 1)));
            assertThat(endpoint.broker().bridges()).hasSize(1);
        });
    }

    @Test
    @DisplayName("a bridge without topics fails at start naming its property")
    void bridgeWithoutTopicsFails() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                    MqttBridgeAutoConfiguration.class))
            .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0",
                    "mqtt.broker.bridges.empty.url=tcp://127.0.0.1:" + this.remotePort)
            .run((context) -> assertThat(context).getFailure().rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("mqtt.broker.bridges.empty.topics"));
    }

    @Test
    @DisplayName("a keep-alive CONNECT cannot carry (over 65535 s) fails at start naming the bridge's property")
    void keepAliveOutOfRangeFails() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                    MqttBridgeAutoConfiguration.class))
            .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0",
                    "mqtt.broker.bridges.slow.url=tcp://127.0.0.1:" + this.remotePort,
                    "mqtt.broker.bridges.slow.topics[0].filter=up/#", "mqtt.broker.bridges.slow.keep-alive=70000s")
            .run((context) -> assertThat(context).getFailure().rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("mqtt.broker.bridges.slow.keep-alive")
                .hasMessageContaining("65535s"));
    }

}
