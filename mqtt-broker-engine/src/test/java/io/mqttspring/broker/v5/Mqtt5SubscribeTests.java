package io.mqttspring.broker.v5;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAck;
import com.hivemq.client.mqtt.mqtt5.message.unsubscribe.unsuback.Mqtt5UnsubAckReasonCode;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Filter;
import io.mqttspring.broker.support.Mqtt5Packets.Publish;
import io.mqttspring.broker.support.Mqtt5Packets.SubAck;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.mqttspring.broker.support.Mqtt5Properties.SUBSCRIPTION_IDENTIFIER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT 5 SUBSCRIBE and UNSUBSCRIBE: filter validation, subscription identifiers, subscription options (No Local,
 * Retain As Published, Retain Handling), overlapping subscriptions and UNSUBACK reason codes.
 */
class Mqtt5SubscribeTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private RawClient rawClient(String name) {
        return this.clients.raw(Mqtt5Packets.connect(ClientIds.unique(name)));
    }

    private static SubAck subscribe(RawClient client, int packetId, Mqtt5Properties properties, Filter... filters) {
        client.send(Mqtt5Packets.subscribe(packetId, properties, filters));
        SubAck suback = Mqtt5Packets.subAck(client.readType(Packet.SUBACK));
        assertThat(suback.packetId()).isEqualTo(packetId);
        return suback;
    }

    private static Mqtt5Properties subscriptionIdentifier(int identifier) {
        return Mqtt5Properties.builder().integer(SUBSCRIPTION_IDENTIFIER, identifier).build();
    }

    @Test
    @DisplayName("[MQTT-3.8.4-1] [MQTT-3.8.4-2] [MQTT-3.8.4-5] [MQTT-3.8.4-6] [MQTT-3.8.4-7] [MQTT-3.9.3-1] "
            + "[MQTT-3.9.3-2] [MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.3-1] [MQTT-4.8.2-1] [MQTT-4.8.2-2] invalid "
            + "topic filters get 0x8F in SUBACK, in order, while the valid ones in the same SUBSCRIBE are granted")
    void invalidTopicFiltersGetTopicFilterInvalid() {
        RawClient client = rawClient("filters");
        SubAck suback = subscribe(client, 42, Mqtt5Properties.NONE,
                new Filter("filters/ok", 1),
                new Filter("filters/#/more", 1),                    // '#' not last
                new Filter("filters/a+", 0),                        // '+' not a whole level
                new Filter("", 0),                                  // empty filter
                new Filter("filters/+/x", 2),
                new Filter("$share//filters/t", 0),                 // empty share name
                new Filter("$share/g+/filters/t", 0),               // wildcard in the share name
                new Filter("$share/group", 0),                      // no filter after the share name
                new Filter("filters/#", 0));
        assertThat(suback.reasonCodes()).containsExactly(0x01, 0x8F, 0x8F, 0x8F, 0x02, 0x8F, 0x8F, 0x8F, 0x00);
        client.send(MqttBytes.pingreq());
        assertThat(client.read().type()).as("connection stays open").isEqualTo(Packet.PINGRESP);
    }

    @Test
    @DisplayName("[MQTT-3.3.4-3] Paho v5 receives the Subscription Identifier of its subscription")
    void subscriptionIdentifierIsDeliveredToPaho() throws Exception {
        Paho5Client paho = this.clients.paho5Connected("subid-paho");
        MqttProperties properties = new MqttProperties();
        properties.setSubscriptionIdentifier(42);
        Paho5Client.await(paho.client().subscribe(new MqttSubscription[] { new MqttSubscription("subid/paho", 1) },
                null, null, properties));
        this.clients.hivemqConnected("subid-pub").publish("subid/paho", "tagged", MqttQos.AT_LEAST_ONCE);
        Paho5Client.Received message = paho.messages().next();
        assertThat(message.payload()).isEqualTo("tagged");
        assertThat(message.properties().getSubscriptionIdentifiers()).containsExactly(42);
    }

    @Test
    @DisplayName("[MQTT-3.3.4-2] [MQTT-3.3.4-3] [MQTT-3.3.4-4] overlapping subscriptions of one client: one copy, at "
            + "the highest granted QoS, carrying the identifiers of every matching subscription that has one")
    void overlappingSubscriptionsGiveOneCopyWithAllIdentifiers() {
        RawClient client = rawClient("overlap");
        subscribe(client, 1, subscriptionIdentifier(1), new Filter("overlap/#", 0));
        subscribe(client, 2, subscriptionIdentifier(2), new Filter("overlap/+", 2));
        subscribe(client, 3, Mqtt5Properties.NONE, new Filter("overlap/t", 1));
        this.clients.hivemqConnected("overlap-pub").publish("overlap/t", "once", MqttQos.EXACTLY_ONCE);

        Publish publish = Mqtt5Packets.publish(client.read());
        assertThat(publish.payloadText()).isEqualTo("once");
        assertThat(publish.qos()).isEqualTo(2);
        assertThat(publish.properties().integers(SUBSCRIPTION_IDENTIFIER)).containsExactlyInAnyOrder(1L, 2L);
        client.send(MqttBytes.pubrec(publish.packetId()));
        client.readType(Packet.PUBREL);
        client.send(MqttBytes.pubcomp(publish.packetId()));
        assertThat(client.staysSilent(Duration.ofMillis(500))).as("no second copy").isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.8.4-3] subscribing again with the same filter replaces the subscription: one copy, at the "
            + "new QoS")
    void identicalFilterReplacesSubscription() {
        RawClient client = rawClient("replace");
        subscribe(client, 1, Mqtt5Properties.NONE, new Filter("replace/t", 0));
        assertThat(subscribe(client, 2, Mqtt5Properties.NONE, new Filter("replace/t", 1)).reasonCodes())
                .containsExactly(0x01);
        this.clients.hivemqConnected("replace-pub").publish("replace/t", "upgraded", MqttQos.AT_LEAST_ONCE);
        Publish publish = Mqtt5Packets.publish(client.read());
        assertThat(publish.qos()).isEqualTo(1);
        client.send(MqttBytes.puback(publish.packetId()));
        assertThat(client.staysSilent(Duration.ofMillis(500))).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.8.3-3] No Local: a client's own publications are not sent back to it, others' are")
    void noLocalSuppressesOwnPublications() {
        HiveMqClient local = this.clients.hivemqConnected("nolocal");
        local.client().subscribeWith().topicFilter("nolocal/t").qos(MqttQos.AT_LEAST_ONCE).noLocal(true).send();
        HiveMqClient other = this.clients.subscriber("nolocal-other", "nolocal/t", MqttQos.AT_LEAST_ONCE);

        local.publish("nolocal/t", "from local", MqttQos.AT_LEAST_ONCE);
        assertThat(other.nextPayload()).isEqualTo("from local");
        local.messages().staysEmptyFor(Duration.ofMillis(500));

        other.publish("nolocal/t", "from other", MqttQos.AT_LEAST_ONCE);
        assertThat(local.nextPayload()).isEqualTo("from other");
    }

    @Test
    @DisplayName("[MQTT-3.3.1-12] [MQTT-3.3.1-13] Retain As Published 1 keeps the RETAIN flag on live delivery, "
            + "Retain As Published 0 clears it")
    void retainAsPublishedControlsTheRetainFlag() {
        HiveMqClient asPublished = this.clients.hivemqConnected("rap1");
        asPublished.client().subscribeWith().topicFilter("rap/t").qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(true)
                .send();
        HiveMqClient cleared = this.clients.hivemqConnected("rap0");
        cleared.client().subscribeWith().topicFilter("rap/t").qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(false)
                .send();

        this.clients.hivemqConnected("rap-pub").publishRetained("rap/t", "retained live", MqttQos.AT_LEAST_ONCE);
        Mqtt5Publish kept = asPublished.messages().next();
        Mqtt5Publish plain = cleared.messages().next();
        assertThat(kept.isRetain()).isTrue();
        assertThat(plain.isRetain()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.3.1-9] [MQTT-3.8.4-4] Retain Handling 0 sends retained messages on every subscribe, "
            + "including a replacing one")
    void retainHandlingZeroSendsOnEverySubscribe() {
        this.clients.hivemqConnected("rh0-pub").publishRetained("rh0/t", "stored", MqttQos.AT_LEAST_ONCE);
        HiveMqClient subscriber = this.clients.hivemqConnected("rh0");
        for (int i = 0; i < 2; i++) {
            subscriber.client().subscribeWith().topicFilter("rh0/t").qos(MqttQos.AT_LEAST_ONCE)
                    .retainHandling(Mqtt5RetainHandling.SEND).send();
            Mqtt5Publish publish = subscriber.messages().next();
            assertThat(new String(publish.getPayloadAsBytes())).isEqualTo("stored");
            assertThat(publish.isRetain()).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.1-10] Retain Handling 1 sends retained messages only when the subscription is new")
    void retainHandlingOneSendsOnlyForNewSubscription() {
        this.clients.hivemqConnected("rh1-pub").publishRetained("rh1/t", "stored", MqttQos.AT_LEAST_ONCE);
        HiveMqClient subscriber = this.clients.hivemqConnected("rh1");
        subscriber.client().subscribeWith().topicFilter("rh1/t").qos(MqttQos.AT_LEAST_ONCE)
                .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).send();
        assertThat(subscriber.nextPayload()).isEqualTo("stored");
        subscriber.client().subscribeWith().topicFilter("rh1/t").qos(MqttQos.AT_LEAST_ONCE)
                .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).send();
        subscriber.messages().staysEmptyFor(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("[MQTT-3.3.1-11] Retain Handling 2 sends no retained messages, but live ones still arrive")
    void retainHandlingTwoSendsNone() {
        HiveMqClient publisher = this.clients.hivemqConnected("rh2-pub");
        publisher.publishRetained("rh2/t", "stored", MqttQos.AT_LEAST_ONCE);
        HiveMqClient subscriber = this.clients.hivemqConnected("rh2");
        subscriber.client().subscribeWith().topicFilter("rh2/t").qos(MqttQos.AT_LEAST_ONCE)
                .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND).send();
        subscriber.messages().staysEmptyFor(Duration.ofMillis(500));
        publisher.publish("rh2/t", "live", MqttQos.AT_LEAST_ONCE);
        assertThat(subscriber.nextPayload()).isEqualTo("live");
    }

    @Test
    @DisplayName("[MQTT-3.8.3-4] No Local on a shared subscription gets DISCONNECT 0x82")
    void noLocalOnSharedSubscriptionIsProtocolError() {
        RawClient client = rawClient("sharednolocal");
        client.send(Mqtt5Packets.subscribe(1, "$share/group/shared/t", 0x04 | 0x01));
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x82);
    }

    @Test
    @DisplayName("[MQTT-3.8.3-4] a SUBSCRIBE refused for its second filter leaves the session without its first")
    void refusedSubscribeChangesNothing() {
        String clientId = ClientIds.unique("atomic");
        RawClient client = this.clients.raw(Mqtt5Packets.connect(clientId, true, 60,
                Mqtt5Properties.builder().integer(Mqtt5Properties.SESSION_EXPIRY_INTERVAL, 60).build()));
        client.send(Mqtt5Packets.subscribe(1, Mqtt5Properties.NONE, new Filter("atomic/a", 0x01),
                new Filter("$share/group/atomic/b", 0x04 | 0x01)));
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x82);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.broker.broker().sessions())
                .filteredOn((session) -> session.clientId().equals(clientId)).singleElement()
                .satisfies((session) -> {
                    assertThat(session.connected()).isFalse();
                    assertThat(session.subscriptions()).isEmpty();
                }));
    }

    static Stream<Arguments> invalidSubscribePackets() {
        return Stream.of(
                Arguments.of("[MQTT-3.8.3-5] reserved option bits 6-7 set", 0x81,
                        Mqtt5Packets.subscribe(1, "opts/t", 0xC1)),
                Arguments.of("MQTT 5.0 section 3.8.3.1: QoS 3 in the options", 0x82,
                        Mqtt5Packets.subscribe(1, "opts/t", 0x03)),
                Arguments.of("MQTT 5.0 section 3.8.3.1: Retain Handling 3", 0x82,
                        Mqtt5Packets.subscribe(1, "opts/t", 0x30)),
                Arguments.of("MQTT 5.0 section 3.8.2.1.2: Subscription Identifier 0", 0x82,
                        Mqtt5Packets.subscribe(1, subscriptionIdentifier(0), new Filter("opts/t", 0))),
                Arguments.of("[MQTT-3.8.3-2] SUBSCRIBE without topic filters", 0x82,
                        MqttBytes.packet(0x82)                      // SUBSCRIBE
                                .u16(1)                             // packet identifier
                                .varint(0)                          // no properties, and no filters follow
                                .build()),
                Arguments.of("[MQTT-3.10.3-2] UNSUBSCRIBE without topic filters", 0x82,
                        MqttBytes.packet(0xA2)                      // UNSUBSCRIBE
                                .u16(1)                             // packet identifier
                                .varint(0)                          // no properties, and no filters follow
                                .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSubscribePackets")
    @DisplayName("[MQTT-3.8.3-5] [MQTT-3.8.3-2] [MQTT-3.10.3-2] MQTT 5.0 sections 3.8.2.1.2 and 3.8.3.1: invalid "
            + "SUBSCRIBE or UNSUBSCRIBE packets get DISCONNECT 0x81 (malformed) or 0x82 (protocol error)")
    void invalidSubscribePacketsAreRefused(String description, int expectedReason, byte[] packet) {
        RawClient client = rawClient("badsub");
        client.send(packet);
        List<RawClient.Packet> packets = client.awaitClose(Duration.ofSeconds(2));
        assertThat(packets).as(description).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).as(description).isEqualTo(expectedReason);
    }

    @Test
    @DisplayName("[MQTT-3.10.4-1] [MQTT-3.10.4-2] [MQTT-3.10.4-6] [MQTT-3.11.3-1] [MQTT-3.11.3-2] UNSUBACK reports "
            + "0x00 for a removed subscription and 0x11 where none existed, in order; filters compare literally")
    void unsubackReportsRemovedAndMissingSubscriptions() {
        HiveMqClient client = this.clients.hivemqConnected("unsub");
        client.subscribe("unsub/a", MqttQos.AT_LEAST_ONCE);
        client.subscribe("unsub/+", MqttQos.AT_LEAST_ONCE);
        Mqtt5UnsubAck unsuback = client.client().unsubscribeWith().topicFilter("unsub/a").addTopicFilter("unsub/none")
                .addTopicFilter("unsub/b").send();
        assertThat(unsuback.getReasonCodes()).containsExactly(Mqtt5UnsubAckReasonCode.SUCCESS,
                Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED, Mqtt5UnsubAckReasonCode.NO_SUBSCRIPTIONS_EXISTED);

        HiveMqClient publisher = this.clients.hivemqConnected("unsub-pub");
        publisher.publish("unsub/a", "via the wildcard", MqttQos.AT_LEAST_ONCE);
        assertThat(client.nextPayload()).isEqualTo("via the wildcard");
        client.client().unsubscribeWith().topicFilter("unsub/+").send();
        publisher.publish("unsub/a", "nobody left", MqttQos.AT_LEAST_ONCE);
        client.messages().staysEmptyFor(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("[MQTT-3.10.4-4] [MQTT-3.10.4-5] UNSUBACK carries the UNSUBSCRIBE's packet identifier even when "
            + "nothing was removed")
    void unsubackCarriesPacketIdentifier() {
        RawClient client = rawClient("unsubid");
        client.send(Mqtt5Packets.unsubscribe(314, "never/subscribed"));
        SubAck unsuback = Mqtt5Packets.subAck(client.readType(Packet.UNSUBACK));
        assertThat(unsuback.packetId()).isEqualTo(314);
        assertThat(unsuback.reasonCodes()).containsExactly(0x11);
    }

    @Test
    @DisplayName("[MQTT-4.7.2-1] filters starting with a wildcard do not match topics starting with $; explicit "
            + "$ filters do")
    void wildcardsDoNotMatchDollarTopics() {
        HiveMqClient all = this.clients.subscriber("dollar-all", "#", MqttQos.AT_LEAST_ONCE);
        HiveMqClient plus = this.clients.subscriber("dollar-plus", "+/x", MqttQos.AT_LEAST_ONCE);
        HiveMqClient dollar = this.clients.subscriber("dollar-own", "$app/#", MqttQos.AT_LEAST_ONCE);
        // the application publishes: $-topics are the broker's and its application's, clients may not use them
        this.broker.broker().publish(ApplicationMessage.builder("$app/x").payload("hidden").qos(QoS.AT_LEAST_ONCE)
                .build());
        assertThat(dollar.nextPayload()).isEqualTo("hidden");
        all.messages().staysEmptyFor(Duration.ofMillis(300));
        plus.messages().staysEmptyFor(Duration.ofMillis(100));
    }

    @Test
    @DisplayName("[MQTT-4.7.3-4] [MQTT-1.5.4-3] [MQTT-3.3.2-3] topics match exactly as received: case, empty levels, "
            + "a trailing '/' and a leading U+FEFF are significant, and U+FEFF is kept")
    void topicsMatchExactlyAsReceived() {
        String bom = "\uFEFFexact/topic";
        RawClient plain = rawClient("exact");
        subscribe(plain, 1, Mqtt5Properties.NONE, new Filter("exact/topic", 0));
        RawClient withBom = rawClient("exact-bom");
        subscribe(withBom, 1, Mqtt5Properties.NONE, new Filter(bom, 0));
        RawClient publisher = rawClient("exact-pub");
        for (String topic : List.of("Exact/topic", "exact//topic", "exact/topic/", bom, "exact/topic")) {
            publisher.send(Mqtt5Packets.publish(topic, 0, 0, topic));
        }
        Publish exact = Mqtt5Packets.publish(plain.read());
        assertThat(exact.topic()).isEqualTo("exact/topic");
        assertThat(plain.staysSilent(Duration.ofMillis(300))).isTrue();
        Publish bomPublish = Mqtt5Packets.publish(withBom.read());
        assertThat(bomPublish.topic()).isEqualTo(bom);
        assertThat(bomPublish.payloadText()).isEqualTo(bom);
        assertThat(withBom.staysSilent(Duration.ofMillis(100))).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.10.4-2] [MQTT-3.10.4-3] after UNSUBSCRIBE a QoS 2 delivery already started is completed, "
            + "and new messages are no longer sent")
    void unsubscribeCompletesDeliveriesInFlight() {
        RawClient client = rawClient("inflight");
        subscribe(client, 1, Mqtt5Properties.NONE, new Filter("inflight/t", 2));
        HiveMqClient publisher = this.clients.hivemqConnected("inflight-pub");
        publisher.publish("inflight/t", "started", MqttQos.EXACTLY_ONCE);
        Publish started = Mqtt5Packets.publish(client.read());
        client.send(Mqtt5Packets.unsubscribe(2, "inflight/t"));
        assertThat(Mqtt5Packets.subAck(client.readType(Packet.UNSUBACK)).reasonCodes()).containsExactly(0x00);
        publisher.publish("inflight/t", "after", MqttQos.EXACTLY_ONCE);
        client.send(MqttBytes.pubrec(started.packetId()));
        RawClient.Packet pubrel = client.read();
        assertThat(pubrel.type()).isEqualTo(Packet.PUBREL);
        assertThat(Mqtt5Packets.ack(pubrel)).extracting(Mqtt5Packets.Ack::packetId, Mqtt5Packets.Ack::reasonCode)
                .containsExactly(started.packetId(), 0x00);
        client.send(MqttBytes.pubcomp(started.packetId()));
        assertThat(client.staysSilent(Duration.ofMillis(500))).as("nothing after UNSUBSCRIBE").isTrue();
    }

    @Test
    @DisplayName("[MQTT-4.8.2-3] a shared subscription delivers each message to one member of the group, at no more "
            + "than that member's granted QoS")
    void sharedSubscriptionDeliversEachMessageOnce() {
        HiveMqClient first = this.clients.subscriber("shared-1", "$share/workers/jobs/#", MqttQos.AT_LEAST_ONCE);
        HiveMqClient second = this.clients.subscriber("shared-2", "$share/workers/jobs/#", MqttQos.AT_MOST_ONCE);
        HiveMqClient publisher = this.clients.hivemqConnected("shared-pub");
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            sent.add("job" + i);
            publisher.publish("jobs/queue", "job" + i, MqttQos.AT_LEAST_ONCE);
        }
        List<String> received = new ArrayList<>();
        List<Mqtt5Publish> toSecond = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            drain(first, received, null);
            drain(second, received, toSecond);
            return received.size() >= 6;
        });
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(toSecond).allSatisfy((publish) -> assertThat(publish.getQos()).isEqualTo(MqttQos.AT_MOST_ONCE));
        first.messages().staysEmptyFor(Duration.ofMillis(300));
        second.messages().staysEmptyFor(Duration.ofMillis(100));
    }

    private static void drain(HiveMqClient hive, List<String> payloads, List<Mqtt5Publish> publishes) {
        while (!hive.messages().isEmpty()) {
            Mqtt5Publish publish = hive.messages().next();
            payloads.add(new String(publish.getPayloadAsBytes()));
            if (publishes != null) {
                publishes.add(publish);
            }
        }
    }

}
