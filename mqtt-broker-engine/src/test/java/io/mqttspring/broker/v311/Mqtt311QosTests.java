package io.mqttspring.broker.v311;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT 3.1.1 PUBLISH and the QoS 0, 1 and 2 flows, both directions; delivered QoS; the outbound in-flight window;
 * ordering.
 */
class Mqtt311QosTests {

    private static final int MAX_INFLIGHT = 2;

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.maxInflightMessages(MAX_INFLIGHT),
            (builder) -> builder.authorizer(new Authorizer() {

                @Override
                public boolean mayPublish(ClientInfo client, String topic, QoS qos, boolean retain) {
                    return !topic.startsWith("forbidden/");
                }

            }));

    @Test
    @DisplayName("[MQTT-4.3.1-1] [MQTT-3.3.1-2] [MQTT-2.3.1-5] [MQTT-3.3.4-1] QoS 0: no acknowledgement; delivered with QoS 0, DUP 0 and no packet id")
    void qos0Flow() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "qos0/topic", 2);
            publisher.send(Mqtt311Packets.publish("qos0/topic", 0, 0, "fire and forget"));

            Packet delivered = subscriber.read();
            assertThat(delivered.type()).isEqualTo(Packet.PUBLISH);
            assertThat(delivered.qos()).isZero();
            assertThat(delivered.duplicate()).isFalse();
            // topic length, topic, payload: nothing left for a packet identifier
            assertThat(delivered.body()).hasSize(2 + "qos0/topic".length() + "fire and forget".length());
            assertThat(Publish.of(delivered).payload()).isEqualTo("fire and forget");
            assertThat(publisher.staysSilent(Duration.ofMillis(300))).as("no acknowledgement for QoS 0").isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-4.3.2-1] [MQTT-4.3.2-2] [MQTT-2.3.1-1] [MQTT-2.3.1-6] [MQTT-3.3.4-1] QoS 1: PUBACK repeats the packet id; delivered with a non-zero id and DUP 0 until PUBACK")
    void qos1Flow() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "qos1/topic", 1);
            publisher.send(Mqtt311Packets.publish("qos1/topic", 1, 0x1234, "at least once"));
            Packet puback = publisher.read();
            assertThat(puback.type()).isEqualTo(Packet.PUBACK);
            assertThat(puback.flags()).isZero();
            assertThat(puback.body()).hasSize(2);
            assertThat(puback.u16(0)).isEqualTo(0x1234);

            Publish delivered = Mqtt311Packets.readPublish(subscriber);
            assertThat(delivered.qos()).isEqualTo(1);
            assertThat(delivered.dup()).isFalse();
            assertThat(delivered.packetId()).isNotZero();
            assertThat(delivered.payload()).isEqualTo("at least once");
            assertThat(this.broker.broker().statistics().inflightMessages()).isEqualTo(1);
            subscriber.send(MqttBytes.puback(delivered.packetId()));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> this.broker.broker().statistics().inflightMessages() == 0);
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).as("no resend after PUBACK").isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-4.3.3-1] [MQTT-4.3.3-2] [MQTT-2.3.1-6] [MQTT-3.3.4-1] QoS 2: PUBREC, PUBREL, PUBCOMP repeat the packet id, inbound and outbound")
    void qos2Flow() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "qos2/topic", 2);
            publisher.send(Mqtt311Packets.publish("qos2/topic", 2, 0xBEEF, "exactly once"));
            Packet pubrec = publisher.read();
            assertThat(pubrec.type()).isEqualTo(Packet.PUBREC);
            assertThat(pubrec.flags()).isZero();
            assertThat(pubrec.u16(0)).isEqualTo(0xBEEF);
            publisher.send(MqttBytes.pubrel(0xBEEF));
            Packet pubcomp = publisher.read();
            assertThat(pubcomp.type()).isEqualTo(Packet.PUBCOMP);
            assertThat(pubcomp.flags()).isZero();
            assertThat(pubcomp.u16(0)).isEqualTo(0xBEEF);

            Publish delivered = Mqtt311Packets.readPublish(subscriber);
            assertThat(delivered.qos()).isEqualTo(2);
            assertThat(delivered.dup()).isFalse();
            assertThat(delivered.packetId()).isNotZero();
            subscriber.send(MqttBytes.pubrec(delivered.packetId()));
            Packet pubrel = subscriber.read();
            assertThat(pubrel.type()).isEqualTo(Packet.PUBREL);
            assertThat(pubrel.flags()).as("PUBREL flags").isEqualTo(0x02);
            assertThat(pubrel.u16(0)).isEqualTo(delivered.packetId());
            subscriber.send(MqttBytes.pubcomp(delivered.packetId()));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> this.broker.broker().statistics().inflightMessages() == 0);
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).as("nothing resent after PUBCOMP").isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-4.3.3-2] a QoS 2 PUBLISH sent again before PUBREL is acknowledged again but delivered once")
    void qos2ResendBeforePubrelIsDeliveredOnce() {
        try (Paho3Client subscriber = Paho3Client.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            subscriber.subscribe("once/topic", 2);
            publisher.send(Mqtt311Packets.publish("once/topic", 2, 7, "only once"));
            assertThat(publisher.read().type()).isEqualTo(Packet.PUBREC);
            publisher.send(Mqtt311Packets.publish("once/topic", 2, 7, "only once", true, false));
            Packet secondPubrec = publisher.read();
            assertThat(secondPubrec.type()).isEqualTo(Packet.PUBREC);
            assertThat(secondPubrec.u16(0)).isEqualTo(7);
            publisher.send(MqttBytes.pubrel(7));
            assertThat(publisher.read().type()).isEqualTo(Packet.PUBCOMP);

            assertThat(subscriber.next().payload()).isEqualTo("only once");
            subscriber.receivesNothingFor(Duration.ofMillis(500));
        }
    }

    @Test
    @DisplayName("[MQTT-4.3.3-2] after PUBCOMP the packet id of a QoS 2 PUBLISH denotes a new message")
    void qos2PacketIdIsReusableAfterPubcomp() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "reuse2/topic", 0);
            Mqtt311Packets.publishAcked(publisher, "reuse2/topic", 2, 9, "first");
            Mqtt311Packets.publishAcked(publisher, "reuse2/topic", 2, 9, "second");
            assertThat(Mqtt311Packets.readPublish(subscriber).payload()).isEqualTo("first");
            assertThat(Mqtt311Packets.readPublish(subscriber).payload()).isEqualTo("second");
        }
    }

    @Test
    @DisplayName("[MQTT-4.3.2-2] after PUBACK a QoS 1 PUBLISH reusing the packet id is a new message, whatever its DUP flag")
    void qos1PacketIdIsReusableAfterPuback() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "reuse1/topic", 0);
            Mqtt311Packets.publishAcked(publisher, "reuse1/topic", 1, 5, "first");
            publisher.send(Mqtt311Packets.publish("reuse1/topic", 1, 5, "second", true, false));
            assertThat(publisher.read().u16(0)).isEqualTo(5);
            assertThat(Mqtt311Packets.readPublish(subscriber).payload()).isEqualTo("first");
            assertThat(Mqtt311Packets.readPublish(subscriber).payload()).isEqualTo("second");
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-3] the DUP flag of an incoming PUBLISH is not passed on to subscribers")
    void inboundDupIsNotPropagated() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "dup/topic", 1);
            publisher.send(Mqtt311Packets.publish("dup/topic", 1, 3, "resent by its publisher", true, false));
            assertThat(publisher.read().type()).isEqualTo(Packet.PUBACK);
            Publish delivered = Mqtt311Packets.readPublish(subscriber);
            assertThat(delivered.payload()).isEqualTo("resent by its publisher");
            assertThat(delivered.dup()).isFalse();
        }
    }

    @Test
    @DisplayName("[MQTT-3.8.4-6] [MQTT-3.3.2-3] a message is delivered at the lower of its published QoS and the granted QoS")
    void deliveredQosIsTheMinimumOfPublishedAndGranted() {
        try (Paho3Client subscriber = Paho3Client.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            for (int granted = 0; granted <= 2; granted++) {
                subscriber.subscribe("min/" + granted, granted);
            }
            int packetId = 1;
            for (int granted = 0; granted <= 2; granted++) {
                for (int published = 0; published <= 2; published++) {
                    Mqtt311Packets.publishAcked(publisher, "min/" + granted, published, packetId++,
                            "published " + published);
                }
            }
            Map<String, Integer> deliveredQos = new HashMap<>();
            for (Paho3Client.Received received : subscriber.next(9)) {
                deliveredQos.put(received.topic() + " " + received.payload(), received.qos());
            }
            Map<String, Integer> expected = new HashMap<>();
            for (int granted = 0; granted <= 2; granted++) {
                for (int published = 0; published <= 2; published++) {
                    expected.put("min/" + granted + " published " + published, Math.min(granted, published));
                }
            }
            assertThat(deliveredQos).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("[MQTT-2.3.1-4] [MQTT-4.6.0-6] the in-flight window holds maxInflightMessages unacknowledged messages; the rest follow acknowledgements, in order")
    void inflightWindowLimitsUnacknowledgedMessages() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "window/topic", 1);
            for (int i = 1; i <= 5; i++) {
                Mqtt311Packets.publishAcked(publisher, "window/topic", 1, i, "m" + i);
            }
            Publish m1 = Mqtt311Packets.readPublish(subscriber);
            Publish m2 = Mqtt311Packets.readPublish(subscriber);
            assertThat(List.of(m1.payload(), m2.payload())).containsExactly("m1", "m2");
            assertThat(m1.packetId()).isNotZero().isNotEqualTo(m2.packetId());
            assertThat(m2.packetId()).isNotZero();
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).as("window of " + MAX_INFLIGHT + " full")
                    .isTrue();

            subscriber.send(MqttBytes.puback(m1.packetId()));
            Publish m3 = Mqtt311Packets.readPublish(subscriber);
            assertThat(m3.payload()).isEqualTo("m3");
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).as("one acknowledgement, one more message")
                    .isTrue();
            subscriber.send(MqttBytes.puback(m2.packetId()), MqttBytes.puback(m3.packetId()));
            Publish m4 = Mqtt311Packets.readPublish(subscriber);
            Publish m5 = Mqtt311Packets.readPublish(subscriber);
            assertThat(List.of(m4.payload(), m5.payload())).containsExactly("m4", "m5");
            assertThat(m4.packetId()).isNotEqualTo(m5.packetId());
            assertThat(List.of(m1, m2, m3, m4, m5)).noneMatch(Publish::dup);
            subscriber.send(MqttBytes.puback(m4.packetId()), MqttBytes.puback(m5.packetId()));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> this.broker.broker().statistics().inflightMessages() == 0);
        }
    }

    @Test
    @DisplayName("[MQTT-4.6.0-5] [MQTT-4.6.0-6] messages of one publisher on one topic reach a Paho subscriber in publish order, per QoS")
    void messagesKeepTheirOrderPerTopicAndQos() {
        int count = 20;
        try (Paho3Client subscriber = Paho3Client.connected(this.broker.port(), ClientIds.unique("sub"));
                Paho3Client publisher = Paho3Client.connected(this.broker.port(), ClientIds.unique("pub"))) {
            subscriber.subscribe("order/#", 2);
            for (int qos = 0; qos <= 2; qos++) {
                for (int i = 0; i < count; i++) {
                    publisher.publish("order/" + qos, Integer.toString(i), qos);
                }
            }
            Map<String, List<String>> byTopic = new HashMap<>();
            for (Paho3Client.Received received : subscriber.next(3 * count)) {
                byTopic.computeIfAbsent(received.topic(), (topic) -> new ArrayList<>()).add(received.payload());
            }
            List<String> expected = IntStream.range(0, count).mapToObj(Integer::toString).toList();
            assertThat(byTopic).containsOnlyKeys("order/0", "order/1", "order/2");
            assertThat(byTopic.get("order/0")).containsExactlyElementsOf(expected);
            assertThat(byTopic.get("order/1")).containsExactlyElementsOf(expected);
            assertThat(byTopic.get("order/2")).containsExactlyElementsOf(expected);
        }
    }

    @Test
    @DisplayName("[MQTT-4.6.0-6] [MQTT-7.1.1-1] QoS 0 messages written back to back in one burst over TCP arrive complete and in order")
    void qos0BurstKeepsOrder() {
        int count = 100;
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "burst/topic", 0);
            byte[][] burst = new byte[count][];
            for (int i = 0; i < count; i++) {
                burst[i] = Mqtt311Packets.publish("burst/topic", 0, 0, Integer.toString(i));
            }
            publisher.send(burst);
            List<String> received = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                received.add(Mqtt311Packets.readPublish(subscriber).payload());
            }
            assertThat(received).containsExactlyElementsOf(IntStream.range(0, count).mapToObj(Integer::toString)
                    .toList());
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.5-2] an unauthorized PUBLISH is acknowledged as usual, not delivered, and the connection stays open")
    void unauthorizedPublishIsAcknowledgedAndDropped() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "forbidden/#", 2);
            Mqtt311Packets.publishAcked(publisher, "forbidden/topic", 1, 1, "denied qos1");
            Mqtt311Packets.publishAcked(publisher, "forbidden/topic", 2, 2, "denied qos2");
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
            publisher.send(MqttBytes.pingreq());
            assertThat(publisher.read().type()).isEqualTo(Packet.PINGRESP);
        }
    }

    @Test
    @DisplayName("[MQTT-4.5.0-1] a message is added to the session of every client with a matching subscription")
    void messageReachesEveryMatchingSubscriber() {
        try (RawClient first = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("first"));
                RawClient second = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("second"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(first, 1, "fanout/+", 1);
            Mqtt311Packets.subscribe(second, 1, "fanout/topic", 2);
            Mqtt311Packets.publishAcked(publisher, "fanout/topic", 2, 1, "to both");
            assertThat(Mqtt311Packets.readPublish(first)).extracting(Publish::payload, Publish::qos)
                    .containsExactly("to both", 1);
            assertThat(Mqtt311Packets.readPublish(second)).extracting(Publish::payload, Publish::qos)
                    .containsExactly("to both", 2);
        }
    }

}
