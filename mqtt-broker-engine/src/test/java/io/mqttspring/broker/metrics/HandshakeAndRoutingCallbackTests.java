package io.mqttspring.broker.metrics;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.RawClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The callbacks a {@link BrokerListener} may ask for, which tracing uses to time a handshake and a publication's
 * routing: each told once, with how it ended.
 */
class HandshakeAndRoutingCallbackTests {

    private final List<String> events = new CopyOnWriteArrayList<>();

    private final BrokerListener observing = new BrokerListener() {

        @Override
        public @Nullable HandshakeEnd connectionOpened(@Nullable SocketAddress remoteAddress) {
            String from = (remoteAddress != null) ? "address" : "none";
            return (client, refusal) -> HandshakeAndRoutingCallbackTests.this.events
                .add("handshake:" + from + ":" + ((client != null) ? client.clientId() : null) + ":" + refusal);
        }

        @Override
        public @Nullable RoutingEnd routingStarted(@Nullable ClientInfo publisher, ApplicationMessage message) {
            String by = (publisher != null) ? publisher.clientId() : "application";
            return (subscribers) -> HandshakeAndRoutingCallbackTests.this.events
                .add("routed:" + by + ":" + message.topic() + ":" + subscribers);
        }

    };

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> {
    }, (builder) -> builder.listener(new BrokerListener() {
    }).listener(this.observing));

    @Test
    @DisplayName("an accepted handshake ends once without refusal; routing ends once with the subscriber count")
    void acceptedHandshakeAndRouting() {
        String subscriberId = ClientIds.unique("observed-sub");
        String publisherId = ClientIds.unique("observed-pub");
        try (Paho3Client subscriber = Paho3Client.connected(this.broker.port(), subscriberId);
                Paho3Client publisher = Paho3Client.connected(this.broker.port(), publisherId)) {
            subscriber.subscribe("observed/#", 1);
            publisher.publish("observed/a", "x", 1);
            subscriber.next();
            publisher.publish("unobserved/b", "y", 1);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.events).contains(
                "handshake:address:" + subscriberId + ":null", "handshake:address:" + publisherId + ":null",
                "routed:" + publisherId + ":observed/a:1", "routed:" + publisherId + ":unobserved/b:0"));
        assertThat(this.events).filteredOn((event) -> event.startsWith("handshake:address:" + subscriberId))
            .hasSize(1);
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.2.2-5]: a refused handshake ends with its reason; one closed before CONNECT ends "
            + "as an unspecified error")
    void refusedAndAbandonedHandshakes() {
        try (RawClient raw = RawClient.connect(this.broker.port())) {
            raw.send(MqttBytes.connect(4, "$inproc/refused", true, 60));
            assertThat(raw.read().connackCode()).isEqualTo(0x02);
            raw.awaitClose();
        }
        try (RawClient raw = RawClient.connect(this.broker.port())) {
            // closed without a CONNECT
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.events)
            .filteredOn((event) -> event.startsWith("handshake:")).hasSize(2)
            .anyMatch((event) -> event.contains(":CLIENT_IDENTIFIER_NOT_VALID"))
            .anyMatch((event) -> event.contains(":UNSPECIFIED_ERROR")));
    }

}
