package io.mqttspring.broker.security;

import java.time.Duration;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ManualClock;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials that expire, as a bearer token does: the connection ends when they do.
 */
class CredentialExpiryTests {

    private final ManualClock clock = new ManualClock();

    private final MqttBroker broker = MqttBroker.builder()
        .config(BrokerExtension.testConfig((config) -> {
        }))
        .clock(this.clock)
        .authenticator((request) -> AuthenticationResult.successUntil(this.clock.instant().plusSeconds(60)))
        .build();

    @AfterEach
    void stop() {
        this.broker.stop();
    }

    @Test
    @DisplayName("An MQTT 5 client whose credentials expire gets DISCONNECT 0x87 then, not before [MQTT-3.14.2-1]")
    void expiredCredentialsEndTheConnection() {
        this.broker.start();
        try (RawClient client = RawClient.connect(this.broker.port())) {
            client.send(Mqtt5Packets.connect("token-holder"));
            assertThat(client.read().connackCode()).isZero();
            this.clock.advance(Duration.ofSeconds(59));
            assertThat(this.broker.statistics().connections()).isEqualTo(1);
            this.clock.advance(Duration.ofSeconds(1));
            RawClient.Packet disconnect = client.read();
            assertThat(disconnect.type()).isEqualTo(RawClient.Packet.DISCONNECT);
            assertThat(disconnect.disconnectReason()).isEqualTo(ReasonCode.NOT_AUTHORIZED.value());
        }
    }

}
