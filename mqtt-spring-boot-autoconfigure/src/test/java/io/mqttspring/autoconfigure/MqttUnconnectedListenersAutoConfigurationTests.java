package io.mqttspring.autoconfigure;

import io.mqttspring.autoconfigure.client.MqttClientAutoConfiguration;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.UnconnectedListenerWarning;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MqttUnconnectedListenersAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class MqttUnconnectedListenersAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MqttClientAutoConfiguration.class, MqttBrokerAutoConfiguration.class,
                MqttMessagingAutoConfiguration.class, MqttUnconnectedListenersAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1")
        .withBean("thermostat", Thermostat.class);

    @Test
    @DisplayName("with the embedded broker off and no client mode, @MqttListener methods are reported once as "
            + "receiving nothing, naming the properties")
    void warnsOnceWithoutConnection(CapturedOutput output) {
        this.runner.withPropertyValues("mqtt.broker.enabled=false").withBean("second", Thermostat.class)
            .run((context) -> {
                assertThat(context).hasNotFailed().hasSingleBean(UnconnectedListenerWarning.class);
                assertThat(output).containsOnlyOnce("will receive nothing").contains("mqtt.broker.enabled=false")
                    .contains("mqtt.client.url");
            });
    }

    @Test
    @DisplayName("with the embedded broker there is nothing to warn about")
    void silentWithConnection() {
        this.runner.run((context) -> assertThat(context).doesNotHaveBean(UnconnectedListenerWarning.class));
    }

    static class Thermostat {

        @MqttListener("rooms/+/temperature")
        void onReading(String payload) {
        }

    }

}
