package io.mqttspring.autoconfigure;

import java.nio.file.Path;
import java.util.Map;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mqttspring.actuate.MqttBrokerHealthIndicator;
import io.mqttspring.actuate.MqttBrokerMetrics;
import io.mqttspring.autoconfigure.health.MqttHealthContributorAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.SyncPolicy;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.core.MqttTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mqtt.broker.persistence.*}: state on disk across application restarts, with health and metrics.
 */
class MqttPersistenceTests {

    @TempDir
    Path dataDir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                MqttMessagingAutoConfiguration.class, MqttHealthContributorAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.host=127.0.0.1", "mqtt.broker.sys-interval=0",
                "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s");

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-4] [MQTT-3.2.2-2]: with persistence on, a persistent session and its queued "
            + "messages survive a restart of the application context")
    void sessionSurvivesContextRestart() {
        String clientId = ClientIds.unique("restart");
        ApplicationContextRunner persistent = this.runner.withPropertyValues("mqtt.broker.persistence.enabled=true",
                "mqtt.broker.persistence.path=" + this.dataDir);
        persistent.run((context) -> {
            MqttBroker broker = context.getBean(MqttBroker.class);
            assertThat(broker.config().persistence().path()).isEqualTo(this.dataDir);
            assertThat(broker.config().persistence().syncPolicy()).isEqualTo(SyncPolicy.SYNC);
            try (Paho3Client client = Paho3Client.create(broker.port(), clientId)) {
                client.connect(false);
                client.subscribe("orders/#", 1);
                client.disconnect();
            }
            context.getBean(MqttTemplate.class).publish("orders/42", "accepted", QoS.AT_LEAST_ONCE, false).join();
        });
        persistent.run((context) -> {
            MqttBroker broker = context.getBean(MqttBroker.class);
            try (Paho3Client client = Paho3Client.create(broker.port(), clientId)) {
                assertThat(client.connect(false)).as("session present").isTrue();
                assertThat(client.next().payload()).isEqualTo("accepted");
                client.disconnect();
            }
        });
    }

    @Test
    @DisplayName("health shows the store with its path, policy and size; metrics its size and writes")
    void healthAndMetricsShowTheStore() {
        this.runner.withPropertyValues("mqtt.broker.persistence.enabled=true",
                "mqtt.broker.persistence.path=" + this.dataDir, "mqtt.broker.persistence.sync-policy=periodic")
            .run((context) -> {
                MqttBroker broker = context.getBean(MqttBroker.class);
                context.getBean(MqttTemplate.class).publish("state/door", "open", QoS.AT_LEAST_ONCE, true).join();
                Health health = context.getBean(MqttBrokerHealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                @SuppressWarnings("unchecked")
                Map<String, Object> store = (Map<String, Object>) health.getDetails().get("store");
                assertThat(store).containsEntry("path", this.dataDir.toAbsolutePath().toString())
                    .containsEntry("syncPolicy", "periodic");
                assertThat((long) store.get("sizeOnDisk")).isPositive();
                MeterRegistry meters = new SimpleMeterRegistry();
                new MqttBrokerMetrics(broker).bindTo(meters);
                assertThat(meters.get("mqtt.store.size").gauge().value()).isPositive();
                FunctionTimer writes = meters.get("mqtt.store.writes").functionTimer();
                assertThat(writes.count()).isPositive();
            });
    }

    @Test
    @DisplayName("persistence without RocksDB on the class path fails at start naming the property and the dependency")
    void persistenceNeedsRocksDb() {
        this.runner.withClassLoader(new FilteredClassLoader("org.rocksdb"))
            .withPropertyValues("mqtt.broker.persistence.enabled=true", "mqtt.broker.persistence.path=" + this.dataDir)
            .run((context) -> assertThat(context).getFailure()
                .rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("mqtt.broker.persistence.enabled")
                .hasMessageContaining("org.rocksdb:rocksdbjni"));
    }

    @Test
    @DisplayName("persistence is off by default: nothing on disk, no store in health")
    void offByDefault() {
        this.runner.run((context) -> {
            MqttBroker broker = context.getBean(MqttBroker.class);
            assertThat(broker.config().persistence().enabled()).isFalse();
            assertThat(broker.storeStatus()).isEmpty();
            assertThat(context.getBean(MqttBrokerHealthIndicator.class).health().getDetails())
                .doesNotContainKey("store");
        });
    }

}
