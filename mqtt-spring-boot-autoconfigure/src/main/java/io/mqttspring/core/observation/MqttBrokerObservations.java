package io.mqttspring.core.observation;

import java.net.SocketAddress;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.UserProperty;
import io.mqttspring.broker.metrics.BrokerListener;
import org.jspecify.annotations.Nullable;

/**
 * The embedded broker's own observations, off by default for their cost ({@code mqtt.broker.observation-enabled}):
 * {@code mqtt.broker.connect} from a connection's opening to CONNACK, authentication included, tagged with the
 * outcome and the protocol version; and {@code mqtt.broker.route} around the routing of each publication, tagged with
 * its QoS and whether anyone subscribed, continuing the publisher's trace from its {@code traceparent} user property.
 * Runs on the broker's event loops; the observation handlers must not block.
 */
public final class MqttBrokerObservations implements BrokerListener {

    /** Name of the handshake observation. */
    public static final String CONNECT = "mqtt.broker.connect";

    /** Name of the routing observation. */
    public static final String ROUTE = "mqtt.broker.route";

    private final ObservationRegistry registry;

    public MqttBrokerObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public @Nullable HandshakeEnd connectionOpened(@Nullable SocketAddress remoteAddress) {
        Observation observation = Observation.createNotStarted(CONNECT, this.registry).contextualName("mqtt connect")
            .start();
        return (client, refusal) -> {
            observation.lowCardinalityKeyValue("mqtt.outcome", (refusal != null) ? refusal.name() : "ACCEPTED");
            observation.lowCardinalityKeyValue("mqtt.protocol.version",
                    (client != null) ? client.protocolVersion().name() : "none");
            if (client != null) {
                observation.highCardinalityKeyValue("mqtt.client.id", client.clientId());
            }
            observation.stop();
        };
    }

    @Override
    public @Nullable RoutingEnd routingStarted(@Nullable ClientInfo publisher, ApplicationMessage message) {
        RouteContext context = new RouteContext(message);
        Observation observation = Observation.createNotStarted(ROUTE, () -> context, this.registry)
            .contextualName("mqtt route")
            .lowCardinalityKeyValue("mqtt.qos", String.valueOf(message.qos().value()))
            .highCardinalityKeyValue("mqtt.topic", message.topic())
            .start();
        return (subscribers) -> {
            if (subscribers < 0) {
                observation.error(new IllegalStateException("routing of '" + message.topic() + "' failed"));
            }
            observation.lowCardinalityKeyValue(KeyValue.of("mqtt.matched", String.valueOf(subscribers > 0)));
            observation.highCardinalityKeyValue("mqtt.subscribers", String.valueOf(subscribers));
            observation.stop();
        };
    }

    /** Reads the trace context from the message's user properties, as a listener's observation does. */
    static final class RouteContext extends ReceiverContext<ApplicationMessage> {

        RouteContext(ApplicationMessage message) {
            super((carrier, key) -> {
                for (UserProperty property : carrier.properties().userProperties()) {
                    if (property.name().equals(key)) {
                        return property.value();
                    }
                }
                return null;
            }, Kind.CONSUMER);
            setCarrier(message);
            setRemoteServiceName("mqtt");
        }

    }

}
