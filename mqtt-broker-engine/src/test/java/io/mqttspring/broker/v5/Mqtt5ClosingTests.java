package io.mqttspring.broker.v5;

import java.time.Duration;
import java.util.List;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.metrics.DropReason;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.TestClients;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the broker closes a connection: the client can read the last packet, whatever it still sends, and the close
 * happens even when the client stopped reading. The broker's clock is moved by hand.
 */
class Mqtt5ClosingTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final BrokerExtension broker = BrokerExtension.onManualClock((config) -> config.receiveMaximum(2)
            .writeBufferHighWaterMark(16 * 1024).writeBufferLowWaterMark(8 * 1024));

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private MqttBroker mqttBroker() {
        return this.broker.broker();
    }

    @Test
    @DisplayName("[MQTT-3.3.4-7] [MQTT-4.13.1-1] [MQTT-4.13.2-1] a client that sends past Receive Maximum, and "
            + "keeps sending, reads DISCONNECT 0x93 before the connection ends: the broker stops sending, reads on "
            + "and closes when the client does, never with a reset")
    void clientSendingPastReceiveMaximumReadsItsDisconnect() {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("eager")));
        byte[] burst = MqttBytes.concat(
                Mqtt5Packets.publish("eager/t", 2, false, 1, Mqtt5Properties.NONE, "one"),
                Mqtt5Packets.publish("eager/t", 2, false, 2, Mqtt5Properties.NONE, "two"),
                // the third unreleased QoS 2 message exceeds the broker's Receive Maximum of 2
                Mqtt5Packets.publish("eager/t", 2, false, 3, Mqtt5Properties.NONE, "three"));
        byte[] more = Mqtt5Packets.publish("eager/t", 0, false, 0, Mqtt5Properties.NONE, "x".repeat(1000));
        client.send(burst);
        // what the client sends after the violation reaches the broker's socket unread
        for (int i = 0; i < 200; i++) {
            client.send(more);
        }
        List<RawClient.Packet> packets = client.awaitClose(WAIT);
        assertThat(packets).extracting(RawClient.Packet::type).containsExactly(RawClient.Packet.PUBREC,
                RawClient.Packet.PUBREC, RawClient.Packet.DISCONNECT);
        assertThat(Mqtt5Packets.disconnect(packets.get(2)).reasonCode()).isEqualTo(0x93);
        client.close();
        await().atMost(WAIT).until(() -> mqttBroker().statistics().connections() == 0);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-22] [MQTT-4.13.2-1] a client that stopped reading is closed once its keep-alive "
            + "expires, although its DISCONNECT 0x8D cannot be written: its session ends at once, its socket after "
            + "the grace period")
    void clientThatStoppedReadingIsClosedAfterTheGracePeriod() {
        String clientId = ClientIds.unique("deaf");
        RawClient deaf = this.clients.raw(Mqtt5Packets.connect(clientId, true, 2, Mqtt5Properties.NONE));
        deaf.send(Mqtt5Packets.subscribe(1, "deaf/#", 0));
        deaf.readType(RawClient.Packet.SUBACK);
        // the client reads nothing more: messages fill the socket and the broker's buffer, then are dropped
        byte[] payload = new byte[64 * 1024];
        long dropsBefore = mqttBroker().statistics().messagesDropped(DropReason.SLOW_CONSUMER);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            mqttBroker().publish(ApplicationMessage.builder("deaf/t").payload(payload).qos(QoS.AT_MOST_ONCE)
                    .build());
            return mqttBroker().statistics().messagesDropped(DropReason.SLOW_CONSUMER) > dropsBefore;
        });
        assertThat(mqttBroker().statistics().connections()).isEqualTo(1);

        // one and a half keep-alive periods, then the next sweep
        this.broker.clock().advance(Duration.ofMillis(3250));
        await().atMost(WAIT).until(() -> mqttBroker().sessions().stream()
                .noneMatch((session) -> session.clientId().equals(clientId)));
        assertThat(mqttBroker().statistics().connections()).as("socket kept for the grace period").isEqualTo(1);

        this.broker.clock().advance(Duration.ofSeconds(2));
        await().atMost(WAIT).until(() -> mqttBroker().statistics().connections() == 0);
    }

}
