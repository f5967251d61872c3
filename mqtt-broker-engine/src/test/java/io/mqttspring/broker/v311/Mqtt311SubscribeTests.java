package io.mqttspring.broker.v311;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Mqtt311Packets;
import io.mqttspring.broker.support.Mqtt311Packets.Publish;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 SUBSCRIBE/SUBACK (sections 3.8, 3.9) and UNSUBSCRIBE/UNSUBACK (sections 3.10, 3.11).
 */
class Mqtt311SubscribeTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> {
    }, (builder) -> builder.authorizer(new Authorizer() {

        @Override
        public boolean maySubscribe(ClientInfo client, String topicFilter, @Nullable String shareGroup, QoS qos) {
            return !topicFilter.startsWith("denied/");
        }

    }));

    // ---- SUBSCRIBE --------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-3.8.4-1] [MQTT-3.8.4-2] [MQTT-2.3.1-7] [MQTT-3.8.4-4] [MQTT-3.8.4-5] [MQTT-3.9.3-1] [MQTT-3.9.3-2] a multi-filter SUBSCRIBE gets one SUBACK with its packet id and one granted QoS per filter, in order")
    void subackAnswersEveryFilterInOrder() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            subscriber.send(MqttBytes.packet(0x82) // SUBSCRIBE
                    .u16(0xABCD) // packet identifier
                    .string("multi/two").u8(2) // filter, QoS 2
                    .string("multi/zero").u8(0) // filter, QoS 0
                    .string("multi/one").u8(1) // filter, QoS 1
                    .build());
            Packet suback = subscriber.read();
            assertThat(suback.type()).isEqualTo(Packet.SUBACK);
            assertThat(suback.flags()).isZero();
            assertThat(suback.u16(0)).isEqualTo(0xABCD);
            assertThat(suback.body()).hasSize(5);
            assertThat(List.of(suback.u8(2), suback.u8(3), suback.u8(4))).containsExactly(2, 0, 1);

            List<Publish> received = new ArrayList<>();
            for (String topic : List.of("multi/two", "multi/zero", "multi/one")) {
                Mqtt311Packets.publishAcked(publisher, topic, 2, 1, topic);
                Publish publish = Mqtt311Packets.readPublish(subscriber);
                received.add(publish);
                if (publish.qos() == 1) {
                    subscriber.send(MqttBytes.puback(publish.packetId()));
                }
                else if (publish.qos() == 2) {
                    subscriber.send(MqttBytes.pubrec(publish.packetId()));
                    assertThat(subscriber.read().type()).isEqualTo(Packet.PUBREL);
                    subscriber.send(MqttBytes.pubcomp(publish.packetId()));
                }
            }
            assertThat(received).extracting(Publish::qos).containsExactly(2, 0, 1);
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.4-3] a SUBSCRIBE with an existing filter replaces the subscription: one delivery at the new QoS")
    void identicalFilterReplacesSubscription() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "replace/topic", 2);
            Mqtt311Packets.subscribe(subscriber, 2, "replace/topic", 0);
            Mqtt311Packets.publishAcked(publisher, "replace/topic", 2, 1, "once at QoS 0");
            Publish received = Mqtt311Packets.readPublish(subscriber);
            assertThat(received.payload()).isEqualTo("once at QoS 0");
            assertThat(received.qos()).isZero();
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @ParameterizedTest(name = "requested QoS byte 0x{0}")
    @ValueSource(strings = { "03", "04", "08", "10", "20", "40", "80", "C1" })
    @DisplayName("[MQTT-3.8.3-4] a requested-QoS byte with reserved bits set, or QoS 3, closes the connection")
    void invalidRequestedQosByteCloses(String hex) {
        int options = Integer.parseInt(hex, 16);
        try (RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("qosbyte"));
                RawClient bystander = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("bystander"))) {
            client.send(MqttBytes.packet(0x82) // SUBSCRIBE
                    .u16(1) // packet identifier
                    .string("qosbyte/topic") // topic filter
                    .u8(options) // requested QoS byte under test
                    .build());
            Mqtt311Packets.assertClosedWithoutAnswer(client);
            bystander.send(MqttBytes.pingreq());
            assertThat(bystander.read().type()).isEqualTo(Packet.PINGRESP);
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.3-2] a broker configured without wildcard subscriptions refuses every filter with a wildcard (0x80)")
    void wildcardFiltersAreRefusedWhenNotSupported() {
        MqttBroker noWildcards = MqttBroker.builder()
                .config(BrokerExtension.testConfig((config) -> config.wildcardSubscriptionsAvailable(false))).build();
        noWildcards.start();
        try (noWildcards; RawClient client = Mqtt311Packets.connected(noWildcards.port(), ClientIds.unique("nowild"))) {
            client.send(MqttBytes.packet(0x82) // SUBSCRIBE
                    .u16(7) // packet identifier
                    .string("plain/topic").u8(1) // no wildcard, QoS 1
                    .string("plain/+").u8(1) // single-level wildcard
                    .string("plain/#").u8(1) // multi-level wildcard
                    .build());
            Packet suback = client.read();
            assertThat(suback.u16(0)).isEqualTo(7);
            assertThat(List.of(suback.u8(2), suback.u8(3), suback.u8(4))).containsExactly(1, 0x80, 0x80);
        }
    }

    @Test
    @DisplayName("[section 3.9.3] a subscription the authorizer refuses gets 0x80; the others in the packet are granted")
    void refusedSubscriptionGetsFailureCode() {
        try (RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("denied"))) {
            client.send(MqttBytes.packet(0x82) // SUBSCRIBE
                    .u16(8) // packet identifier
                    .string("denied/topic").u8(1) // refused by the authorizer
                    .string("allowed/topic").u8(2) // granted
                    .build());
            Packet suback = client.read();
            assertThat(List.of(suback.u8(2), suback.u8(3))).containsExactly(0x80, 2);
            client.send(MqttBytes.pingreq());
            assertThat(client.read().type()).as("still connected").isEqualTo(Packet.PINGRESP);
        }
    }

    // ---- UNSUBSCRIBE ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("[MQTT-3.10.4-4] [MQTT-2.3.1-7] [MQTT-3.10.4-2] UNSUBACK repeats the packet id, and messages stop")
    void unsubscribeIsAcknowledgedAndStopsMessages() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "unsub/topic", 0);
            Mqtt311Packets.publishAcked(publisher, "unsub/topic", 1, 1, "before");
            assertThat(Mqtt311Packets.readPublish(subscriber).payload()).isEqualTo("before");

            subscriber.send(Mqtt311Packets.unsubscribe(0x4321, "unsub/topic"));
            Packet unsuback = subscriber.read();
            assertThat(unsuback.type()).isEqualTo(Packet.UNSUBACK);
            assertThat(unsuback.flags()).isZero();
            assertThat(unsuback.body()).hasSize(2);
            assertThat(unsuback.u16(0)).isEqualTo(0x4321);
            Mqtt311Packets.publishAcked(publisher, "unsub/topic", 1, 2, "after");
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.10.4-5] UNSUBACK is sent even when no subscription matched the filter")
    void unsubscribeFromUnknownFilterIsAcknowledged() {
        try (RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("unknown"))) {
            client.send(Mqtt311Packets.unsubscribe(77, "never/subscribed"));
            Packet unsuback = client.read();
            assertThat(unsuback.type()).isEqualTo(Packet.UNSUBACK);
            assertThat(unsuback.u16(0)).isEqualTo(77);
        }
    }

    @Test
    @DisplayName("[MQTT-3.10.4-6] [MQTT-3.10.3-1] a multi-filter UNSUBSCRIBE removes each filter and gets one UNSUBACK")
    void multiFilterUnsubscribe() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            for (String filter : List.of("many/a", "many/b", "many/c")) {
                Mqtt311Packets.subscribe(subscriber, 1, filter, 0);
            }
            subscriber.send(Mqtt311Packets.unsubscribe(5, "many/a", "many/c", "many/none"));
            Packet unsuback = subscriber.read();
            assertThat(unsuback.type()).isEqualTo(Packet.UNSUBACK);
            assertThat(unsuback.u16(0)).isEqualTo(5);
            assertThat(subscriber.staysSilent(Duration.ofMillis(200))).as("a single UNSUBACK").isTrue();
            for (String topic : List.of("many/a", "many/b", "many/c")) {
                Mqtt311Packets.publishAcked(publisher, topic, 1, 1, topic);
            }
            assertThat(Mqtt311Packets.readPublish(subscriber).topic()).isEqualTo("many/b");
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.10.4-1] UNSUBSCRIBE compares filters literally: 'lit/x' does not remove 'lit/+'")
    void unsubscribeComparesFiltersLiterally() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "lit/+", 0);
            subscriber.send(Mqtt311Packets.unsubscribe(2, "lit/x"));
            assertThat(subscriber.read().type()).isEqualTo(Packet.UNSUBACK);
            Mqtt311Packets.publishAcked(publisher, "lit/x", 1, 1, "still subscribed");
            assertThat(Mqtt311Packets.readPublish(subscriber).payload()).isEqualTo("still subscribed");

            subscriber.send(Mqtt311Packets.unsubscribe(3, "lit/+"));
            assertThat(subscriber.read().type()).isEqualTo(Packet.UNSUBACK);
            Mqtt311Packets.publishAcked(publisher, "lit/x", 1, 2, "gone");
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.10.4-3] a QoS 2 delivery started before UNSUBSCRIBE is completed")
    void startedDeliveryCompletesAfterUnsubscribe() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "started/topic", 2);
            Mqtt311Packets.publishAcked(publisher, "started/topic", 2, 1, "in flight");
            Publish delivered = Mqtt311Packets.readPublish(subscriber);
            subscriber.send(Mqtt311Packets.unsubscribe(2, "started/topic"));
            assertThat(subscriber.read().type()).isEqualTo(Packet.UNSUBACK);

            subscriber.send(MqttBytes.pubrec(delivered.packetId()));
            Packet pubrel = subscriber.read();
            assertThat(pubrel.type()).isEqualTo(Packet.PUBREL);
            assertThat(pubrel.u16(0)).isEqualTo(delivered.packetId());
            subscriber.send(MqttBytes.pubcomp(delivered.packetId()));
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.4-1] [MQTT-3.10.4-4] [MQTT-3.10.4-2] a Paho client subscribes, receives, unsubscribes and receives no more")
    void pahoSubscribeAndUnsubscribe() {
        try (Paho3Client client = Paho3Client.connected(this.broker.port(), ClientIds.unique("paho"))) {
            client.subscribe("paho/+", 1);
            client.publish("paho/topic", "subscribed", 1);
            assertThat(client.next().payload()).isEqualTo("subscribed");
            client.unsubscribe("paho/+");
            client.publish("paho/topic", "unsubscribed", 1);
            client.receivesNothingFor(Duration.ofMillis(300));
        }
    }

}
