package io.mqttspring.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.autoconfigure.integration.MqttIntegrationAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.core.MqttTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@link MqttInboundChannelAdapter} as the application context closes.
 */
class MqttInboundChannelAdapterLifecycleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                MqttMessagingAutoConfiguration.class, MqttIntegrationAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s")
        .withUserConfiguration(SlowFlowConfiguration.class);

    @Test
    @DisplayName("closing the context lets the flow finish the messages the adapter received while the broker "
            + "still runs")
    void closingTheContextLetsTheFlowFinishWhileTheBrokerStillRuns() throws Exception {
        AtomicReference<SlowWork> work = new AtomicReference<>();
        this.runner.run((context) -> {
            SlowWork slow = context.getBean(SlowWork.class);
            work.set(slow);
            MqttInboundChannelAdapter adapter = context.getBean("slowInbound", MqttInboundChannelAdapter.class);
            context.getBean(MqttTemplate.class).publish("si/slow", "job").join();
            assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread closer = new Thread(() -> context.getSourceApplicationContext().close(), "context-closer");
            closer.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> !adapter.isRunning());
            slow.release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(closer.isAlive()).isFalse();
        });
        assertThat(work.get().events).containsExactly("finished job; broker running: true");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class SlowFlowConfiguration {

        @Bean
        SlowWork slowWork(MqttBroker broker) {
            return new SlowWork(broker);
        }

        @Bean
        IntegrationFlow slowFlow(MqttIntegration mqtt, SlowWork work) {
            return IntegrationFlow.from(mqtt.inbound("si/slow").payloadType(String.class).id("slowInbound"))
                .handle(String.class, (payload, headers) -> {
                    work.process(payload);
                    return null;
                })
                .get();
        }

    }

    static class SlowWork {

        final CountDownLatch entered = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        final List<String> events = new CopyOnWriteArrayList<>();

        private final MqttBroker broker;

        SlowWork(MqttBroker broker) {
            this.broker = broker;
        }

        void process(String job) {
            this.entered.countDown();
            try {
                assertThat(this.release.await(15, TimeUnit.SECONDS)).isTrue();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            this.events.add("finished " + job + "; broker running: " + this.broker.isRunning());
        }

    }

}
