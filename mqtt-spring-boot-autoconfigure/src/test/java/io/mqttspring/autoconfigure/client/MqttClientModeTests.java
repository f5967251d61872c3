package io.mqttspring.autoconfigure.client;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mqttspring.actuate.MqttClientHealthIndicator;
import io.mqttspring.actuate.MqttClientMetrics;
import io.mqttspring.actuate.MqttEndpoint;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.autoconfigure.endpoint.MqttEndpointAutoConfiguration;
import io.mqttspring.autoconfigure.health.MqttHealthContributorAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.client.HiveMqClientConnection;
import io.mqttspring.core.MqttConnection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Client mode against another broker of this project, in this JVM, reached over TCP on loopback; and how client mode
 * starts, fails and combines with the embedded broker.
 */
class MqttClientModeTests extends ClientModeContractTests {

    private MqttBroker remote;

    @Override
    protected int startBroker() {
        this.remote = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> {
        })).build();
        this.remote.start();
        return this.remote.port();
    }

    @Override
    protected void stopBroker() {
        this.remote.stop();
    }

    @Override
    protected int port() {
        return this.remote.port();
    }

    @Test
    @DisplayName("with mqtt.client.url and mqtt.broker.enabled=true the embedded broker runs too, and the template "
            + "still goes to the remote broker")
    void embeddedBrokerOnlyWhenAlsoEnabled() {
        this.runner.withPropertyValues("mqtt.broker.enabled=true").run((context) -> {
            assertThat(context).hasNotFailed().hasSingleBean(MqttBroker.class);
            assertThat(context.getBean(MqttConnection.class)).isInstanceOf(HiveMqClientConnection.class);
        });
    }

    @Test
    @DisplayName("health and metrics show the client connection: UP with the URL while connected, DOWN (and "
            + "mqtt.client.connected 0) while the broker is away")
    void healthFollowsTheConnection() {
        this.runner.withConfiguration(AutoConfigurations.of(MqttHealthContributorAutoConfiguration.class))
            .run((context) -> {
                MqttClientHealthIndicator health = context.getBean(MqttClientHealthIndicator.class);
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                assertThat(health.health().getDetails()).containsEntry("url", "tcp://127.0.0.1:" + port());
                MeterRegistry meters = new SimpleMeterRegistry();
                new MqttClientMetrics(context.getBean(MqttConnection.class)).bindTo(meters);
                assertThat(meters.get("mqtt.client.connected").gauge().value()).isEqualTo(1);
                this.remote.stop();
                await().atMost(Duration.ofSeconds(10))
                    .until(() -> health.health().getStatus().equals(Status.DOWN));
                assertThat(meters.get("mqtt.client.connected").gauge().value()).isZero();
            });
    }

    @Test
    @DisplayName("without an embedded broker the mqtt endpoint describes client mode's connection: its URL, whether "
            + "it is connected, and the listeners")
    void endpointDescribesTheConnection() {
        this.runner.withConfiguration(AutoConfigurations.of(MqttEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=mqtt")
            .run((context) -> {
                MqttEndpoint endpoint = context.getBean(MqttEndpoint.class);
                assertThat(endpoint.describe()).isEqualTo(new MqttEndpoint.ClientModeDescriptor(
                        new MqttEndpoint.ConnectionDescriptor("tcp://127.0.0.1:" + port(), true), 0));
                assertThat(endpoint.section("clients")).as("no embedded broker, no clients of it").isNull();
                this.remote.stop();
                await().atMost(Duration.ofSeconds(10)).until(() -> !((MqttEndpoint.ClientModeDescriptor) endpoint
                        .describe()).client().connected());
            });
    }

    @Test
    @DisplayName("an MqttConnectionDetails bean, as a Testcontainers or Docker Compose service connection defines it, "
            + "turns client mode on without mqtt.client.url and keeps the embedded broker off")
    void connectionDetailsBeanTurnsClientModeOn() {
        MqttConnectionDetails details = () -> "tcp://127.0.0.1:" + port();
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttClientAutoConfiguration.class,
                    MqttBrokerAutoConfiguration.class, MqttMessagingAutoConfiguration.class))
            .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0")
            .withBean(MqttConnectionDetails.class, () -> details)
            .run((context) -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(MqttBroker.class);
                MqttConnection connection = context.getBean(MqttConnection.class);
                assertThat(connection).isInstanceOf(HiveMqClientConnection.class);
                assertThat(connection.describe()).isEqualTo("tcp://127.0.0.1:" + port());
                assertThat(connection.isRunning()).isTrue();
            });
    }

    @Test
    @DisplayName("a URL with another scheme fails at start naming mqtt.client.url")
    void wrongSchemeFailsNamingTheProperty() {
        this.runner.withPropertyValues("mqtt.client.url=http://127.0.0.1:1883").run((context) -> assertThat(context)
            .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("mqtt.client.url"));
    }

    @Test
    @DisplayName("a negative session expiry fails at start naming mqtt.client.session-expiry")
    void negativeSessionExpiryFailsNamingTheProperty() {
        this.runner.withPropertyValues("mqtt.client.session-expiry=-1s").run((context) -> assertThat(context)
            .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("mqtt.client.session-expiry"));
    }

    @Test
    @DisplayName("a broker that cannot be reached fails the start naming mqtt.client.url and the address")
    void unreachableBrokerFailsTheStart() {
        int port = this.remote.port();
        this.remote.stop();
        this.runner.withPropertyValues("mqtt.client.connect-timeout=2s").run((context) -> assertThat(context)
            .getFailure().hasStackTraceContaining("mqtt.client.url").hasStackTraceContaining("127.0.0.1:" + port));
    }

    @Test
    @DisplayName("without the HiveMQ MQTT Client on the class path client mode fails naming the property and the "
            + "dependency")
    void missingClientFailsNamingTheDependency() {
        this.runner.withClassLoader(new FilteredClassLoader("com.hivemq.client")).run((context) -> assertThat(context)
            .getFailure().rootCause().hasMessageContaining("mqtt.client.url")
            .hasMessageContaining("com.hivemq:hivemq-mqtt-client"));
    }

}
