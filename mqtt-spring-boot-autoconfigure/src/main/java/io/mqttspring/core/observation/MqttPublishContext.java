package io.mqttspring.core.observation;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.UserProperty;

/**
 * The observation context of a publication: a tracing handler adds the trace context ({@code traceparent}) to the
 * user properties the message is then published with.
 */
public final class MqttPublishContext extends SenderContext<List<UserProperty>> {

    private final String topic;

    private final QoS qos;

    public MqttPublishContext(String topic, QoS qos, List<UserProperty> userProperties) {
        super((carrier, key, value) -> {
            if (carrier != null) {
                carrier.removeIf((property) -> property.name().equals(key));
                carrier.add(new UserProperty(key, value));
            }
        }, Kind.PRODUCER);
        setCarrier(new ArrayList<>(userProperties));
        this.topic = topic;
        this.qos = qos;
        setRemoteServiceName("mqtt");
    }

    public String getTopic() {
        return this.topic;
    }

    public QoS getQos() {
        return this.qos;
    }

    /**
     * Return the user properties to publish with, the trace context included once a handler added it.
     * @return the properties
     */
    public List<UserProperty> getUserProperties() {
        List<UserProperty> carrier = getCarrier();
        return (carrier != null) ? List.copyOf(carrier) : List.of();
    }

}
