package io.mqttspring.core.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.autoconfigure.client.MqttClientAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace from a template publication in one application, over the network through the broker of another, into
 * an {@code @MqttListener} method there: Micrometer Tracing's handlers with a test tracer and a W3C
 * {@code traceparent} propagator.
 */
class MqttTracingTests {

    private final SimpleTracer tracer = new SimpleTracer();

    private final ObservationRegistry registry = tracingRegistry(this.tracer);

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.2-17] [MQTT-3.3.2-18]: the publisher's span, the broker's routing span and the "
            + "listener's span share one trace id across a network hop; routing and listener are children of the "
            + "publication")
    void oneTraceAcrossANetworkHop() {
        ApplicationContextRunner brokerApp = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                    MqttMessagingAutoConfiguration.class))
            .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                    "mqtt.broker.sys-interval=0", "mqtt.broker.observation-enabled=true")
            .withBean(ObservationRegistry.class, () -> this.registry)
            .withBean(Listener.class);
        brokerApp.run((broker) -> {
            int port = broker.getBean(MqttBroker.class).port();
            ApplicationContextRunner publisherApp = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MqttClientAutoConfiguration.class,
                        MqttBrokerAutoConfiguration.class, MqttMessagingAutoConfiguration.class))
                .withPropertyValues("mqtt.client.url=tcp://127.0.0.1:" + port,
                        "mqtt.client.client-id=" + ClientIds.unique("traced-app"))
                .withBean(ObservationRegistry.class, () -> this.registry);
            publisherApp.run((publisher) -> publisher.getBean(MqttTemplate.class)
                .publish("traced/kitchen", "21.5").get(10, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(10)).until(() -> span("traced receive") != null);
        });
        SimpleSpan publish = span("mqtt publish");
        SimpleSpan route = span("mqtt route");
        SimpleSpan listener = span("traced receive");
        assertThat(publish).isNotNull();
        assertThat(route).isNotNull();
        assertThat(listener).isNotNull();
        assertThat(route.getTraceId()).isEqualTo(publish.getTraceId());
        assertThat(listener.getTraceId()).isEqualTo(publish.getTraceId());
        assertThat(route.getParentId()).isEqualTo(publish.getSpanId());
        assertThat(listener.getParentId()).isEqualTo(publish.getSpanId());
        assertThat(route.getTags()).containsEntry("mqtt.matched", "true").containsEntry("mqtt.qos", "1");
        assertThat(span("mqtt connect")).as("the publisher's handshake, observed by the broker").isNotNull();
    }

    private @Nullable SimpleSpan span(String name) {
        return this.tracer.getSpans().stream().filter((span) -> name.equals(span.getName())).findFirst()
            .orElse(null);
    }

    private static ObservationRegistry tracingRegistry(Tracer tracer) {
        Propagator propagator = new TraceparentPropagator(tracer);
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
        return registry;
    }

    static class Listener {

        @MqttListener(id = "traced", topics = "traced/#")
        void onMessage(String payload) {
        }

    }

    /** W3C trace context in its simplest form: {@code 00-traceId-spanId-01}. */
    record TraceparentPropagator(Tracer tracer) implements Propagator {

        @Override
        public List<String> fields() {
            return List.of("traceparent");
        }

        @Override
        public <C> void inject(TraceContext context, @Nullable C carrier, Setter<C> setter) {
            setter.set(carrier, "traceparent", "00-" + context.traceId() + "-" + context.spanId() + "-01");
        }

        @Override
        public <C> Span.Builder extract(C carrier, Getter<C> getter) {
            String traceparent = getter.get(carrier, "traceparent");
            if (traceparent == null) {
                return this.tracer.spanBuilder();
            }
            String[] parts = traceparent.split("-");
            TraceContext parent = this.tracer.traceContextBuilder().traceId(parts[1]).spanId(parts[2])
                .sampled(true).build();
            return this.tracer.spanBuilder().setParent(parent);
        }

    }

}
