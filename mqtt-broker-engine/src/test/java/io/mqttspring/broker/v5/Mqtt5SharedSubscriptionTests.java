package io.mqttspring.broker.v5;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.mqttspring.broker.config.SharedSubscriptionStrategy;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Filter;
import io.mqttspring.broker.support.Mqtt5Packets.Publish;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.TestClients;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.mqttspring.broker.support.Mqtt5Properties.RECEIVE_MAXIMUM;
import static io.mqttspring.broker.support.Mqtt5Properties.SESSION_EXPIRY_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 5 shared subscriptions ({@code $share/{ShareName}/{filter}}, MQTT 5.0 section 4.8.2): members on MQTT 5 and
 * MQTT 3.1.1 connections, one member per message, the three distribution strategies, granted QoS per member, no
 * retained messages, and what happens to a member's messages when it goes away or refuses them.
 */
class Mqtt5SharedSubscriptionTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private static String payload(int i) {
        return "m" + i;
    }

    private static List<String> payloads(int count) {
        return IntStream.range(0, count).mapToObj(Mqtt5SharedSubscriptionTests::payload).toList();
    }

    /**
     * Connect a raw MQTT 5 member and subscribe it.
     * @param clientId the client identifier
     * @param connectProperties CONNECT properties (session expiry, receive maximum)
     * @param filter the shared filter
     * @param qos the requested QoS
     * @return the client
     */
    private RawClient rawMember(String clientId, Mqtt5Properties connectProperties, String filter, int qos) {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(clientId, true, 60, connectProperties));
        client.send(Mqtt5Packets.subscribe(1, filter, qos));
        assertThat(Mqtt5Packets.subAck(client.readType(Packet.SUBACK)).reasonCodes()).containsExactly(qos);
        return client;
    }

    private void publish(String topic, List<String> payloads, MqttQos qos) {
        HiveMqClient publisher = this.clients.hivemqConnected("shared-pub");
        for (String payload : payloads) {
            publisher.publish(topic, payload, qos);
        }
    }

    /**
     * Read PUBLISH packets and acknowledge them (PUBACK; PUBREC then PUBCOMP for the PUBREL) until {@code count}
     * arrived.
     */
    private static List<Publish> receiveAndAcknowledge(RawClient client, int count) {
        List<Publish> publishes = new ArrayList<>();
        while (publishes.size() < count) {
            RawClient.Packet packet = client.read();
            if (packet.type() == Packet.PUBREL) {
                client.send(MqttBytes.pubcomp(packet.u16(0)));
                continue;
            }
            Publish publish = Mqtt5Packets.publish(packet);
            publishes.add(publish);
            if (publish.qos() == 1) {
                client.send(MqttBytes.puback(publish.packetId()));
            }
            else if (publish.qos() == 2) {
                client.send(MqttBytes.pubrec(publish.packetId()));
            }
        }
        return publishes;
    }

    @Test
    @DisplayName("[MQTT-4.8.2-1] [MQTT-4.8.2-2] MQTT 5.0 section 4.8.2: HiveMQ and Paho v5 (MQTT 5) and Paho 3.1.1 "
            + "members of one group get each message exactly once, in turns (round robin, the default); a "
            + "non-shared subscriber still gets every message")
    void mqtt5AndMqtt311MembersShareMessagesInTurns() {
        String filter = "$share/mixed/work/#";
        HiveMqClient hive = this.clients.subscriber("shared-hive", filter, MqttQos.AT_LEAST_ONCE);
        Paho5Client paho5 = this.clients.paho5Connected("shared-paho5");
        paho5.subscribe(filter, 1);
        // Paho 3.1.1 gives $share/... messages to no per-subscription listener: its client-wide callback takes them
        Paho3Client paho311 = this.clients.paho3Connected("paho311").subscribe(filter, 1);
        HiveMqClient everything = this.clients.subscriber("shared-all", "work/#", MqttQos.AT_LEAST_ONCE);

        List<String> sent = payloads(9);
        publish("work/queue", sent, MqttQos.AT_LEAST_ONCE);

        SharedMembers members = new SharedMembers().hive("hivemq", hive).paho5("paho5", paho5)
                .paho3("paho311", paho311);
        Map<String, List<String>> received = members.await(sent.size());
        assertThat(members.all()).as("each message exactly once across the group")
                .containsExactlyInAnyOrderElementsOf(sent);
        Set<Integer> residues = new HashSet<>();
        received.forEach((member, payloads) -> {
            assertThat(payloads).as("%s gets every third message", member).hasSize(3);
            List<Integer> indexes = payloads.stream().map((payload) -> Integer.parseInt(payload.substring(1))).toList();
            int residue = indexes.get(0) % 3;
            assertThat(indexes).as("%s: messages %s, in turns", member, indexes)
                    .allSatisfy((index) -> assertThat(index % 3).isEqualTo(residue));
            residues.add(residue);
        });
        assertThat(residues).as("members take different turns").hasSize(3);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            all.add(everything.nextPayload());
        }
        assertThat(all).containsExactlyElementsOf(sent);
    }

    @Test
    @DisplayName("MQTT 5.0 section 4.8.2: two groups on the same filter each get every message; a client with a "
            + "shared and a non-shared subscription gets one copy through each")
    void everyGroupAndEveryNonSharedSubscriptionGetsACopy() {
        HiveMqClient groupA = this.clients.subscriber("group-a", "$share/a/copies/t", MqttQos.AT_LEAST_ONCE);
        HiveMqClient groupB = this.clients.subscriber("group-b", "$share/b/copies/t", MqttQos.AT_LEAST_ONCE);
        groupB.subscribe("copies/t", MqttQos.AT_LEAST_ONCE);
        publish("copies/t", List.of("one", "two"), MqttQos.AT_LEAST_ONCE);

        assertThat(groupA.messages().next(2)).extracting((publish) -> new String(publish.getPayloadAsBytes()))
                .containsExactly("one", "two");
        assertThat(groupB.messages().next(4)).extracting((publish) -> new String(publish.getPayloadAsBytes()))
                .containsExactlyInAnyOrder("one", "one", "two", "two");
        groupA.messages().staysEmptyFor(Duration.ofMillis(300));
        groupB.messages().staysEmptyFor(Duration.ofMillis(100));
    }

    @Test
    @DisplayName("[MQTT-3.3.4-5] [MQTT-3.3.4-3] a client with a shared and a non-shared subscription matching the "
            + "same message gets two copies, each with the Subscription Identifier of its own subscription only")
    void separateCopiesCarryTheirOwnSubscriptionIdentifier() {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("subid-shared")));
        client.send(Mqtt5Packets.subscribe(1, Mqtt5Properties.builder()
                .integer(Mqtt5Properties.SUBSCRIPTION_IDENTIFIER, 11).build(), new Filter("ids/#", 1)));
        client.readType(Packet.SUBACK);
        client.send(Mqtt5Packets.subscribe(2, Mqtt5Properties.builder()
                .integer(Mqtt5Properties.SUBSCRIPTION_IDENTIFIER, 22).build(), new Filter("$share/ids/ids/t", 1)));
        client.readType(Packet.SUBACK);
        publish("ids/t", List.of("twice"), MqttQos.AT_LEAST_ONCE);

        List<List<Long>> identifiers = new ArrayList<>();
        for (Publish copy : receiveAndAcknowledge(client, 2)) {
            assertThat(copy.payloadText()).isEqualTo("twice");
            identifiers.add(copy.properties().integers(Mqtt5Properties.SUBSCRIPTION_IDENTIFIER));
        }
        assertThat(identifiers).containsExactlyInAnyOrder(List.of(11L), List.of(22L));
    }

    @Test
    @DisplayName("[MQTT-4.8.2-3] [MQTT-3.8.4-8] each member gets its messages at no more than its own granted QoS: "
            + "members granted QoS 0, 1 and 2 receive a QoS 2 and a QoS 1 message each")
    void eachMemberReceivesAtItsOwnGrantedQos() {
        String filter = "$share/qos/levels/t";
        Map<Integer, RawClient> members = new HashMap<>();
        for (int granted = 0; granted <= 2; granted++) {
            members.put(granted, rawMember(ClientIds.unique("qos" + granted), Mqtt5Properties.NONE, filter,
                    granted));
        }
        HiveMqClient publisher = this.clients.hivemqConnected("qos-pub");
        for (int i = 0; i < 3; i++) {
            publisher.publish("levels/t", "qos2-" + i, MqttQos.EXACTLY_ONCE);
        }
        for (int i = 0; i < 3; i++) {
            publisher.publish("levels/t", "qos1-" + i, MqttQos.AT_LEAST_ONCE);
        }
        members.forEach((granted, member) -> {
            Map<String, Integer> deliveredQos = new HashMap<>();
            for (Publish publish : receiveAndAcknowledge(member, 2)) {
                deliveredQos.put(publish.payloadText().substring(0, 4), publish.qos());
            }
            assertThat(deliveredQos).as("member granted QoS %d", granted)
                    .containsEntry("qos2", Math.min(2, granted)).containsEntry("qos1", Math.min(1, granted));
        });
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.3.1.3: retained messages are sent for new non-shared subscriptions only: "
            + "HiveMQ and Paho v5 subscribing to a shared filter get none")
    void sharedSubscriptionGetsNoRetainedMessages() {
        HiveMqClient publisher = this.clients.hivemqConnected("retained-pub");
        publisher.publishRetained("stored/t", "retained", MqttQos.AT_LEAST_ONCE);
        HiveMqClient hive = this.clients.subscriber("retained-hive", "$share/ret/stored/#", MqttQos.AT_LEAST_ONCE);
        Paho5Client paho = this.clients.paho5Connected("retained-paho");
        paho.subscribe("$share/ret2/stored/#", 1);
        hive.messages().staysEmptyFor(Duration.ofMillis(500));
        assertThat(paho.messages().isEmpty()).isTrue();

        // the message is there for a non-shared subscription of the same client
        hive.subscribe("stored/#", MqttQos.AT_LEAST_ONCE);
        assertThat(hive.nextPayload()).isEqualTo("retained");
    }

    @Test
    @DisplayName("MQTT 5.0 section 4.8.2: when a member goes away, its queued messages and its unacknowledged QoS 1 "
            + "messages go to another member, each once; the departed member gets none of them back")
    void messagesOfADepartedMemberGoToAnotherMember() {
        String filter = "$share/handoff/jobs/#";
        String rawId = ClientIds.unique("leaver");
        Mqtt5Properties persistentWindowOfOne = Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 60)
                .integer(RECEIVE_MAXIMUM, 1).build();
        RawClient leaver = rawMember(rawId, persistentWindowOfOne, filter, 1);
        HiveMqClient stayer = this.clients.subscriber("stayer", filter, MqttQos.AT_LEAST_ONCE);

        List<String> sent = payloads(6);
        publish("jobs/t", sent, MqttQos.AT_LEAST_ONCE);

        // the leaver gets one message in flight (Receive Maximum 1), never acknowledges it; two more wait queued
        Publish unacknowledged = Mqtt5Packets.publish(leaver.read());
        assertThat(leaver.staysSilent(Duration.ofMillis(300))).as("window of one").isTrue();
        List<String> toStayer = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            toStayer.add(stayer.nextPayload());
        }
        assertThat(toStayer).doesNotContain(unacknowledged.payloadText());

        leaver.close();
        for (int i = 0; i < 3; i++) {
            toStayer.add(stayer.nextPayload());
        }
        assertThat(toStayer).containsExactlyInAnyOrderElementsOf(sent).contains(unacknowledged.payloadText());
        stayer.messages().staysEmptyFor(Duration.ofMillis(300));

        RawClient back = this.clients.raw();
        back.send(Mqtt5Packets.connect(rawId, false, 60, Mqtt5Properties.builder()
                .integer(SESSION_EXPIRY_INTERVAL, 60).build()));
        assertThat(Mqtt5Packets.connack(back.read()).sessionPresent()).isTrue();
        assertThat(back.staysSilent(Duration.ofMillis(500))).as("nothing left for the departed member").isTrue();
    }

    @Test
    @DisplayName("[MQTT-4.8.2-4] [MQTT-4.4.0-1] [MQTT-4.3.3-1] [MQTT-4.3.3-3] a QoS 2 delivery interrupted by the "
            + "member's disconnection stays with that member and is completed when it reconnects: the PUBLISH without "
            + "PUBREC resent with DUP and its own identifier, the PUBREL resent; no other member gets either")
    void interruptedQos2DeliveryIsCompletedWithTheSameMember() {
        String filter = "$share/exactly/orders/#";
        String rawId = ClientIds.unique("qos2member");
        Mqtt5Properties persistent = Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 60).build();
        RawClient member = rawMember(rawId, persistent, filter, 2);
        HiveMqClient other = this.clients.subscriber("qos2other", filter, MqttQos.EXACTLY_ONCE);

        publish("orders/t", payloads(4), MqttQos.EXACTLY_ONCE);
        Publish notReceived = Mqtt5Packets.publish(member.readType(Packet.PUBLISH));
        Publish received = Mqtt5Packets.publish(member.readType(Packet.PUBLISH));
        assertThat(List.of(notReceived.qos(), received.qos())).containsOnly(2);
        assertThat(notReceived.packetId()).as("identifiers of two QoS 2 messages in flight")
                .isNotEqualTo(received.packetId());
        member.send(MqttBytes.pubrec(received.packetId()));
        assertThat(Mqtt5Packets.ack(member.readType(Packet.PUBREL)).packetId()).isEqualTo(received.packetId());
        List<String> toOther = List.of(other.nextPayload(), other.nextPayload());
        member.close();
        other.messages().staysEmptyFor(Duration.ofMillis(500));
        assertThat(toOther).doesNotContain(notReceived.payloadText(), received.payloadText());

        RawClient back = this.clients.raw();
        back.send(Mqtt5Packets.connect(rawId, false, 60, persistent));
        assertThat(Mqtt5Packets.connack(back.read()).sessionPresent()).isTrue();
        Map<Integer, RawClient.Packet> resent = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            RawClient.Packet packet = back.read();
            resent.put(packet.type(), packet);
        }
        assertThat(resent).containsOnlyKeys(Packet.PUBLISH, Packet.PUBREL);
        Publish again = Mqtt5Packets.publish(resent.get(Packet.PUBLISH));
        assertThat(again.payloadText()).isEqualTo(notReceived.payloadText());
        assertThat(again.packetId()).isEqualTo(notReceived.packetId());
        assertThat(again.duplicate()).isTrue();
        assertThat(Mqtt5Packets.ack(resent.get(Packet.PUBREL)).packetId()).isEqualTo(received.packetId());
        back.send(MqttBytes.pubcomp(received.packetId()), MqttBytes.pubrec(again.packetId()));
        assertThat(Mqtt5Packets.ack(back.readType(Packet.PUBREL)).packetId()).isEqualTo(again.packetId());
        back.send(MqttBytes.pubcomp(again.packetId()));
        assertThat(back.staysSilent(Duration.ofMillis(300))).isTrue();
        assertThat(other.messages().isEmpty()).as("the other member got neither").isTrue();
    }

    @Test
    @DisplayName("[MQTT-4.8.2-5] a QoS 2 delivery to a member whose session ends before it reconnects is not sent "
            + "to any other member")
    void qos2DeliveryOfAnEndedSessionIsNotSentElsewhere() {
        String filter = "$share/ended/orders/#";
        String rawId = ClientIds.unique("ending");
        // no Session Expiry Interval: the session ends with the connection
        RawClient member = rawMember(rawId, Mqtt5Properties.NONE, filter, 2);
        HiveMqClient other = this.clients.subscriber("ended-other", filter, MqttQos.EXACTLY_ONCE);

        publish("orders/t", payloads(2), MqttQos.EXACTLY_ONCE);
        Publish unacknowledged = Mqtt5Packets.publish(member.read());
        String toOther = other.nextPayload();
        assertThat(toOther).isNotEqualTo(unacknowledged.payloadText());
        member.close();
        other.messages().staysEmptyFor(Duration.ofMillis(700));

        RawClient back = this.clients.raw();
        back.send(Mqtt5Packets.connect(rawId, false, 60, Mqtt5Properties.NONE));
        assertThat(Mqtt5Packets.connack(back.read()).sessionPresent()).isFalse();
        assertThat(back.staysSilent(Duration.ofMillis(300))).isTrue();
    }

    @Test
    @DisplayName("[MQTT-4.8.2-6] [MQTT-4.4.0-2] a PUBACK or PUBREC with reason code 0x80 from the chosen member "
            + "discards the message: no other member gets it, not even after the refusing member leaves")
    void refusedMessageIsNotOfferedToOtherMembers() {
        String filter = "$share/refuse/tasks/#";
        RawClient refuser = rawMember(ClientIds.unique("refuser"), Mqtt5Properties.builder()
                .integer(SESSION_EXPIRY_INTERVAL, 60).build(), filter, 2);
        HiveMqClient other = this.clients.subscriber("refuse-other", filter, MqttQos.EXACTLY_ONCE);

        HiveMqClient publisher = this.clients.hivemqConnected("refuse-pub");
        publisher.publish("tasks/t", "qos1-a", MqttQos.AT_LEAST_ONCE);
        publisher.publish("tasks/t", "qos1-b", MqttQos.AT_LEAST_ONCE);
        publisher.publish("tasks/t", "qos2-a", MqttQos.EXACTLY_ONCE);
        publisher.publish("tasks/t", "qos2-b", MqttQos.EXACTLY_ONCE);

        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Publish publish = Mqtt5Packets.publish(refuser.read());
            refused.add(publish.payloadText());
            refuser.send(MqttBytes.packet((publish.qos() == 1) ? 0x40 : 0x50)  // PUBACK or PUBREC
                    .u16(publish.packetId())                                 // packet identifier
                    .u8(0x80)                                                // reason code: Unspecified error
                    .build());
        }
        assertThat(refused).extracting((payload) -> payload.substring(0, 4)).containsExactlyInAnyOrder("qos1",
                "qos2");
        refuser.send(MqttBytes.pingreq());
        assertThat(refuser.read().type()).as("nothing but PINGRESP: no PUBREL after PUBREC 0x80")
                .isEqualTo(Packet.PINGRESP);
        List<String> toOther = List.of(other.nextPayload(), other.nextPayload());
        refuser.close();
        other.messages().staysEmptyFor(Duration.ofMillis(500));
        assertThat(toOther).doesNotContainAnyElementsOf(refused);
    }

    @Test
    @DisplayName("[MQTT-4.8.2-1] [MQTT-4.8.2-2] [MQTT-3.9.3-1] invalid share names ($share//a, $share/g, "
            + "$share/g+/a, $share/g#/a, $share/g/) get SUBACK 0x8F (MQTT 3.1.1: 0x80), valid filters beside them "
            + "are granted")
    void invalidShareNamesAreRefused() {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("badshare")));
        client.send(Mqtt5Packets.subscribe(7, Mqtt5Properties.NONE, new Filter("$share//a", 1),
                new Filter("$share/g", 1), new Filter("$share/g+/a", 1), new Filter("$share/g/a", 1),
                new Filter("$share/g#/a", 1), new Filter("$share/g/", 1)));
        Mqtt5Packets.SubAck suback = Mqtt5Packets.subAck(client.readType(Packet.SUBACK));
        assertThat(suback.packetId()).isEqualTo(7);
        assertThat(suback.reasonCodes()).containsExactly(0x8F, 0x8F, 0x8F, 0x01, 0x8F, 0x8F);

        RawClient mqtt311 = this.clients.raw();
        mqtt311.send(MqttBytes.connect(4, ClientIds.unique("badshare311"), true, 60));
        assertThat(mqtt311.read().connackCode()).isZero();
        mqtt311.send(MqttBytes.packet(0x82)                 // SUBSCRIBE
                .u16(8)                                      // packet identifier
                .string("$share//a").u8(1)                   // invalid share name, QoS 1
                .string("$share/g/a").u8(1)                  // valid, QoS 1
                .build());
        RawClient.Packet suback311 = mqtt311.readType(Packet.SUBACK);
        // MQTT 3.1.1 SUBACK: packet identifier, one return code per filter
        assertThat(suback311.body()).containsExactly(0x00, 0x08, 0x80, 0x01);
    }

    @Nested
    @DisplayName("with strategy HASH_TOPIC")
    class HashTopic {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension(
                (config) -> config.sharedSubscriptionStrategy(SharedSubscriptionStrategy.HASH_TOPIC));

        @RegisterExtension
        final TestClients clients = new TestClients(this.broker::port);

        @Test
        @DisplayName("[MQTT-4.6.0-5] MQTT 5.0 section 4.8.2: all messages of one topic go to one member, in order; "
                + "each message once")
        void eachTopicStaysWithOneMember() {
            String filter = "$share/hash/sensors/#";
            SharedMembers members = new SharedMembers();
            for (int i = 0; i < 3; i++) {
                members.hive("member" + i, this.clients.subscriber("hash" + i, filter, MqttQos.AT_LEAST_ONCE));
            }
            HiveMqClient publisher = this.clients.hivemqConnected("hash-pub");
            List<String> sent = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int topic = 0; topic < 6; topic++) {
                    String payload = "t" + topic + "-" + round;
                    sent.add(payload);
                    publisher.publish("sensors/" + topic, payload, MqttQos.AT_LEAST_ONCE);
                }
            }
            Map<String, List<String>> received = members.await(sent.size());
            assertThat(members.all()).containsExactlyInAnyOrderElementsOf(sent);
            Map<String, String> memberOfTopic = new HashMap<>();
            received.forEach((member, payloads) -> {
                for (String payload : payloads) {
                    String topic = payload.substring(0, payload.indexOf('-'));
                    String previous = memberOfTopic.putIfAbsent(topic, member);
                    assertThat(previous).as("member of %s", topic).isIn(null, member);
                }
                for (int topic = 0; topic < 6; topic++) {
                    String prefix = "t" + topic + "-";
                    List<String> ofTopic = payloads.stream().filter((payload) -> payload.startsWith(prefix)).toList();
                    if (!ofTopic.isEmpty()) {
                        assertThat(ofTopic).containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3);
                    }
                }
            });
        }

    }

    @Nested
    @DisplayName("with strategy RANDOM")
    class Random {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension(
                (config) -> config.sharedSubscriptionStrategy(SharedSubscriptionStrategy.RANDOM));

        @RegisterExtension
        final TestClients clients = new TestClients(this.broker::port);

        @Test
        @DisplayName("MQTT 5.0 section 4.8.2: each message goes to exactly one member, and over 40 messages both "
                + "members get some")
        void eachMessageGoesToOneRandomMember() {
            String filter = "$share/random/dice/#";
            HiveMqClient first = this.clients.subscriber("random1", filter, MqttQos.AT_LEAST_ONCE);
            Paho5Client second = this.clients.paho5Connected("random2");
            second.subscribe(filter, 1);
            HiveMqClient publisher = this.clients.hivemqConnected("random-pub");
            List<String> sent = payloads(40);
            for (String payload : sent) {
                publisher.publish("dice/t", payload, MqttQos.AT_LEAST_ONCE);
            }
            SharedMembers members = new SharedMembers().hive("hivemq", first).paho5("paho", second);
            Map<String, List<String>> received = members.await(sent.size());
            assertThat(members.all()).containsExactlyInAnyOrderElementsOf(sent);
            // each has probability 2^-40 of getting nothing
            assertThat(received.values()).allSatisfy((payloads) -> assertThat(payloads).isNotEmpty());
        }

    }

}
