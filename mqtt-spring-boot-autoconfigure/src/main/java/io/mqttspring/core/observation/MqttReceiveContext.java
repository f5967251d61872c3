package io.mqttspring.core.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.broker.message.UserProperty;

/**
 * The observation context of a listener invocation: a tracing handler reads the trace context ({@code traceparent})
 * from the message's user properties and continues the publisher's trace.
 */
public final class MqttReceiveContext extends ReceiverContext<ReceivedMessage> {

    private final String listenerId;

    private final String topicFilters;

    public MqttReceiveContext(ReceivedMessage message, String listenerId, String topicFilters) {
        super((carrier, key) -> {
            for (UserProperty property : carrier.message().properties().userProperties()) {
                if (property.name().equals(key)) {
                    return property.value();
                }
            }
            return null;
        }, Kind.CONSUMER);
        setCarrier(message);
        this.listenerId = listenerId;
        this.topicFilters = topicFilters;
        setRemoteServiceName("mqtt");
    }

    public String getListenerId() {
        return this.listenerId;
    }

    public String getTopicFilters() {
        return this.topicFilters;
    }

    public String getTopic() {
        ReceivedMessage carrier = getCarrier();
        return (carrier != null) ? carrier.topic() : "";
    }

}
