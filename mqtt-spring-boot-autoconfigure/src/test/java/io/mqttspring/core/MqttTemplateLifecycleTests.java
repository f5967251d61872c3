package io.mqttspring.core;

import java.time.Duration;

import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.listener.MqttListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link MqttTemplate} across a stop and start of the application context, which stops and starts the broker.
 */
class MqttTemplateLifecycleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(MqttBrokerAutoConfiguration.class, MqttMessagingAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s")
        .withBean(Echo.class, Echo::new);

    @Test
    void publishWorksAfterTheContextIsStoppedAndStarted() {
        this.runner.run((context) -> {
            ConfigurableApplicationContext source = context.getSourceApplicationContext();
            source.stop();
            source.start();
            assertThat(context.getBean(MqttBroker.class).isRunning()).isTrue();
            assertThat(context.getBean(MqttTemplate.class).publish("restart/echo", "x"))
                .succeedsWithin(Duration.ofSeconds(5))
                .satisfies((result) -> assertThat(result.matchedSubscribers()).isEqualTo(1));
        });
    }

    @Test
    void requestsWorkAfterTheContextIsStoppedAndStarted() {
        this.runner.run((context) -> {
            MqttTemplate template = context.getBean(MqttTemplate.class);
            assertThat(template.request("restart/echo", "before", String.class, Duration.ofSeconds(5)))
                .succeedsWithin(Duration.ofSeconds(10))
                .isEqualTo("echo: before");
            ConfigurableApplicationContext source = context.getSourceApplicationContext();
            source.stop();
            source.start();
            assertThat(template.request("restart/echo", "after", String.class, Duration.ofSeconds(2)))
                .succeedsWithin(Duration.ofSeconds(10))
                .isEqualTo("echo: after");
        });
    }

    static class Echo {

        @MqttListener(id = "echo", topics = "restart/echo")
        String echo(String payload) {
            return "echo: " + payload;
        }

    }

}
