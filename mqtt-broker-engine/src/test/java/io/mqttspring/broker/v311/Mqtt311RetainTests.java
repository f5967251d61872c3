package io.mqttspring.broker.v311;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Mqtt311Packets;
import io.mqttspring.broker.support.Mqtt311Packets.Publish;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.Sessions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT 3.1.1 retained messages (section 3.3.1.3).
 */
class Mqtt311RetainTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @Test
    @DisplayName("[MQTT-3.3.1-5] [MQTT-3.3.1-6] [MQTT-3.3.1-8] a retained message is stored with its QoS and sent to a new subscriber with RETAIN 1")
    void retainedMessageIsSentToNewSubscribers() {
        try (Paho3Client publisher = Paho3Client.connected(this.broker.port(), ClientIds.unique("pub"));
                Paho3Client subscriber = Paho3Client.connected(this.broker.port(), ClientIds.unique("sub"))) {
            publisher.publish("retained/topic", "stored", 1, true);
            subscriber.subscribe("retained/topic", 2);
            Paho3Client.Received received = subscriber.next();
            assertThat(received.payload()).isEqualTo("stored");
            assertThat(received.retained()).isTrue();
            assertThat(received.qos()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-9] a retained publication forwarded to an existing subscription has RETAIN 0")
    void liveDeliveryHasRetainFlagCleared() {
        try (Paho3Client publisher = Paho3Client.connected(this.broker.port(), ClientIds.unique("pub"));
                Paho3Client subscriber = Paho3Client.connected(this.broker.port(), ClientIds.unique("sub"))) {
            subscriber.subscribe("live/topic", 1);
            publisher.publish("live/topic", "live", 1, true);
            Paho3Client.Received received = subscriber.next();
            assertThat(received.payload()).isEqualTo("live");
            assertThat(received.retained()).isFalse();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-5] a newer retained message replaces the stored one")
    void newerRetainedMessageReplacesStoredOne() {
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"));
                RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"))) {
            publishRetained(publisher, "replace/topic", 1, "first");
            publishRetained(publisher, "replace/topic", 1, "second");
            Mqtt311Packets.subscribe(subscriber, 1, "replace/topic", 1);
            Publish received = Mqtt311Packets.readPublish(subscriber);
            assertThat(received.payload()).isEqualTo("second");
            assertThat(received.retain()).isTrue();
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-7] a retained QoS 0 message discards the previous retained message of its topic")
    void retainedQos0ReplacesPreviousMessage() {
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"));
                RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"))) {
            publishRetained(publisher, "qos0/retained", 2, "old at QoS 2");
            publishRetained(publisher, "qos0/retained", 0, "new at QoS 0");
            Mqtt311Packets.subscribe(subscriber, 1, "qos0/retained", 2);
            Publish received = Mqtt311Packets.readPublish(subscriber);
            assertThat(received.payload()).isEqualTo("new at QoS 0");
            assertThat(received.qos()).isZero();
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-10] [MQTT-3.3.1-11] a retained message with an empty payload is delivered normally and clears the topic, and is not stored")
    void emptyRetainedMessageClearsTopic() {
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"));
                RawClient existing = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("existing"));
                RawClient later = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("later"))) {
            Mqtt311Packets.subscribe(existing, 1, "clear/topic", 0);
            publishRetained(publisher, "clear/topic", 0, "to be cleared");
            assertThat(Mqtt311Packets.readPublish(existing).payload()).isEqualTo("to be cleared");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> this.broker.broker().statistics().retainedMessages() == 1);

            publishRetained(publisher, "clear/topic", 0, "");
            Publish clearing = Mqtt311Packets.readPublish(existing);
            assertThat(clearing.payload()).isEmpty();
            assertThat(clearing.retain()).isFalse();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> this.broker.broker().statistics().retainedMessages() == 0);

            Mqtt311Packets.subscribe(later, 1, "clear/topic", 0);
            assertThat(later.staysSilent(Duration.ofMillis(300))).as("nothing retained any more").isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-11] an empty retained message on a topic without a retained message stores nothing")
    void emptyRetainedMessageIsNeverStored() {
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"));
                RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"))) {
            publishRetained(publisher, "empty/topic", 1, "");
            assertThat(this.broker.broker().statistics().retainedMessages()).isZero();
            Mqtt311Packets.subscribe(subscriber, 1, "empty/topic", 1);
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-12] a PUBLISH with RETAIN 0 neither stores nor replaces the retained message")
    void nonRetainedPublishLeavesRetainedMessage() {
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"));
                RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"))) {
            publishRetained(publisher, "keep/topic", 1, "kept");
            Mqtt311Packets.publishAcked(publisher, "keep/topic", 1, 2, "transient");
            Mqtt311Packets.publishAcked(publisher, "other/topic", 1, 3, "never retained");
            Mqtt311Packets.subscribe(subscriber, 1, "other/topic", 1);
            Mqtt311Packets.subscribe(subscriber, 2, "keep/topic", 1);
            Publish received = Mqtt311Packets.readPublish(subscriber);
            assertThat(received.payload()).isEqualTo("kept");
            assertThat(received.retain()).isTrue();
            subscriber.send(MqttBytes.puback(received.packetId()));
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-7] retained messages are not session state: they outlive the publisher's session")
    void retainedMessagesOutliveTheSession() {
        String publisherId = ClientIds.unique("pub");
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), publisherId, true, 0)) {
            publishRetained(publisher, "outlive/topic", 1, "still here");
            publisher.send(io.mqttspring.broker.support.MqttBytes.disconnect());
            assertThat(publisher.awaitClose()).isEmpty();
        }
        Sessions.awaitGone(this.broker.broker(), publisherId);
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "outlive/topic", 1);
            assertThat(Mqtt311Packets.readPublish(subscriber).payload()).isEqualTo("still here");
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-6] [MQTT-3.3.1-8] a wildcard subscription receives the retained message of every matching topic")
    void wildcardSubscriptionGetsEveryMatchingRetainedMessage() {
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"));
                RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"))) {
            for (String topic : List.of("w/a", "w/b", "w/c/d", "x/y")) {
                publishRetained(publisher, topic, 0, "on " + topic);
            }
            Mqtt311Packets.subscribe(subscriber, 1, "w/#", 0);
            List<Publish> received = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                received.add(Mqtt311Packets.readPublish(subscriber));
            }
            assertThat(received).extracting(Publish::topic).containsExactlyInAnyOrder("w/a", "w/b", "w/c/d");
            assertThat(received).allMatch(Publish::retain);
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.4-3] [MQTT-3.8.4-6] subscribing again with the same filter resends retained messages, at the new granted QoS")
    void resubscribingResendsRetainedMessages() {
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"));
                RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"))) {
            publishRetained(publisher, "again/topic", 2, "retained at QoS 2");
            Mqtt311Packets.subscribe(subscriber, 1, "again/topic", 1);
            Publish first = Mqtt311Packets.readPublish(subscriber);
            assertThat(first.qos()).isEqualTo(1);
            assertThat(first.retain()).isTrue();
            subscriber.send(MqttBytes.puback(first.packetId()));

            Mqtt311Packets.subscribe(subscriber, 2, "again/topic", 0);
            Publish second = Mqtt311Packets.readPublish(subscriber);
            assertThat(second.payload()).isEqualTo("retained at QoS 2");
            assertThat(second.qos()).isZero();
            assertThat(second.retain()).isTrue();
        }
    }

    private static int packetIds = 100;

    private static void publishRetained(RawClient publisher, String topic, int qos, String payload) {
        int packetId = ++packetIds;
        publisher.send(Mqtt311Packets.publish(topic, qos, packetId, payload, false, true));
        if (qos == 1) {
            assertThat(publisher.readType(RawClient.Packet.PUBACK).u16(0)).isEqualTo(packetId);
        }
        else if (qos == 2) {
            assertThat(publisher.readType(RawClient.Packet.PUBREC).u16(0)).isEqualTo(packetId);
            publisher.send(MqttBytes.pubrel(packetId));
            assertThat(publisher.readType(RawClient.Packet.PUBCOMP).u16(0)).isEqualTo(packetId);
        }
        else {
            // QoS 0 has no acknowledgement: a PINGREQ round trip shows the PUBLISH was processed
            publisher.send(io.mqttspring.broker.support.MqttBytes.pingreq());
            assertThat(publisher.readType(RawClient.Packet.PINGRESP).type()).isEqualTo(RawClient.Packet.PINGRESP);
        }
    }

}
