package io.mqttspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.core.MqttTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners and the broker across the application context's lifecycle: graceful shutdown, stop and start.
 */
class MqttListenerLifecycleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(MqttBrokerAutoConfiguration.class, MqttMessagingAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s")
        .withUserConfiguration(LifecycleConfiguration.class);

    @Test
    void closingTheContextLetsListenersFinishWhileTheBrokerStillRuns() throws Exception {
        AtomicReference<Thread> closer = new AtomicReference<>();
        AtomicReference<SlowListener> listener = new AtomicReference<>();
        this.runner.run((context) -> {
            SlowListener slow = context.getBean(SlowListener.class);
            listener.set(slow);
            MqttListenerEndpointRegistry registry = context.getBean(MqttListenerEndpointRegistry.class);
            context.getBean(MqttTemplate.class).publish("slow/work", "job").join();
            assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread thread = new Thread(() -> context.getSourceApplicationContext().close(), "context-closer");
            closer.set(thread);
            thread.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> !registry.isRunning());
            slow.release.countDown();
            thread.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(thread.isAlive()).isFalse();
        });
        assertThat(listener.get().events).containsExactly("finished job; broker running: true; reply sent: true");
    }

    @Test
    void listenersReceiveAgainAfterTheContextIsStoppedAndStarted() {
        this.runner.run((context) -> {
            ConfigurableApplicationContext source = context.getSourceApplicationContext();
            source.stop();
            assertThat(context.getBean(MqttBroker.class).isRunning()).isFalse();
            source.start();
            assertThat(context.getBean(MqttBroker.class).isRunning()).isTrue();
            context.getBean(MqttTemplate.class).publish("restart/echo", "after restart").join();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(context.getBean(EchoListener.class).received).containsExactly("after restart"));
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class LifecycleConfiguration {

        @Bean
        SlowListener slowListener(MqttBroker broker, MqttTemplate template) {
            return new SlowListener(broker, template);
        }

        @Bean
        EchoListener echoListener() {
            return new EchoListener();
        }

    }

    static class SlowListener {

        final CountDownLatch entered = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);

        final List<String> events = new CopyOnWriteArrayList<>();

        private final MqttBroker broker;

        private final MqttTemplate template;

        SlowListener(MqttBroker broker, MqttTemplate template) {
            this.broker = broker;
            this.template = template;
        }

        @MqttListener(id = "slow", topics = "slow/work")
        void work(String job) throws InterruptedException {
            this.entered.countDown();
            this.release.await(15, TimeUnit.SECONDS);
            boolean sent = this.template.publish("slow/done", job).handle((result, failure) -> failure == null).join();
            this.events.add("finished " + job + "; broker running: " + this.broker.isRunning() + "; reply sent: " + sent);
        }

    }

    static class EchoListener {

        final List<String> received = new CopyOnWriteArrayList<>();

        @MqttListener(id = "echo", topics = "restart/echo")
        String echo(String payload) {
            this.received.add(payload);
            return "echo: " + payload;
        }

    }

}
