package io.mqttspring.autoconfigure.integration;

import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.core.MqttMessageConverter;
import io.mqttspring.core.MqttOperations;
import io.mqttspring.integration.MqttInboundChannelAdapter;
import io.mqttspring.integration.MqttIntegration;
import io.mqttspring.integration.MqttOutboundMessageHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.dsl.IntegrationFlow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link MqttIntegrationAutoConfiguration}.
 */
class MqttIntegrationAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                MqttMessagingAutoConfiguration.class, MqttIntegrationAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s");

    @Test
    void integrationEntryPointIsAutoConfigured() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(MqttIntegration.class);
            MqttIntegration mqtt = context.getBean(MqttIntegration.class);
            MqttInboundChannelAdapter inbound = mqtt.inbound("a/+").getObject();
            assertThat(inbound.getComponentType()).isEqualTo("mqtt:inbound-channel-adapter");
            MqttOutboundMessageHandler outbound = mqtt.outbound().defaultTopic("b").getObject();
            assertThat(outbound.getComponentType()).isEqualTo("mqtt:outbound-channel-adapter");
        });
    }

    @Test
    void backsOffWithoutSpringIntegration() {
        this.runner.withClassLoader(new FilteredClassLoader(IntegrationFlow.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(MqttOperations.class)
                .doesNotHaveBean(MqttIntegration.class));
    }

    @Test
    void backsOffWithoutABroker() {
        this.runner.withPropertyValues("mqtt.broker.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MqttIntegration.class));
    }

    @Test
    void backsOffWithoutMessaging() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                    MqttIntegrationAutoConfiguration.class))
            .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.io-threads=1")
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(MqttBroker.class)
                .doesNotHaveBean(MqttIntegration.class));
    }

    @Test
    void userDefinedEntryPointBacksOff() {
        MqttIntegration own = new MqttIntegration(mock(MqttBroker.class), mock(MqttMessageConverter.class),
                mock(MqttOperations.class));
        this.runner.withBean("ownIntegration", MqttIntegration.class, () -> own)
            .run((context) -> assertThat(context.getBean(MqttIntegration.class)).isSameAs(own));
    }

}
