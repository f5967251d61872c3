package io.mqttspring.broker.v311;

import java.time.Duration;

import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 keep-alive (section 3.1.2.10) and PINGREQ/PINGRESP (sections 3.12, 3.13), with a 1 second keep-alive.
 */
class Mqtt311KeepAliveTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @Test
    @DisplayName("[MQTT-3.1.2-24] a client silent for one and a half keep-alive periods is disconnected, not before one period")
    void silentClientIsDisconnected() {
        try (RawClient client = Raw.connected(this.broker.port(), ClientIds.unique("silent"), true, 1)) {
            assertThat(client.staysSilent(Duration.ofMillis(1000))).as("still open within the keep-alive").isTrue();
            assertThat(client.awaitClose()).isEmpty();
        }
    }

    @Test
    @DisplayName("[MQTT-3.12.4-1] [MQTT-3.1.2-24] every PINGREQ is answered with PINGRESP and keeps the connection alive")
    void pingreqKeepsConnectionAlive() {
        try (RawClient client = Raw.connected(this.broker.port(), ClientIds.unique("pinger"), true, 1)) {
            // three rounds of 600 ms: past 1.5 s in total, never 1.5 s of silence
            for (int round = 0; round < 3; round++) {
                client.send(MqttBytes.pingreq());
                Packet pingresp = client.read();
                assertThat(pingresp.type()).isEqualTo(Packet.PINGRESP);
                assertThat(pingresp.flags()).isZero();
                assertThat(pingresp.body()).isEmpty();
                assertThat(client.staysSilent(Duration.ofMillis(600))).as("open after round " + round).isTrue();
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] any control packet, not only PINGREQ, resets the keep-alive timer")
    void anyPacketKeepsConnectionAlive() {
        try (RawClient client = Raw.connected(this.broker.port(), ClientIds.unique("talker"), true, 1)) {
            for (int round = 0; round < 3; round++) {
                client.send(Raw.publish("keepalive/traffic", 0, 0, "round " + round));
                assertThat(client.staysSilent(Duration.ofMillis(600))).as("open after round " + round).isTrue();
            }
            client.send(MqttBytes.pingreq());
            assertThat(client.read().type()).isEqualTo(Packet.PINGRESP);
        }
    }

    @Test
    @DisplayName("[section 3.1.2.10] keep-alive 0 turns the mechanism off: a silent client stays connected")
    void keepAliveZeroMeansNoTimeout() {
        try (RawClient forever = Raw.connected(this.broker.port(), ClientIds.unique("forever"), true, 0);
                RawClient timed = Raw.connected(this.broker.port(), ClientIds.unique("timed"), true, 1)) {
            // the keep-alive 1 client, connected at the same time, shows that its timeout has passed
            assertThat(timed.awaitClose()).isEmpty();
            assertThat(forever.staysSilent(Duration.ofMillis(500))).isTrue();
            forever.send(MqttBytes.pingreq());
            assertThat(forever.read().type()).isEqualTo(Packet.PINGRESP);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] [MQTT-3.12.4-1] a Paho client with a 1 s keep-alive stays connected through its own PINGREQs")
    void pahoClientStaysConnectedWithShortKeepAlive() {
        try (PahoClient client = PahoClient.create(this.broker.uri(), ClientIds.unique("paho"))) {
            client.connect(true, (options) -> options.setKeepAliveInterval(1));
            client.subscribe("keepalive/paho", 1);
            client.receivesNothingFor(Duration.ofMillis(1800));
            assertThat(client.isConnected()).isTrue();
            client.publish("keepalive/paho", "alive", 1);
            assertThat(client.next().payload()).isEqualTo("alive");
        }
    }

}
