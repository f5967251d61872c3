package io.mqttspring.autoconfigure.endpoint;

import java.util.List;
import java.util.Map;

import io.mqttspring.actuate.MqttEndpoint;
import io.mqttspring.actuate.MqttEndpoint.BrokerDescriptor;
import io.mqttspring.actuate.MqttEndpoint.ClientDescriptor;
import io.mqttspring.actuate.MqttEndpoint.ListenerDescriptor;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.listener.MqttListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MqttEndpointAutoConfiguration} and the operations of {@link MqttEndpoint}.
 */
class MqttEndpointAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                MqttMessagingAutoConfiguration.class, MqttEndpointAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s");

    private final ApplicationContextRunner exposed = this.runner
        .withPropertyValues("management.endpoints.web.exposure.include=mqtt");

    @Test
    void notAvailableUnlessExposed() {
        this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MqttEndpoint.class));
    }

    @Test
    void availableWhenExposedOverTheWeb() {
        this.exposed.run((context) -> assertThat(context).hasSingleBean(MqttEndpoint.class));
    }

    @Test
    void availableWhenExposedOverJmx() {
        this.runner.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=mqtt")
            .run((context) -> assertThat(context).hasSingleBean(MqttEndpoint.class));
    }

    @Test
    void notAvailableWhenAccessIsNone() {
        this.exposed.withPropertyValues("management.endpoint.mqtt.access=NONE")
            .run((context) -> assertThat(context).doesNotHaveBean(MqttEndpoint.class));
    }

    @Test
    void backsOffWithoutActuator() {
        this.exposed.withClassLoader(new FilteredClassLoader(Endpoint.class))
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MqttEndpoint.class));
    }

    @Test
    void backsOffWithoutABroker() {
        this.exposed.withPropertyValues("mqtt.broker.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MqttEndpoint.class));
    }

    @Test
    void userDefinedEndpointBacksOff() {
        MqttEndpoint own = new MqttEndpoint(MqttBroker.builder().build(), null);
        this.exposed.withBean("ownEndpoint", MqttEndpoint.class, () -> own)
            .run((context) -> assertThat(context.getBean(MqttEndpoint.class)).isSameAs(own));
    }

    @Test
    void describesTheBroker() {
        this.exposed.run((context) -> {
            MqttBroker broker = context.getBean(MqttBroker.class);
            BrokerDescriptor descriptor = context.getBean(MqttEndpoint.class).broker();
            assertThat(descriptor.running()).isTrue();
            assertThat(descriptor.acceptingConnections()).isTrue();
            assertThat(descriptor.host()).isEqualTo("127.0.0.1");
            assertThat(descriptor.port()).isEqualTo(broker.port());
            assertThat(descriptor.uptimeSeconds()).isNotNegative();
            assertThat(descriptor.figures().connections()).isZero();
            broker.stop();
            BrokerDescriptor stopped = context.getBean(MqttEndpoint.class).broker();
            assertThat(stopped.running()).isFalse();
            assertThat(stopped.acceptingConnections()).isFalse();
            assertThat(stopped.host()).isNull();
            assertThat(stopped.port()).isNull();
        });
    }

    @Test
    void listsAndDisconnectsClients() {
        this.exposed.run((context) -> {
            MqttEndpoint endpoint = context.getBean(MqttEndpoint.class);
            int port = context.getBean(MqttBroker.class).port();
            try (Paho5Client client = Paho5Client.connected(port, ClientIds.unique("endpoint-client"))) {
                client.subscribe("endpoint/+/state", 1);
                @SuppressWarnings("unchecked")
                List<ClientDescriptor> clients = (List<ClientDescriptor>) endpoint.section("clients");
                assertThat(clients).filteredOn((c) -> c.clientId().equals(client.clientId()))
                    .singleElement()
                    .satisfies((c) -> {
                        assertThat(c.connected()).isTrue();
                        assertThat(c.protocolVersion()).isEqualTo("MQTT_5");
                        assertThat(c.address()).contains("127.0.0.1");
                        assertThat(c.subscriptions()).isEqualTo(Map.of("endpoint/+/state", 1));
                    });
                assertThat(endpoint.disconnect("clients", client.clientId()))
                    .isEqualTo(Map.of("clientId", client.clientId(), "disconnected", true));
                assertThat(client.disconnects().next().getReturnCode()).isEqualTo(0x98);
            }
            assertThat(endpoint.disconnect("clients", "nobody")).isEqualTo(Map.of("clientId", "nobody",
                    "disconnected", false));
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.disconnect("listeners", "nobody"));
            assertThat(endpoint.section("nothing")).isNull();
        });
    }

    @Test
    void listsStopsAndStartsListeners() {
        this.exposed.withUserConfiguration(Listener.class).run((context) -> {
            MqttEndpoint endpoint = context.getBean(MqttEndpoint.class);
            @SuppressWarnings("unchecked")
            List<ListenerDescriptor> listeners = (List<ListenerDescriptor>) endpoint.section("listeners");
            assertThat(listeners).singleElement().satisfies((l) -> {
                assertThat(l.id()).isEqualTo("endpoint-listener");
                assertThat(l.topics()).containsExactly("endpoint/{device}/state");
                assertThat(l.running()).isTrue();
            });
            assertThat(endpoint.changeListener("listeners", "endpoint-listener", false).getBody())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.type(ListenerDescriptor.class))
                .extracting(ListenerDescriptor::running).isEqualTo(false);
            assertThat(endpoint.changeListener("listeners", "endpoint-listener", true).getBody())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.type(ListenerDescriptor.class))
                .extracting(ListenerDescriptor::running).isEqualTo(true);
            var unknown = endpoint.changeListener("listeners", "unknown", false);
            assertThat(unknown.getStatus()).isEqualTo(404);
            assertThat(unknown.getBody()).isEqualTo(java.util.Map.of("error", "No MQTT listener with id 'unknown'",
                    "listeners", List.of("endpoint-listener")));
            assertThatExceptionOfType(InvalidEndpointRequestException.class)
                .isThrownBy(() -> endpoint.changeListener("clients", "endpoint-listener", false));
        });
    }

    @Test
    void hasNoListenersSectionWithoutTheListenerRegistry() {
        new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(MqttBrokerAutoConfiguration.class, MqttEndpointAutoConfiguration.class))
            .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.io-threads=1",
                    "management.endpoints.web.exposure.include=mqtt")
            .run((context) -> {
                MqttEndpoint endpoint = context.getBean(MqttEndpoint.class);
                assertThat(endpoint.section("listeners")).isNull();
                assertThat(endpoint.section("clients")).asInstanceOf(
                        org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty();
            });
    }

    static class Listener {

        @MqttListener(id = "endpoint-listener", topics = "endpoint/{device}/state")
        void onState(String state) {
        }

    }

}
