package io.mqttspring.autoconfigure.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.mqttspring.actuate.MqttBrokerHealthIndicator;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.metrics.DropReason;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MqttHealthContributorAutoConfiguration} and the {@link MqttBrokerHealthIndicator}.
 */
class MqttHealthContributorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                MqttHealthContributorAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s");

    @Test
    void healthIndicatorIsAutoConfigured() {
        this.runner.run((context) -> assertThat(context).hasSingleBean(MqttBrokerHealthIndicator.class)
            .hasBean("mqttBrokerHealthIndicator"));
    }

    @Test
    void upWithListenersAndFiguresWhileAcceptingConnections() {
        this.runner.run((context) -> {
            MqttBroker broker = context.getBean(MqttBroker.class);
            HealthIndicator indicator = context.getBean(MqttBrokerHealthIndicator.class);
            try (Paho3Client client = Paho3Client.connected(broker.port(), ClientIds.unique("health-up"))) {
                client.subscribe("health/#", 1);
                Health health = indicator.health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                Map<String, Object> details = health.getDetails();
                assertThat(details).containsEntry("connections", 1L)
                    .containsEntry("sessions", 1L)
                    .containsEntry("subscriptions", 1L)
                    .containsEntry("retainedMessages", 0L);
                assertThat(details.get("listeners")).isEqualTo(Map.of(
                        "mqtt", Map.of("uri", "mqtt://127.0.0.1:" + broker.port(), "active", true),
                        "ws", Map.of("uri", "ws://127.0.0.1:" + broker.webSocketPort() + "/mqtt", "active", true)));
            }
        });
    }

    @Test
    void overloadedNotDownNearTheMemoryBudget() {
        this.runner.withPropertyValues("mqtt.broker.flow-control.memory-budget=1MB",
                "mqtt.broker.session.max-queued-messages=10000")
            .run((context) -> {
                MqttBroker broker = context.getBean(MqttBroker.class);
                String clientId = ClientIds.unique("health-offline");
                try (Paho3Client client = Paho3Client.create(broker.port(), clientId)) {
                    client.connect(false);
                    client.subscribe("health/#", 1);
                    client.disconnect();
                }
                HealthIndicator indicator = context.getBean(MqttBrokerHealthIndicator.class);
                assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                // an offline persistent session queues what the application publishes, up to the budget
                for (int i = 0; i < 300; i++) {
                    broker.publish(ApplicationMessage.builder("health/t").payload(new byte[4096])
                        .qos(QoS.AT_LEAST_ONCE)
                        .build());
                }
                await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(indicator.health().getStatus())
                        .isEqualTo(MqttBrokerHealthIndicator.OVERLOADED));
                Map<String, Object> details = indicator.health().getDetails();
                assertThat((long) details.get("queuedBytes")).isLessThanOrEqualTo(1024 * 1024 + 8192);
                assertThat(details).containsEntry("memoryBudget", 1024L * 1024);
                assertThat(broker.statistics().messagesDropped(DropReason.MEMORY_BUDGET)).isPositive();
            });
    }

    @Test
    void downWhenTheBrokerIsStopped() {
        this.runner.run((context) -> {
            context.getBean(MqttBroker.class).stop();
            Health health = context.getBean(MqttBrokerHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("reason", "broker is not running");
        });
    }

    @Test
    void canBeTurnedOffWithItsEnableKey() {
        this.runner.withPropertyValues("management.health.mqtt.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(MqttBrokerHealthIndicator.class)
                .hasSingleBean(MqttBroker.class));
    }

    @Test
    void followsTheDefaultEnablement() {
        this.runner.withPropertyValues("management.health.defaults.enabled=false")
            .run((context) -> assertThat(context).doesNotHaveBean(MqttBrokerHealthIndicator.class));
        this.runner.withPropertyValues("management.health.defaults.enabled=false", "management.health.mqtt.enabled=true")
            .run((context) -> assertThat(context).hasSingleBean(MqttBrokerHealthIndicator.class));
    }

    @Test
    void backsOffWithoutSpringBootHealth() {
        this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("mqttBrokerHealthIndicator"));
    }

    @Test
    void backsOffWithoutABroker() {
        this.runner.withPropertyValues("mqtt.broker.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("mqttBrokerHealthIndicator"));
    }

    @Test
    void userDefinedIndicatorOfTheSameNameBacksOff() {
        HealthIndicator own = () -> Health.up().withDetail("own", true).build();
        this.runner.withBean("mqttBrokerHealthIndicator", HealthIndicator.class, () -> own).run((context) -> {
            assertThat(context).doesNotHaveBean(MqttBrokerHealthIndicator.class);
            assertThat(context.getBean("mqttBrokerHealthIndicator")).isSameAs(own);
        });
    }

}
