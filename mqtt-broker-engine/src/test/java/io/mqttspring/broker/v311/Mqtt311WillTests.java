package io.mqttspring.broker.v311;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Mqtt311Packets;
import io.mqttspring.broker.support.Mqtt311Packets.Publish;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT 3.1.1 Last Will and Testament (section 3.1.2.5): when it is published, when not, and with which QoS and
 * retain flag.
 */
class Mqtt311WillTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @Test
    @DisplayName("[MQTT-3.1.2-8] [MQTT-3.1.2-24] the will is published when the keep-alive expires")
    void willIsPublishedOnKeepAliveExpiry() {
        try (RawClient watcher = watcher("will/keepalive");
                RawClient client = RawClient.connect(this.broker.port())) {
            client.send(Mqtt311Packets.connectWithWill(ClientIds.unique("silent"), 1, "will/keepalive", "timed out", 1,
                    false));
            assertThat(client.read().connackCode()).isZero();
            assertThat(client.awaitClose()).isEmpty();
            Publish will = Mqtt311Packets.readPublish(watcher);
            assertThat(will.topic()).isEqualTo("will/keepalive");
            assertThat(will.payload()).isEqualTo("timed out");
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] [MQTT-3.1.2-10] the will is published once when the network connection is lost without DISCONNECT")
    void willIsPublishedOnNetworkError() {
        try (RawClient watcher = watcher("will/network")) {
            try (RawClient client = RawClient.connect(this.broker.port())) {
                client.send(Mqtt311Packets.connectWithWill(ClientIds.unique("lost"), 60, "will/network",
                        "connection lost", 0, false));
                assertThat(client.read().connackCode()).isZero();
            }
            assertThat(Mqtt311Packets.readPublish(watcher).payload()).isEqualTo("connection lost");
            assertThat(watcher.staysSilent(Duration.ofMillis(300))).as("published once").isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] [MQTT-4.8.0-1] the will is published when the broker closes the connection for a protocol error")
    void willIsPublishedOnProtocolError() {
        try (RawClient watcher = watcher("will/protocol");
                RawClient client = RawClient.connect(this.broker.port())) {
            client.send(Mqtt311Packets.connectWithWill(ClientIds.unique("faulty"), 60, "will/protocol",
                    "protocol error", 0, false));
            assertThat(client.read().connackCode()).isZero();
            client.send(Mqtt311Packets.publish("not/+/valid", 0, 0, "wildcard in a topic name"));
            Mqtt311Packets.assertClosedWithoutAnswer(client);
            assertThat(Mqtt311Packets.readPublish(watcher).payload()).isEqualTo("protocol error");
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] [MQTT-3.1.4-2] the will of a connection closed by a session takeover is published")
    void willIsPublishedOnTakeover() {
        String clientId = ClientIds.unique("taken");
        try (RawClient watcher = watcher("will/takeover");
                RawClient first = RawClient.connect(this.broker.port())) {
            first.send(Mqtt311Packets.connectWithWill(clientId, 60, "will/takeover", "taken over", 0, false));
            assertThat(first.read().connackCode()).isZero();
            try (RawClient second = Mqtt311Packets.connected(this.broker.port(), clientId, true, 60)) {
                assertThat(first.awaitClose()).isEmpty();
                assertThat(Mqtt311Packets.readPublish(watcher).payload()).isEqualTo("taken over");
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.14.4-3] [MQTT-3.1.2-10] after DISCONNECT the will is discarded, not published")
    void willIsNotPublishedAfterDisconnect() {
        try (RawClient watcher = watcher("will/disconnect")) {
            try (RawClient client = RawClient.connect(this.broker.port())) {
                client.send(Mqtt311Packets.connectWithWill(ClientIds.unique("polite"), 60, "will/disconnect",
                        "must not appear", 0, false));
                assertThat(client.read().connackCode()).isZero();
                client.send(MqttBytes.disconnect());
                Mqtt311Packets.assertClosedWithoutAnswer(client);
            }
            assertThat(watcher.staysSilent(Duration.ofMillis(500))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] [MQTT-3.14.4-3] a Paho client's will: published when its connection drops, not after its DISCONNECT")
    void pahoWillFollowsHowTheConnectionEnds() {
        try (Paho3Client watcher = Paho3Client.connected(this.broker.port(), ClientIds.unique("watcher"));
                Paho3Client dropping = Paho3Client.create(this.broker.port(), ClientIds.unique("dropping"));
                Paho3Client polite = Paho3Client.create(this.broker.port(), ClientIds.unique("polite"))) {
            watcher.subscribe("will/paho/+", 1);
            dropping.connect(true, (options) -> options.setWill("will/paho/dropping",
                    "dropped".getBytes(StandardCharsets.UTF_8), 1, false));
            polite.connect(true, (options) -> options.setWill("will/paho/polite",
                    "must not appear".getBytes(StandardCharsets.UTF_8), 1, false));

            polite.disconnect();
            dropping.dropConnection();
            Paho3Client.Received will = watcher.next();
            assertThat(will.topic()).isEqualTo("will/paho/dropping");
            assertThat(will.payload()).isEqualTo("dropped");
            assertThat(will.qos()).isEqualTo(1);
            watcher.receivesNothingFor(Duration.ofMillis(500));
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-12] a connection without will flag publishes nothing when it ends")
    void noWillWithoutWillFlag() {
        try (RawClient watcher = watcher("#")) {
            try (RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("nowill"),
                    true, 60)) {
                client.send(MqttBytes.pingreq());
                assertThat(client.read().type()).isEqualTo(RawClient.Packet.PINGRESP);
            }
            assertThat(watcher.staysSilent(Duration.ofMillis(500))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-17] a will with Will Retain 1 is published as a retained message")
    void willRetainIsHonoured() {
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(Mqtt311Packets.connectWithWill(ClientIds.unique("retainer"), 60, "will/retained",
                    "retained will", 1, true));
            assertThat(client.read().connackCode()).isZero();
        }
        // subscribe only once the will is stored, so that it arrives as a retained message, not a live one
        await().atMost(Duration.ofSeconds(5))
                .until(() -> this.broker.broker().statistics().retainedMessages() == 1);
        try (RawClient late = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("late"))) {
            Mqtt311Packets.subscribe(late, 1, "will/retained", 1);
            Publish will = Mqtt311Packets.readPublish(late);
            assertThat(will.payload()).isEqualTo("retained will");
            assertThat(will.retain()).isTrue();
            assertThat(will.qos()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-16] [MQTT-3.1.2-9] a will with Will Retain 0 is published non-retained, at its Will QoS")
    void willWithoutRetainIsNotRetained() {
        try (RawClient watcher = watcher("will/plain")) {
            try (RawClient client = RawClient.connect(this.broker.port())) {
                client.send(Mqtt311Packets.connectWithWill(ClientIds.unique("plain"), 60, "will/plain", "plain will", 2,
                        false));
                assertThat(client.read().connackCode()).isZero();
            }
            Publish will = Mqtt311Packets.readPublish(watcher);
            assertThat(will.payload()).isEqualTo("plain will");
            assertThat(will.retain()).isFalse();
            assertThat(will.qos()).isEqualTo(2);
        }
        assertThat(this.broker.broker().statistics().retainedMessages()).isZero();
        try (RawClient late = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("late"))) {
            Mqtt311Packets.subscribe(late, 1, "will/plain", 2);
            assertThat(late.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    /**
     * Connect a raw client subscribed at QoS 2 to a filter.
     */
    private RawClient watcher(String filter) {
        RawClient watcher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("watcher"), true, 0);
        Mqtt311Packets.subscribe(watcher, 1, filter, 2);
        return watcher;
    }

}
