package io.mqttspring.core.observation;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;

/**
 * The observations the starter makes: {@code mqtt.publish} around a template publication and {@code mqtt.listener}
 * around a listener invocation. Low-cardinality tags name the QoS, the listener and its topic filters; the topic
 * itself, unbounded, is a high-cardinality tag only (in spans, never in metrics).
 */
public final class MqttObservations {

    /** Name of the publication observation. */
    public static final String PUBLISH = "mqtt.publish";

    /** Name of the listener observation. */
    public static final String LISTENER = "mqtt.listener";

    private static final ObservationConvention<MqttPublishContext> PUBLISH_CONVENTION = new ObservationConvention<>() {

        @Override
        public KeyValues getLowCardinalityKeyValues(MqttPublishContext context) {
            return KeyValues.of("mqtt.qos", String.valueOf(context.getQos().value()));
        }

        @Override
        public KeyValues getHighCardinalityKeyValues(MqttPublishContext context) {
            return KeyValues.of("mqtt.topic", context.getTopic());
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof MqttPublishContext;
        }

        @Override
        public String getName() {
            return PUBLISH;
        }

        @Override
        public String getContextualName(MqttPublishContext context) {
            return "mqtt publish";
        }

    };

    private static final ObservationConvention<MqttReceiveContext> LISTENER_CONVENTION = new ObservationConvention<>() {

        @Override
        public KeyValues getLowCardinalityKeyValues(MqttReceiveContext context) {
            return KeyValues.of("mqtt.listener.id", context.getListenerId(), "mqtt.topic.filter",
                    context.getTopicFilters());
        }

        @Override
        public KeyValues getHighCardinalityKeyValues(MqttReceiveContext context) {
            return KeyValues.of("mqtt.topic", context.getTopic());
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof MqttReceiveContext;
        }

        @Override
        public String getName() {
            return LISTENER;
        }

        @Override
        public String getContextualName(MqttReceiveContext context) {
            return context.getListenerId() + " receive";
        }

    };

    private MqttObservations() {
    }

    /**
     * Create, not start, the observation of a publication.
     * @param context its context
     * @param registry the registry
     * @return the observation
     */
    public static Observation publish(MqttPublishContext context, ObservationRegistry registry) {
        return Observation.createNotStarted(PUBLISH_CONVENTION, () -> context, registry);
    }

    /**
     * Create, not start, the observation of a listener invocation.
     * @param context its context
     * @param registry the registry
     * @return the observation
     */
    public static Observation listener(MqttReceiveContext context, ObservationRegistry registry) {
        return Observation.createNotStarted(LISTENER_CONVENTION, () -> context, registry);
    }

}
