package io.mqttspring.core.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.broker.message.UserProperty;
import io.mqttspring.core.MqttHeaders;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Observations of template publications and listener invocations, with the trace context carried from one to the
 * other in the {@code traceparent} user property, as a tracing bridge's propagating handlers would carry it.
 */
class MqttObservationTests {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MqttBrokerAutoConfiguration.class,
                MqttMessagingAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0")
        .withBean(Recorder.class)
        .withBean(ObservationRegistry.class, () -> {
            ObservationRegistry registry = ObservationRegistry.create();
            return registry;
        })
        .withBean(TracedListener.class);

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.2-17] [MQTT-3.3.2-18]: a template publication is observed as mqtt.publish, its "
            + "trace context travels in the traceparent user property, and the listener's mqtt.listener observation "
            + "reads it, tagged with the listener id and filter, the topic only as a high-cardinality value")
    void traceContextTravelsFromTemplateToListener() {
        this.runner.run((context) -> {
            Recorder recorder = context.getBean(Recorder.class);
            context.getBean(ObservationRegistry.class).observationConfig().observationHandler(recorder);
            context.getBean(MqttTemplate.class).publish("traced/kitchen", "21.5").get(10, TimeUnit.SECONDS);
            List<UserProperty> received = context.getBean(TracedListener.class).userProperties.poll(10,
                    TimeUnit.SECONDS);
            assertThat(received).contains(new UserProperty("traceparent", TRACEPARENT));
            await().atMost(Duration.ofSeconds(10)).until(() -> recorder.names().contains(MqttObservations.LISTENER));
            assertThat(recorder.extracted).containsExactly(TRACEPARENT);
            Observation.Context publish = recorder.context(MqttObservations.PUBLISH);
            assertThat(publish.getLowCardinalityKeyValues()).contains(KeyValue.of("mqtt.qos", "1"));
            assertThat(publish.getHighCardinalityKeyValues()).contains(KeyValue.of("mqtt.topic", "traced/kitchen"));
            Observation.Context listener = recorder.context(MqttObservations.LISTENER);
            assertThat(listener.getLowCardinalityKeyValues()).contains(KeyValue.of("mqtt.listener.id", "traced"),
                    KeyValue.of("mqtt.topic.filter", "traced/#"));
            assertThat(listener.getLowCardinalityKeyValues()).noneMatch((value) -> value.getKey().equals("mqtt.topic"));
        });
    }

    @Test
    @DisplayName("mqtt.template.observation-enabled=false and mqtt.listener.observation-enabled=false observe nothing")
    void observationsCanBeTurnedOff() {
        this.runner.withPropertyValues("mqtt.template.observation-enabled=false",
                "mqtt.listener.observation-enabled=false").run((context) -> {
                    Recorder recorder = context.getBean(Recorder.class);
                    context.getBean(ObservationRegistry.class).observationConfig().observationHandler(recorder);
                    context.getBean(MqttTemplate.class).publish("traced/hall", "19").get(10, TimeUnit.SECONDS);
                    List<UserProperty> received = context.getBean(TracedListener.class).userProperties.poll(10,
                            TimeUnit.SECONDS);
                    assertThat(received).noneMatch((property) -> property.name().equals("traceparent"));
                    assertThat(recorder.names()).isEmpty();
                });
    }

    /**
     * Records observations, and propagates a fixed trace context as a tracing bridge would.
     */
    static class Recorder implements ObservationHandler<Observation.Context> {

        final List<Observation.Context> started = new CopyOnWriteArrayList<>();

        final List<String> extracted = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Observation.Context context) {
            this.started.add(context);
            if (context instanceof MqttPublishContext publish) {
                publish.getSetter().set(publish.getCarrier(), "traceparent", TRACEPARENT);
            }
            if (context instanceof MqttReceiveContext receive) {
                String traceparent = receive.getGetter().get(receive.getCarrier(), "traceparent");
                if (traceparent != null) {
                    this.extracted.add(traceparent);
                }
            }
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }

        List<String> names() {
            return this.started.stream().map(Observation.Context::getName).toList();
        }

        Observation.Context context(String name) {
            return this.started.stream().filter((context) -> name.equals(context.getName())).findFirst()
                .orElseThrow();
        }

    }

    static class TracedListener {

        final BlockingQueue<List<UserProperty>> userProperties = new LinkedBlockingQueue<>();

        @MqttListener(id = "traced", topics = "traced/#")
        void onMessage(String payload, @Header(name = MqttHeaders.USER_PROPERTIES, required = false)
                List<UserProperty> properties) {
            this.userProperties.add((properties != null) ? properties : List.of());
        }

    }

}
