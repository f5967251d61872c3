package io.mqttspring.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mqttspring.actuate.MqttBrokerMetrics;
import io.mqttspring.actuate.MqttListenerMetrics;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.metrics.DropReason;
import io.mqttspring.broker.metrics.LimitReason;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MqttMetricsAutoConfiguration}, {@link MqttBrokerMetrics} and {@link MqttListenerMetrics}.
 */
class MqttMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                MqttMessagingAutoConfiguration.class, MqttMetricsAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s");

    @Test
    void brokerAndListenerMetricsAreAutoConfigured() {
        this.runner.run((context) -> assertThat(context).hasSingleBean(MqttBrokerMetrics.class)
            .hasSingleBean(MqttListenerMetrics.class));
    }

    @Test
    void brokerMetersReadTheBrokerStatistics() {
        this.runner.run((context) -> {
            MeterRegistry meters = new SimpleMeterRegistry();
            context.getBean(MqttBrokerMetrics.class).bindTo(meters);
            MqttBroker broker = context.getBean(MqttBroker.class);
            assertThat(meters.get("mqtt.connections").gauge().value()).isZero();
            try (Paho3Client client = Paho3Client.connected(broker.port(), ClientIds.unique("metrics-client"))) {
                client.subscribe("metrics/#", 1);
                client.publish("metrics/one", "1", 1);
                await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(meters.get("mqtt.messages.sent").tag("qos", "1")
                        .functionCounter()
                        .count()).isEqualTo(1.0));
                assertThat(meters.get("mqtt.connections").gauge().value()).isEqualTo(1.0);
                assertThat(meters.get("mqtt.sessions").gauge().value()).isEqualTo(1.0);
                assertThat(meters.get("mqtt.subscriptions").gauge().value()).isEqualTo(1.0);
                assertThat(meters.get("mqtt.connections.accepted").functionCounter().count()).isEqualTo(1.0);
                assertThat(meters.get("mqtt.messages.received").tag("qos", "1").functionCounter().count())
                    .isEqualTo(1.0);
                assertThat(meters.get("mqtt.messages.received").tag("qos", "0").functionCounter().count())
                    .isZero();
                assertThat(meters.get("mqtt.bytes.received").functionCounter().count()).isPositive();
                assertThat(meters.get("mqtt.bytes.sent").functionCounter().getId().getBaseUnit())
                    .isEqualTo("bytes");
            }
            context.getBean(MqttTemplate.class)
                .publish("metrics/retained", "r", QoS.AT_LEAST_ONCE, true)
                .join();
            assertThat(meters.get("mqtt.retained.messages").gauge().value()).isEqualTo(1.0);
            assertThat(meters.find("mqtt.messages.inflight").gauge()).isNotNull();
            assertThat(meters.find("mqtt.messages.queued").gauge()).isNotNull();
            for (DropReason reason : DropReason.values()) {
                assertThat(meters.find("mqtt.messages.dropped").tag("reason", reason.name().toLowerCase())
                    .functionCounter()).as(reason.name()).isNotNull();
            }
            assertThat(meters.get("mqtt.connections.throttled").gauge().value()).isZero();
            assertThat(meters.get("mqtt.authentication.failures").functionCounter().count()).isZero();
            for (LimitReason limit : LimitReason.values()) {
                assertThat(meters.get("mqtt.limits.hit").tag("limit", limit.name().toLowerCase().replace('_', '-'))
                    .functionCounter().count()).as(limit.name()).isZero();
            }
            assertThat(meters.get("mqtt.connections.throttled.time").functionCounter().getId().getBaseUnit())
                .isEqualTo("seconds");
            for (String outcome : new String[] { "overflow", "disconnect" }) {
                assertThat(meters.get("mqtt.subscribers.stalled").tag("outcome", outcome).functionCounter().count())
                    .isZero();
            }
            // a delivery's bytes are refunded when its PUBACK arrives, a moment after it counts as sent
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(meters.get("mqtt.messages.queued.bytes").gauge().value()).isZero());
            assertThat(meters.get("mqtt.messages.queued.budget").gauge().value())
                .isEqualTo((double) broker.config().flowControl().memoryBudget());
        });
    }

    @Test
    void listenerMetersAreTaggedWithTheListenerId() {
        this.runner.withUserConfiguration(MeteredListener.class).run((context) -> {
            MeterRegistry meters = new SimpleMeterRegistry();
            context.getBean(MqttListenerMetrics.class).bindTo(meters);
            MqttTemplate template = context.getBean(MqttTemplate.class);
            template.publish("metered/ok", "fine").join();
            template.publish("metered/fail", "boom").join();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                FunctionTimer invocations = meters.get("mqtt.listener.invocations")
                    .tag("listener", "metered")
                    .functionTimer();
                assertThat(invocations.count()).isEqualTo(2.0);
                assertThat(invocations.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            });
            assertThat(meters.get("mqtt.listener.failures").tag("listener", "metered").functionCounter().count())
                .isEqualTo(1.0);
            assertThat(meters.get("mqtt.listener.pending").tag("listener", "metered").gauge().value()).isZero();
            assertThat(context.getBean(MeteredListener.class).received).containsExactly("fine", "boom");
        });
    }

    @Test
    void metersAreBoundToTheApplicationMeterRegistry() {
        this.runner
            .withConfiguration(
                    AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
            .withUserConfiguration(MeteredListener.class)
            .run((context) -> {
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                assertThat(meters.find("mqtt.connections").gauge()).isNotNull();
                assertThat(meters.find("mqtt.listener.invocations").tag("listener", "metered").functionTimer())
                    .isNotNull();
            });
    }

    @Test
    void listenerMetricsNeedTheListenerRegistry() {
        new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(MqttBrokerAutoConfiguration.class, MqttMetricsAutoConfiguration.class))
            .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.io-threads=1")
            .run((context) -> assertThat(context).hasSingleBean(MqttBrokerMetrics.class)
                .doesNotHaveBean(MqttListenerMetrics.class));
    }

    @Test
    void backsOffWithoutMicrometer() {
        this.runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(MqttBrokerMetrics.class)
                .doesNotHaveBean(MqttListenerMetrics.class));
    }

    @Test
    void backsOffWithoutABroker() {
        this.runner.withPropertyValues("mqtt.broker.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(MqttBrokerMetrics.class)
                .doesNotHaveBean(MqttListenerMetrics.class));
    }

    @Test
    void userDefinedBindersBackOff() {
        this.runner.withUserConfiguration(OwnMetricsConfiguration.class)
            .run((context) -> assertThat(context).hasSingleBean(MqttBrokerMetrics.class)
                .hasBean("ownBrokerMetrics"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMetricsConfiguration {

        @Bean
        MqttBrokerMetrics ownBrokerMetrics(MqttBroker broker) {
            return new MqttBrokerMetrics(broker, Tags.of("own", "true"));
        }

    }

    static class MeteredListener {

        final List<String> received = new CopyOnWriteArrayList<>();

        @MqttListener(id = "metered", topics = "metered/+")
        void onMessage(String payload) {
            this.received.add(payload);
            if (payload.equals("boom")) {
                throw new IllegalStateException("boom");
            }
        }

    }

}
