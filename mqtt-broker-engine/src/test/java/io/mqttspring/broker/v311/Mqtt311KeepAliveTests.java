package io.mqttspring.broker.v311;

import java.time.Duration;

import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Mqtt311Packets;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 keep-alive (section 3.1.2.10) and PINGREQ/PINGRESP (sections 3.12, 3.13), with a 1 second keep-alive,
 * on a broker clock the tests move; a real Paho client, whose pings follow the real clock, runs on the system clock.
 */
class Mqtt311KeepAliveTests {

    // one and a half keep-alive periods of 1 s: the most silence a client is allowed
    private static final Duration ALLOWED_SILENCE = Duration.ofMillis(1500);

    @RegisterExtension
    final BrokerExtension broker = BrokerExtension.onManualClock();

    private static void assertOpen(RawClient client, String description) {
        assertThat(client.staysSilent(Duration.ofMillis(150))).as(description).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] a client silent for one and a half keep-alive periods is disconnected, not before")
    void silentClientIsDisconnected() {
        try (RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("silent"), true, 1)) {
            this.broker.clock().advance(ALLOWED_SILENCE);
            assertOpen(client, "still open after exactly one and a half periods");
            // the next keep-alive sweep finds it silent for longer
            this.broker.clock().advance(Duration.ofMillis(250));
            assertThat(client.awaitClose()).isEmpty();
        }
    }

    @Test
    @DisplayName("[MQTT-3.12.4-1] [MQTT-3.1.2-24] every PINGREQ is answered with PINGRESP and keeps the connection alive")
    void pingreqKeepsConnectionAlive() {
        try (RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pinger"), true, 1)) {
            // three rounds of one second: three seconds in all, never more than one second of silence
            for (int round = 0; round < 3; round++) {
                client.send(MqttBytes.pingreq());
                Packet pingresp = client.read();
                assertThat(pingresp.type()).isEqualTo(Packet.PINGRESP);
                assertThat(pingresp.flags()).isZero();
                assertThat(pingresp.body()).isEmpty();
                this.broker.clock().advance(Duration.ofSeconds(1));
                assertOpen(client, "open after round " + round);
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] any control packet, not only PINGREQ, resets the keep-alive timer")
    void anyPacketKeepsConnectionAlive() {
        try (RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("talker"), true, 1)) {
            for (int round = 0; round < 3; round++) {
                // QoS 1, so that the PUBACK tells when the broker has read it
                client.send(Mqtt311Packets.publish("keepalive/traffic", 1, round + 1, "round " + round));
                assertThat(client.readType(Packet.PUBACK).u16(0)).isEqualTo(round + 1);
                this.broker.clock().advance(Duration.ofSeconds(1));
                assertOpen(client, "open after round " + round);
            }
            client.send(MqttBytes.pingreq());
            assertThat(client.read().type()).isEqualTo(Packet.PINGRESP);
        }
    }

    @Test
    @DisplayName("[section 3.1.2.10] keep-alive 0 turns the mechanism off: a silent client stays connected")
    void keepAliveZeroMeansNoTimeout() {
        try (RawClient forever = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("forever"), true, 0);
                RawClient timed = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("timed"), true, 1)) {
            this.broker.clock().advance(Duration.ofHours(1));
            // the keep-alive 1 client, connected at the same time, shows that the timeout has passed
            assertThat(timed.awaitClose()).isEmpty();
            assertOpen(forever, "keep-alive 0 stays open");
            forever.send(MqttBytes.pingreq());
            assertThat(forever.read().type()).isEqualTo(Packet.PINGRESP);
        }
    }

    @Nested
    class WithRealTime {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension();

        @Test
        @DisplayName("[MQTT-3.1.2-24] [MQTT-3.12.4-1] a Paho client with a 1 s keep-alive stays connected through its "
                + "own PINGREQs")
        void pahoClientStaysConnectedWithShortKeepAlive() {
            try (Paho3Client client = Paho3Client.create(this.broker.port(), ClientIds.unique("paho"))) {
                client.connect(true, (options) -> options.setKeepAliveInterval(1));
                client.subscribe("keepalive/paho", 1);
                client.receivesNothingFor(Duration.ofMillis(1800));
                assertThat(client.isConnected()).isTrue();
                client.publish("keepalive/paho", "alive", 1);
                assertThat(client.next().payload()).isEqualTo("alive");
            }
        }

    }

}
