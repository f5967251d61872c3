package io.mqttspring.autoconfigure.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mqttspring.actuate.MqttBrokerHealthIndicator;
import io.mqttspring.actuate.MqttBrokerMetrics;
import io.mqttspring.actuate.MqttEndpoint;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.autoconfigure.health.MqttHealthContributorAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.core.MqttTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code mqtt.broker.cluster.*}: the embedded broker as a node of a cluster, from properties or on the application's
 * Hazelcast instance.
 */
class MqttClusterTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MqttHazelcastAutoConfiguration.class,
                MqttBrokerAutoConfiguration.class, MqttMessagingAutoConfiguration.class,
                MqttHealthContributorAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0",
                "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s");

    @Test
    @DisplayName("two applications with mqtt.broker.cluster.* act as one broker: a message the template publishes on "
            + "one reaches a subscriber of the other; health and metrics show the cluster")
    void twoNodesFromProperties() throws IOException {
        int[] ports = freePorts(2);
        String name = "starter-" + ports[0];
        ApplicationContextRunner first = node(name, ports[0], ports[1]);
        ApplicationContextRunner second = node(name, ports[1], ports[0]);
        first.run((a) -> second.run((b) -> {
            MqttBroker brokerA = a.getBean(MqttBroker.class);
            MqttBroker brokerB = b.getBean(MqttBroker.class);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> brokerA.clusterStatus().orElseThrow().members().size() == 2);
            try (Paho3Client subscriber = Paho3Client.connected(brokerB.port(), ClientIds.unique("on-b"))) {
                subscriber.subscribe("orders/#", 1);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> brokerA.clusterStatus().orElseThrow().remoteFilters() >= 1);
                a.getBean(MqttTemplate.class).publish("orders/7", "shipped", QoS.AT_LEAST_ONCE, false).join();
                assertThat(subscriber.next().payload()).isEqualTo("shipped");
                // the endpoint of node A says which member the client of node B is connected to
                MqttEndpoint endpointA = new MqttEndpoint(brokerA, null);
                await().atMost(Duration.ofSeconds(10)).until(() -> endpointA.client("clients",
                        subscriber.clientId()) != null);
                assertThat(endpointA.client("clients", subscriber.clientId())).doesNotContainKey("session")
                    .hasEntrySatisfying("clusterMember", (member) -> assertThat((String) member)
                        .startsWith(brokerB.clusterStatus().orElseThrow().nodeId() + "@"));
                subscriber.disconnect();
            }
            Health health = b.getBean(MqttBrokerHealthIndicator.class).health();
            @SuppressWarnings("unchecked")
            Map<String, Object> cluster = (Map<String, Object>) health.getDetails().get("cluster");
            assertThat(cluster).containsEntry("nodeId", brokerB.clusterStatus().orElseThrow().nodeId())
                .containsEntry("role", "member");
            assertThat((List<?>) cluster.get("members")).hasSize(2);
            assertThat(brokerA.clusterStatus().orElseThrow().role()).isEqualTo("coordinator");
            MeterRegistry meters = new SimpleMeterRegistry();
            new MqttBrokerMetrics(brokerA).bindTo(meters);
            assertThat(meters.get("mqtt.cluster.members").gauge().value()).isEqualTo(2);
            assertThat(meters.get("mqtt.cluster.forwarded").functionCounter().count()).isPositive();
            // the template's QoS 1 publication waited for node B's answer: its time is in the timer
            assertThat(meters.get("mqtt.cluster.forward.latency").functionTimer().count()).isPositive();
            assertThat(meters.get("mqtt.cluster.forward.latency").functionTimer().totalTime(TimeUnit.NANOSECONDS))
                .isPositive();
            assertThat(meters.get("mqtt.cluster.dropped").functionCounter().count()).isZero();
        }));
    }

    @Test
    @DisplayName("with the application's HazelcastInstance the broker joins that cluster and leaves the instance "
            + "running when the context closes")
    void usesTheApplicationsHazelcastInstance() throws IOException {
        int port = freePorts(1)[0];
        Config config = new Config().setClusterName("application-" + port);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(port).getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
        try {
            this.runner.withBean(HazelcastInstance.class, () -> hazelcast)
                .withPropertyValues("mqtt.broker.cluster.enabled=true")
                .run((context) -> assertThat(context.getBean(MqttBroker.class).clusterStatus().orElseThrow().nodeId())
                    .isEqualTo(hazelcast.getCluster().getLocalMember().getUuid().toString()));
            assertThat(hazelcast.getLifecycleService().isRunning()).isTrue();
        }
        finally {
            hazelcast.shutdown();
        }
    }

    @Test
    @DisplayName("a cluster without Hazelcast on the class path fails at start naming the property and the dependency")
    void clusterNeedsHazelcast() {
        this.runner.withClassLoader(new FilteredClassLoader("com.hazelcast"))
            .withPropertyValues("mqtt.broker.cluster.enabled=true")
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("mqtt.broker.cluster.enabled")
                .hasMessageContaining("com.hazelcast:hazelcast"));
    }

    private ApplicationContextRunner node(String name, int port, int otherPort) {
        return this.runner.withPropertyValues("mqtt.broker.cluster.enabled=true", "mqtt.broker.cluster.name=" + name,
                "mqtt.broker.cluster.host=127.0.0.1", "mqtt.broker.cluster.port=" + port,
                "mqtt.broker.cluster.members=127.0.0.1:" + otherPort);
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        }
        finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
        return ports;
    }

}
