package io.mqttspring.broker.v311;

import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Mqtt311Packets;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A well-behaved client connected next to a misbehaving one, to show that closing the misbehaving connection
 * leaves others working [MQTT-4.8.0-2].
 */
final class Bystander implements AutoCloseable {

    private final RawClient client;

    private final String topic;

    private int round;

    Bystander(int port) {
        String clientId = ClientIds.unique("bystander");
        this.client = Mqtt311Packets.connected(port, clientId, true, 0);
        this.topic = "bystander/" + clientId;
        Mqtt311Packets.subscribe(this.client, 1, this.topic, 1);
    }

    /**
     * Publish to itself and check the message comes back, and that PINGREQ is answered.
     */
    void assertUnaffected() {
        String payload = "still working " + (++this.round);
        this.client.send(Mqtt311Packets.publish(this.topic, 0, 0, payload));
        assertThat(Mqtt311Packets.readPublish(this.client).payload()).isEqualTo(payload);
        this.client.send(MqttBytes.pingreq());
        assertThat(this.client.read().type()).isEqualTo(RawClient.Packet.PINGRESP);
    }

    @Override
    public void close() {
        this.client.close();
    }

}
