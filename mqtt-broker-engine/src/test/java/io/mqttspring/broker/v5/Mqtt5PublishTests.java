package io.mqttspring.broker.v5;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.metrics.DropReason;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Ack;
import io.mqttspring.broker.support.Mqtt5Packets.Publish;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.mqttspring.broker.support.Mqtt5Properties.CONTENT_TYPE;
import static io.mqttspring.broker.support.Mqtt5Properties.CORRELATION_DATA;
import static io.mqttspring.broker.support.Mqtt5Properties.MAXIMUM_PACKET_SIZE;
import static io.mqttspring.broker.support.Mqtt5Properties.MESSAGE_EXPIRY_INTERVAL;
import static io.mqttspring.broker.support.Mqtt5Properties.PAYLOAD_FORMAT_INDICATOR;
import static io.mqttspring.broker.support.Mqtt5Properties.REASON_STRING;
import static io.mqttspring.broker.support.Mqtt5Properties.RECEIVE_MAXIMUM;
import static io.mqttspring.broker.support.Mqtt5Properties.REQUEST_PROBLEM_INFORMATION;
import static io.mqttspring.broker.support.Mqtt5Properties.RESPONSE_TOPIC;
import static io.mqttspring.broker.support.Mqtt5Properties.SESSION_EXPIRY_INTERVAL;
import static io.mqttspring.broker.support.Mqtt5Properties.SUBSCRIPTION_IDENTIFIER;
import static io.mqttspring.broker.support.Mqtt5Properties.TOPIC_ALIAS;
import static io.mqttspring.broker.support.Mqtt5Properties.TOPIC_ALIAS_MAXIMUM;
import static io.mqttspring.broker.support.Mqtt5Properties.USER_PROPERTY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/**
 * MQTT 5 PUBLISH: acknowledgements and their reason codes, message properties on their way to subscribers, topic
 * aliases from the client, flow control towards the client, and exactly-once reception.
 */
class Mqtt5PublishTests {

    @RegisterExtension
    final BrokerExtension broker = BrokerExtension.onManualClock();

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private RawClient rawSubscriber(String filter, int qos, Mqtt5Properties connectProperties) {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("raw-sub"), true, 60,
                connectProperties));
        client.send(Mqtt5Packets.subscribe(1, filter, qos));
        assertThat(Mqtt5Packets.subAck(client.read()).reasonCodes()).containsExactly(qos);
        return client;
    }

    private static int disconnectReasonAfter(RawClient client, byte[] packet) {
        client.send(packet);
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        return Mqtt5Packets.disconnect(packets.get(0)).reasonCode();
    }

    private static Mqtt5Properties alias(int alias) {
        return Mqtt5Properties.builder().integer(TOPIC_ALIAS, alias).build();
    }

    @Test
    @DisplayName("[MQTT-2.2.1-5] [MQTT-3.3.4-1] [MQTT-4.3.2-4] [MQTT-4.3.3-8] [MQTT-4.3.3-11] [MQTT-3.4.2-1] "
            + "[MQTT-3.5.2-1] [MQTT-3.7.2-1] QoS 1 is answered with PUBACK 0x00, QoS 2 with PUBREC 0x00 and PUBCOMP "
            + "0x00, each with the publication's packet identifier")
    void qos1AndQos2AreAcknowledgedWithTheirPacketIdentifiers() {
        HiveMqClient subscriber = this.clients.subscriber("ack-sub", "ack/#", MqttQos.EXACTLY_ONCE);
        RawClient publisher = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("ack-pub")));
        publisher.send(Mqtt5Packets.publish("ack/one", 1, 11, "qos1"));
        RawClient.Packet puback = publisher.read();
        assertThat(puback.type()).isEqualTo(Packet.PUBACK);
        assertThat(Mqtt5Packets.ack(puback)).extracting(Ack::packetId, Ack::reasonCode).containsExactly(11, 0x00);

        publisher.send(Mqtt5Packets.publish("ack/two", 2, 12, "qos2"));
        RawClient.Packet pubrec = publisher.read();
        assertThat(pubrec.type()).isEqualTo(Packet.PUBREC);
        assertThat(Mqtt5Packets.ack(pubrec)).extracting(Ack::packetId, Ack::reasonCode).containsExactly(12, 0x00);
        publisher.send(MqttBytes.pubrel(12));
        RawClient.Packet pubcomp = publisher.read();
        assertThat(pubcomp.type()).isEqualTo(Packet.PUBCOMP);
        assertThat(Mqtt5Packets.ack(pubcomp)).extracting(Ack::packetId, Ack::reasonCode).containsExactly(12, 0x00);

        assertThat(List.of(subscriber.nextPayload(), subscriber.nextPayload())).containsExactly("qos1", "qos2");
    }

    @Test
    @DisplayName("MQTT 5.0 sections 3.4.2.1 and 3.5.2.1: PUBACK and PUBREC carry 0x10 when no subscriber matched")
    void acknowledgementsReportNoMatchingSubscribers() {
        HiveMqClient publisher = this.clients.hivemqConnected("nomatch");
        Mqtt5PublishResult qos1 = publisher.publish("nomatch/" + ClientIds.unique("t"), "lonely",
                MqttQos.AT_LEAST_ONCE);
        assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) qos1).getPubAck().getReasonCode())
                .isEqualTo(Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
        Mqtt5PublishResult qos2 = publisher.publish("nomatch/" + ClientIds.unique("t"), "lonely",
                MqttQos.EXACTLY_ONCE);
        assertThat(((Mqtt5PublishResult.Mqtt5Qos2Result) qos2).getPubRec().getReasonCode())
                .isEqualTo(Mqtt5PubRecReasonCode.NO_MATCHING_SUBSCRIBERS);

        this.clients.subscriber("nomatch-sub", "nomatch/matched", MqttQos.AT_LEAST_ONCE);
        Mqtt5PublishResult matched = publisher.publish("nomatch/matched", "heard", MqttQos.AT_LEAST_ONCE);
        assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) matched).getPubAck().getReasonCode())
                .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    }

    @Test
    @DisplayName("[MQTT-3.7.2-1] MQTT 5.0 section 3.7.2.1: PUBREL for an unknown packet identifier gets PUBCOMP 0x92")
    void pubrelForUnknownPacketIdentifierGetsPacketIdentifierNotFound() {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("pubrel")));
        client.send(MqttBytes.pubrel(99));
        Ack pubcomp = Mqtt5Packets.ack(client.readType(Packet.PUBCOMP));
        assertThat(pubcomp.packetId()).isEqualTo(99);
        assertThat(pubcomp.reasonCode()).isEqualTo(0x92);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-4] [MQTT-3.3.2-6] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-17] [MQTT-3.3.2-18] "
            + "[MQTT-3.3.2-20] message properties reach Paho v5 and raw subscribers unchanged, User Properties in "
            + "order, Message Expiry Interval not above the original")
    void messagePropertiesReachSubscribersUnchanged() {
        Paho5Client paho = this.clients.paho5Connected("props-paho");
        paho.subscribe("props/t", 1);
        RawClient raw = rawSubscriber("props/t", 1, Mqtt5Properties.NONE);
        byte[] correlation = { 0x00, 0x01, (byte) 0xFF, 0x7F };

        HiveMqClient publisher = this.clients.hivemqConnected("props-pub");
        publisher.client().publishWith().topic("props/t").payload(MqttBytes.utf8("héllo"))
                .qos(MqttQos.AT_LEAST_ONCE).payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .contentType("text/plain; charset=utf-8")
                .responseTopic("props/reply").correlationData(correlation).messageExpiryInterval(60)
                .userProperties().add("zeta", "1").add("alpha", "2").add("zeta", "3").applyUserProperties()
                .send();

        Publish forwarded = Mqtt5Packets.publish(raw.read());
        Mqtt5Properties properties = forwarded.properties();
        assertThat(forwarded.payloadText()).isEqualTo("héllo");
        assertThat(properties.integer(PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1);
        assertThat(properties.string(CONTENT_TYPE)).isEqualTo("text/plain; charset=utf-8");
        assertThat(properties.string(RESPONSE_TOPIC)).isEqualTo("props/reply");
        assertThat(properties.binary(CORRELATION_DATA)).containsExactly(correlation);
        assertThat(properties.userProperties()).containsExactly("zeta=1", "alpha=2", "zeta=3");
        assertThat(properties.integer(MESSAGE_EXPIRY_INTERVAL)).isBetween(1L, 60L);
        raw.send(MqttBytes.puback(forwarded.packetId()));

        Paho5Client.Received message = paho.messages().next();
        MqttProperties pahoProperties = message.properties();
        assertThat(message.payload()).isEqualTo("héllo");
        assertThat(pahoProperties.getPayloadFormat()).isTrue();
        assertThat(pahoProperties.getContentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(pahoProperties.getResponseTopic()).isEqualTo("props/reply");
        assertThat(pahoProperties.getCorrelationData()).containsExactly(correlation);
        assertThat(pahoProperties.getUserProperties()).extracting(UserProperty::getKey, UserProperty::getValue)
                .containsExactly(tuple("zeta", "1"), tuple("alpha", "2"), tuple("zeta", "3"));
        assertThat(pahoProperties.getMessageExpiryInterval()).isBetween(1L, 60L);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] [MQTT-3.3.2-6] a queued message whose expiry passed is not delivered; one that "
            + "waited is forwarded with its Message Expiry Interval reduced by the wait")
    void messageExpiryIsAppliedWhileQueued() {
        String clientId = ClientIds.unique("expiry");
        Mqtt5Properties persistent = Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 60).build();
        RawClient first = this.clients.raw(Mqtt5Packets.connect(clientId, true, 60, persistent));
        first.send(Mqtt5Packets.subscribe(1, "expiry/t", 1));
        first.readType(Packet.SUBACK);
        first.send(Mqtt5Packets.disconnect(0x00, Mqtt5Properties.NONE));
        assertThat(first.awaitClose()).isEmpty();

        HiveMqClient publisher = this.clients.hivemqConnected("expiry-pub");
        publisher.client().publishWith().topic("expiry/t").payload(MqttBytes.utf8("short-lived"))
                .qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(1).send();
        publisher.client().publishWith().topic("expiry/t").payload(MqttBytes.utf8("long-lived"))
                .qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(30).send();
        // more than a second passes while the messages wait in the offline session
        this.broker.clock().advance(Duration.ofMillis(1500));

        RawClient second = this.clients.raw(Mqtt5Packets.connect(clientId, false, 60, persistent));
        Publish delivered = Mqtt5Packets.publish(second.read());
        assertThat(delivered.payloadText()).isEqualTo("long-lived");
        assertThat(delivered.properties().integer(MESSAGE_EXPIRY_INTERVAL)).isEqualTo(29L);
        second.send(MqttBytes.puback(delivered.packetId()));
        assertThat(second.staysSilent(Duration.ofMillis(300))).isTrue();
        assertThat(this.broker.broker().statistics().messagesDropped(DropReason.EXPIRED)).isEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-12] MQTT 5.0 section 3.3.2.3.4: a Topic Alias defined with a topic name is resolved "
            + "for later PUBLISHes with an empty topic name, up to the maximum 10, and may be redefined")
    void topicAliasesFromTheClientAreResolved() {
        HiveMqClient subscriber = this.clients.subscriber("alias-sub", "alias/#", MqttQos.AT_MOST_ONCE);
        RawClient publisher = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("alias-pub")));
        publisher.send(Mqtt5Packets.publish("alias/one", 0, false, 0, alias(1), "defines 1"),
                Mqtt5Packets.publish("", 0, false, 0, alias(1), "uses 1"),
                Mqtt5Packets.publish("alias/ten", 0, false, 0, alias(10), "defines 10"),
                Mqtt5Packets.publish("", 0, false, 0, alias(10), "uses 10"),
                Mqtt5Packets.publish("alias/other", 0, false, 0, alias(1), "redefines 1"),
                Mqtt5Packets.publish("", 0, false, 0, alias(1), "uses 1 again"));
        List<String> received = new ArrayList<>();
        for (Mqtt5Publish publish : subscriber.messages().next(6)) {
            received.add(publish.getTopic() + " " + new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8));
        }
        assertThat(received).containsExactly("alias/one defines 1", "alias/one uses 1", "alias/ten defines 10",
                "alias/ten uses 10", "alias/other redefines 1", "alias/other uses 1 again");
    }

    @ParameterizedTest(name = "Topic Alias {0}")
    @ValueSource(ints = { 0, 11 })
    @DisplayName("[MQTT-3.2.2-17] [MQTT-3.3.2-9] MQTT 5.0 section 3.3.2.3.4: Topic Alias 0 or above the Topic Alias "
            + "Maximum 10 gets DISCONNECT 0x94")
    void invalidTopicAliasIsRefused(int topicAlias) {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("badalias")));
        assertThat(disconnectReasonAfter(client,
                Mqtt5Packets.publish("alias/t", 0, false, 0, alias(topicAlias), "bad alias"))).isEqualTo(0x94);
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.3.4: an empty topic name with a Topic Alias that has no mapping gets "
            + "DISCONNECT 0x82")
    void unknownTopicAliasIsProtocolError() {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("unknownalias")));
        assertThat(disconnectReasonAfter(client, Mqtt5Packets.publish("", 0, false, 0, alias(3), "where to?")))
                .isEqualTo(0x82);
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.3.2.1: an empty topic name without a Topic Alias gets DISCONNECT 0x82")
    void emptyTopicWithoutAliasIsProtocolError() {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("emptytopic")));
        assertThat(disconnectReasonAfter(client, Mqtt5Packets.publish("", 0, 0, "nowhere"))).isEqualTo(0x82);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-7] Topic Alias mappings do not survive the connection: a resumed session cannot use "
            + "an alias defined before (DISCONNECT 0x82)")
    void topicAliasesEndWithTheConnection() {
        String clientId = ClientIds.unique("aliasconn");
        Mqtt5Properties persistent = Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 60).build();
        RawClient first = this.clients.raw(Mqtt5Packets.connect(clientId, true, 60, persistent));
        first.send(Mqtt5Packets.publish("aliasconn/t", 1, false, 1, alias(2), "defines 2"));
        assertThat(Mqtt5Packets.ack(first.read()).packetId()).isEqualTo(1);
        first.send(Mqtt5Packets.disconnect(0x00, Mqtt5Properties.NONE));
        assertThat(first.awaitClose()).isEmpty();

        RawClient second = this.clients.raw(Mqtt5Packets.connect(clientId, false, 60, persistent));
        assertThat(disconnectReasonAfter(second, Mqtt5Packets.publish("", 0, false, 0, alias(2), "stale alias")))
                .isEqualTo(0x82);
    }

    @Test
    @DisplayName("[MQTT-3.3.4-6] a PUBLISH from a client carrying a Subscription Identifier gets DISCONNECT 0x82")
    void subscriptionIdentifierInClientPublishIsProtocolError() {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("subid-pub")));
        byte[] publish = Mqtt5Packets.publish("subid/t", 0, false, 0,
                Mqtt5Properties.builder().integer(SUBSCRIPTION_IDENTIFIER, 5).build(), "not allowed");
        assertThat(disconnectReasonAfter(client, publish)).isEqualTo(0x82);
    }

    @Test
    @DisplayName("[MQTT-3.3.4-9] [MQTT-3.3.4-10] [MQTT-4.9.0-1] [MQTT-4.9.0-2] [MQTT-4.9.0-3] [MQTT-2.2.1-4] "
            + "[MQTT-4.3.2-1] [MQTT-4.6.0-5] [MQTT-4.6.0-6] a client with Receive Maximum 2 that does not "
            + "acknowledge gets at most 2 QoS 1 messages, still gets PINGRESP, and one more per PUBACK, in order")
    void clientReceiveMaximumIsHonoured() {
        RawClient subscriber = rawSubscriber("recv/t", 1,
                Mqtt5Properties.builder().integer(RECEIVE_MAXIMUM, 2).build());
        HiveMqClient publisher = this.clients.hivemqConnected("recv-pub");
        for (int i = 1; i <= 5; i++) {
            publisher.publish("recv/t", "m" + i, MqttQos.AT_LEAST_ONCE);
        }
        Publish first = Mqtt5Packets.publish(subscriber.read());
        Publish second = Mqtt5Packets.publish(subscriber.read());
        assertThat(List.of(first.payloadText(), second.payloadText())).containsExactly("m1", "m2");
        assertThat(first.packetId()).isNotZero().isNotEqualTo(second.packetId());
        assertThat(second.packetId()).isNotZero();
        subscriber.send(MqttBytes.pingreq());
        assertThat(subscriber.read().type()).as("PINGRESP while the quota is used up")
                .isEqualTo(Packet.PINGRESP);
        assertThat(subscriber.staysSilent(Duration.ofMillis(500))).as("no third PUBLISH before an acknowledgement")
                .isTrue();

        subscriber.send(MqttBytes.puback(first.packetId()));
        Publish third = Mqtt5Packets.publish(subscriber.read());
        assertThat(third.payloadText()).isEqualTo("m3");
        assertThat(third.packetId()).isNotEqualTo(second.packetId());
        assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();

        subscriber.send(MqttBytes.puback(second.packetId()), MqttBytes.puback(third.packetId()));
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Publish next = Mqtt5Packets.publish(subscriber.read());
            rest.add(next.payloadText());
            subscriber.send(MqttBytes.puback(next.packetId()));
        }
        assertThat(rest).containsExactly("m4", "m5");
    }

    @Test
    @DisplayName("[MQTT-3.3.4-9] a QoS 2 message holds its Receive Maximum slot until PUBCOMP, not PUBREC")
    void qos2SlotIsFreedByPubcomp() {
        RawClient subscriber = rawSubscriber("recv2/t", 2,
                Mqtt5Properties.builder().integer(RECEIVE_MAXIMUM, 1).build());
        HiveMqClient publisher = this.clients.hivemqConnected("recv2-pub");
        publisher.publish("recv2/t", "first", MqttQos.EXACTLY_ONCE);
        publisher.publish("recv2/t", "second", MqttQos.EXACTLY_ONCE);
        Publish first = Mqtt5Packets.publish(subscriber.read());
        assertThat(first.payloadText()).isEqualTo("first");
        subscriber.send(MqttBytes.pubrec(first.packetId()));
        RawClient.Packet pubrel = subscriber.read();
        assertThat(pubrel.type()).isEqualTo(Packet.PUBREL);
        assertThat(subscriber.staysSilent(Duration.ofMillis(500))).as("second held back until PUBCOMP").isTrue();
        subscriber.send(MqttBytes.pubcomp(first.packetId()));
        assertThat(Mqtt5Packets.publish(subscriber.read()).payloadText()).isEqualTo("second");
    }

    @Test
    @DisplayName("[MQTT-4.4.0-1] [MQTT-4.9.0-1] [MQTT-4.9.0-2] unacknowledged messages are resent on reconnect with "
            + "their packet identifiers, in order, but no more at once than the new, smaller Receive Maximum")
    void resendAfterReconnectRespectsNewReceiveMaximum() {
        String clientId = ClientIds.unique("resend-window");
        RawClient first = this.clients.raw(Mqtt5Packets.connect(clientId, true, 60, Mqtt5Properties.builder()
                .integer(SESSION_EXPIRY_INTERVAL, 60).integer(RECEIVE_MAXIMUM, 10).build()));
        first.send(Mqtt5Packets.subscribe(1, "resend/t", 1));
        Mqtt5Packets.subAck(first.read());
        HiveMqClient publisher = this.clients.hivemqConnected("resend-pub");
        for (int i = 1; i <= 4; i++) {
            publisher.publish("resend/t", "m" + i, MqttQos.AT_LEAST_ONCE);
        }
        List<Integer> packetIds = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Publish sent = Mqtt5Packets.publish(first.read());
            assertThat(sent.payloadText()).isEqualTo("m" + i);
            packetIds.add(sent.packetId());
        }
        first.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> this.broker.broker().sessions().stream()
                .noneMatch((session) -> session.clientId().equals(clientId) && session.connected()));

        RawClient second = this.clients.raw(Mqtt5Packets.connect(clientId, false, 60, Mqtt5Properties.builder()
                .integer(SESSION_EXPIRY_INTERVAL, 60).integer(RECEIVE_MAXIMUM, 2).build()));
        Publish r1 = Mqtt5Packets.publish(second.read());
        Publish r2 = Mqtt5Packets.publish(second.read());
        assertThat(List.of(r1.payloadText(), r2.payloadText())).containsExactly("m1", "m2");
        assertThat(r1.duplicate() && r2.duplicate()).as("resent with DUP 1").isTrue();
        assertThat(List.of(r1.packetId(), r2.packetId())).isEqualTo(packetIds.subList(0, 2));
        assertThat(second.staysSilent(Duration.ofMillis(500))).as("window of 2 is full").isTrue();
        second.send(MqttBytes.puback(r1.packetId()));
        Publish r3 = Mqtt5Packets.publish(second.read());
        assertThat(r3.payloadText()).isEqualTo("m3");
        assertThat(r3.duplicate()).isTrue();
        assertThat(r3.packetId()).isEqualTo(packetIds.get(2));
        assertThat(second.staysSilent(Duration.ofMillis(300))).isTrue();
        second.send(MqttBytes.puback(r2.packetId()), MqttBytes.puback(r3.packetId()));
        Publish r4 = Mqtt5Packets.publish(second.read());
        assertThat(r4.payloadText()).isEqualTo("m4");
        second.send(MqttBytes.puback(r4.packetId()));
        assertThat(second.staysSilent(Duration.ofMillis(300))).as("each message once").isTrue();
    }

    @Test
    @DisplayName("[MQTT-4.3.3-10] [MQTT-4.3.3-12] a QoS 2 PUBLISH repeated before PUBREL is acknowledged again but "
            + "routed once; after PUBCOMP the same packet identifier carries a new message")
    void qos2DuplicateBeforePubrelIsNotRoutedTwice() {
        HiveMqClient subscriber = this.clients.subscriber("qos2dup-sub", "qos2dup/t", MqttQos.EXACTLY_ONCE);
        RawClient publisher = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("qos2dup-pub")));
        publisher.send(Mqtt5Packets.publish("qos2dup/t", 2, 7, "once"));
        assertThat(Mqtt5Packets.ack(publisher.read()).packetId()).isEqualTo(7);
        publisher.send(Mqtt5Packets.publish(true, "qos2dup/t", 2, false, 7, Mqtt5Properties.NONE,
                MqttBytes.utf8("once")));
        RawClient.Packet pubrecAgain = publisher.read();
        assertThat(pubrecAgain.type()).isEqualTo(Packet.PUBREC);
        assertThat(Mqtt5Packets.ack(pubrecAgain).packetId()).isEqualTo(7);
        publisher.send(MqttBytes.pubrel(7));
        assertThat(Mqtt5Packets.ack(publisher.readType(Packet.PUBCOMP)).reasonCode()).isZero();

        assertThat(subscriber.nextPayload()).isEqualTo("once");
        subscriber.messages().staysEmptyFor(Duration.ofMillis(500));

        publisher.send(Mqtt5Packets.publish("qos2dup/t", 2, 7, "new message"));
        assertThat(Mqtt5Packets.ack(publisher.readType(Packet.PUBREC)).reasonCode()).isZero();
        publisher.send(MqttBytes.pubrel(7));
        publisher.readType(Packet.PUBCOMP);
        assertThat(subscriber.nextPayload()).isEqualTo("new message");
    }

    @Test
    @DisplayName("[MQTT-4.3.2-5] [MQTT-3.3.1-3] after PUBACK a QoS 1 PUBLISH reusing the packet identifier is a new "
            + "message, whatever its DUP flag; forwarded copies have DUP 0")
    void qos1PacketIdentifierReuseIsNewMessage() {
        RawClient subscriber = rawSubscriber("qos1dup/t", 1, Mqtt5Properties.NONE);
        RawClient publisher = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("qos1dup-pub")));
        publisher.send(Mqtt5Packets.publish("qos1dup/t", 1, 5, "first"));
        assertThat(Mqtt5Packets.ack(publisher.read()).packetId()).isEqualTo(5);
        publisher.send(Mqtt5Packets.publish(true, "qos1dup/t", 1, false, 5, Mqtt5Properties.NONE,
                MqttBytes.utf8("second")));
        assertThat(Mqtt5Packets.ack(publisher.read()).packetId()).isEqualTo(5);

        Publish first = Mqtt5Packets.publish(subscriber.read());
        subscriber.send(MqttBytes.puback(first.packetId()));
        Publish second = Mqtt5Packets.publish(subscriber.read());
        subscriber.send(MqttBytes.puback(second.packetId()));
        assertThat(List.of(first.payloadText(), second.payloadText())).containsExactly("first", "second");
        assertThat(second.duplicate()).as("DUP of the forwarded copy").isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.8.4-8] [MQTT-3.3.1-2] [MQTT-2.2.1-2] [MQTT-4.3.1-1] delivered QoS is the lower of published "
            + "and granted QoS; QoS 0 deliveries have DUP 0 and no packet identifier")
    void deliveredQosIsTheLowerOfPublishedAndGranted() {
        RawClient subscriber = rawSubscriber("downgrade/t", 1, Mqtt5Properties.NONE);
        HiveMqClient publisher = this.clients.hivemqConnected("downgrade-pub");
        publisher.publish("downgrade/t", "qos2", MqttQos.EXACTLY_ONCE);
        Publish downgraded = Mqtt5Packets.publish(subscriber.read());
        assertThat(downgraded.qos()).isEqualTo(1);
        subscriber.send(MqttBytes.puback(downgraded.packetId()));
        publisher.publish("downgrade/t", "qos0", MqttQos.AT_MOST_ONCE);
        RawClient.Packet qos0 = subscriber.read();
        Publish kept = Mqtt5Packets.publish(qos0);
        assertThat(kept.qos()).isZero();
        assertThat(kept.duplicate()).isFalse();
        assertThat(kept.payloadText()).isEqualTo("qos0");
        assertThat(kept.properties().ids()).isEmpty();
        // topic (2 + 11 bytes), property length 0 (1 byte) right after it, no packet identifier, payload (4 bytes)
        assertThat(qos0.body()).hasSize(2 + "downgrade/t".length() + 1 + 4);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] [MQTT-3.1.2-25] a message larger than the client's Maximum Packet Size is not sent "
            + "to it (counted as delivered); smaller ones still are")
    void messageAboveClientMaximumPacketSizeIsDropped() {
        RawClient subscriber = rawSubscriber("small/t", 1,
                Mqtt5Properties.builder().integer(MAXIMUM_PACKET_SIZE, 64).build());
        HiveMqClient publisher = this.clients.hivemqConnected("small-pub");
        publisher.publish("small/t", "x".repeat(200), MqttQos.AT_LEAST_ONCE);
        publisher.publish("small/t", "fits", MqttQos.AT_LEAST_ONCE);
        RawClient.Packet packet = subscriber.read();
        assertThat(packet.body().length + 2).as("size of the packet sent").isLessThanOrEqualTo(64);
        Publish publish = Mqtt5Packets.publish(packet);
        assertThat(publish.payloadText()).isEqualTo("fits");
        assertThat(this.broker.broker().statistics().messagesDropped(DropReason.TOO_LARGE)).isEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-26] [MQTT-3.1.2-27] [MQTT-3.3.2-1] [MQTT-3.3.2-8] [MQTT-3.3.2-11] the broker sends no "
            + "Topic Alias to a client that allows none, and none that is 0 or above 2 to a client that allows 2")
    void brokerRespectsClientTopicAliasMaximum() {
        RawClient none = rawSubscriber("outalias/t", 0, Mqtt5Properties.NONE);
        RawClient two = rawSubscriber("outalias/t", 0,
                Mqtt5Properties.builder().integer(TOPIC_ALIAS_MAXIMUM, 2).build());
        HiveMqClient publisher = this.clients.hivemqConnected("outalias-pub");
        for (int i = 0; i < 3; i++) {
            publisher.publish("outalias/t", "m" + i, MqttQos.AT_MOST_ONCE);
        }
        for (int i = 0; i < 3; i++) {
            Publish plain = Mqtt5Packets.publish(none.read());
            assertThat(plain.topic()).isEqualTo("outalias/t");
            assertThat(plain.properties().has(TOPIC_ALIAS)).isFalse();
            Publish aliased = Mqtt5Packets.publish(two.read());
            Long alias = aliased.properties().integer(TOPIC_ALIAS);
            if (alias == null) {
                assertThat(aliased.topic()).isEqualTo("outalias/t");
            }
            else {
                assertThat(alias).isBetween(1L, 2L);
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-29] with Request Problem Information 0 PUBACK, PUBREC, PUBCOMP, SUBACK and UNSUBACK "
            + "carry no Reason String and no User Property")
    void noProblemInformationWhenNotRequested() {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("quiet"), true, 60,
                Mqtt5Properties.builder().integer(REQUEST_PROBLEM_INFORMATION, 0).build()));
        List<Mqtt5Properties> answers = new ArrayList<>();
        client.send(Mqtt5Packets.publish("quiet/nobody", 1, 1, "x"));
        Ack puback = Mqtt5Packets.ack(client.readType(Packet.PUBACK));
        assertThat(puback.reasonCode()).isEqualTo(0x10);
        answers.add(puback.properties());
        client.send(Mqtt5Packets.publish("quiet/nobody", 2, 2, "x"));
        Ack pubrec = Mqtt5Packets.ack(client.readType(Packet.PUBREC));
        assertThat(pubrec.reasonCode()).isEqualTo(0x10);
        answers.add(pubrec.properties());
        client.send(MqttBytes.pubrel(99));
        Ack pubcomp = Mqtt5Packets.ack(client.readType(Packet.PUBCOMP));
        assertThat(pubcomp.reasonCode()).isEqualTo(0x92);
        answers.add(pubcomp.properties());
        client.send(Mqtt5Packets.subscribe(3, "quiet/#/bad", 0));
        Mqtt5Packets.SubAck suback = Mqtt5Packets.subAck(client.readType(Packet.SUBACK));
        assertThat(suback.reasonCodes()).containsExactly(0x8F);
        answers.add(suback.properties());
        client.send(Mqtt5Packets.unsubscribe(4, "quiet/none"));
        Mqtt5Packets.SubAck unsuback = Mqtt5Packets.subAck(client.readType(Packet.UNSUBACK));
        assertThat(unsuback.reasonCodes()).containsExactly(0x11);
        answers.add(unsuback.properties());
        assertThat(answers).allSatisfy((properties) -> assertThat(properties.ids()).as("properties %s", properties)
                .doesNotContain(REASON_STRING, USER_PROPERTY));
    }

    @Test
    @DisplayName("[MQTT-3.3.4-7] the default Receive Maximum, 256, is announced and enforced: 256 unreleased QoS 2 "
            + "publications are acknowledged, the 257th gets DISCONNECT 0x93")
    void defaultReceiveMaximumIsEnforced() {
        RawClient client = this.clients.raw();
        client.send(Mqtt5Packets.connect(ClientIds.unique("rm-default")));
        assertThat(Mqtt5Packets.connack(client.read()).properties().integer(RECEIVE_MAXIMUM)).isEqualTo(256);
        for (int packetId = 1; packetId <= 256; packetId++) {
            client.send(Mqtt5Packets.publish("rm/default", 2, packetId, "unreleased"));
        }
        for (int packetId = 1; packetId <= 256; packetId++) {
            assertThat(Mqtt5Packets.ack(client.readType(Packet.PUBREC)).packetId()).isEqualTo(packetId);
        }
        client.send(Mqtt5Packets.publish("rm/default", 2, 257, "one too many"));
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x93);
    }

    @Test
    @DisplayName("[MQTT-4.7.2-1] section 4.7.2: $-topics belong to the broker: a client's PUBLISH to $SYS/... gets "
            + "PUBACK or PUBREC 0x87 with a reason string, reaches no $SYS/# subscriber and is counted as refused; "
            + "HiveMQ sees 0x87")
    void publishToDollarTopicIsRefused() {
        HiveMqClient subscriber = this.clients.subscriber("sys-reader", "$SYS/#", MqttQos.AT_LEAST_ONCE);
        RawClient publisher = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("sys-forger")));
        publisher.send(Mqtt5Packets.publish("$SYS/broker/clients/connected", 1, 31, "9999"));
        Ack puback = Mqtt5Packets.ack(publisher.read());
        assertThat(puback).extracting(Ack::packetId, Ack::reasonCode).containsExactly(31, 0x87);
        assertThat(puback.properties().string(REASON_STRING)).contains("reserved");
        publisher.send(Mqtt5Packets.publish("$app/status", 2, 32, "qos2"));
        assertThat(Mqtt5Packets.ack(publisher.readType(Packet.PUBREC))).extracting(Ack::packetId,
                Ack::reasonCode).containsExactly(32, 0x87);
        HiveMqClient hive = this.clients.hivemqConnected("sys-forger-hive");
        assertThatExceptionOfType(Mqtt5PubAckException.class)
                .isThrownBy(() -> hive.publish("$SYS/broker/uptime", "forged", MqttQos.AT_LEAST_ONCE))
                .satisfies((ex) -> assertThat(ex.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        subscriber.messages().staysEmptyFor(Duration.ofMillis(300));
        assertThat(this.broker.broker().statistics().messagesRefused()).isEqualTo(3);
    }

    @Nested
    @DisplayName("with an Authorizer refusing forbidden/#")
    class Unauthorized {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> {
        }, (builder) -> builder.authorizer(new Authorizer() {

            @Override
            public boolean mayPublish(ClientInfo client, String topic, QoS qos, boolean retain) {
                return !topic.startsWith("forbidden/");
            }

        }));

        @RegisterExtension
        final TestClients clients = new TestClients(this.broker::port);

        @Test
        @DisplayName("MQTT 5.0 sections 3.4.2.1 and 3.5.2.1 [MQTT-4.3.3-9]: a refused publication gets PUBACK or "
                + "PUBREC 0x87 and reaches no subscriber")
        void refusedPublicationIsAcknowledgedWithNotAuthorized() {
            HiveMqClient subscriber = this.clients.subscriber("authz-sub", "#", MqttQos.EXACTLY_ONCE);
            RawClient publisher = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("authz-pub")));
            publisher.send(Mqtt5Packets.publish("forbidden/a", 1, 21, "qos1"));
            assertThat(Mqtt5Packets.ack(publisher.read())).extracting(Ack::packetId, Ack::reasonCode)
                    .containsExactly(21, 0x87);
            publisher.send(Mqtt5Packets.publish("forbidden/b", 2, 22, "qos2"));
            RawClient.Packet pubrec = publisher.read();
            assertThat(pubrec.type()).isEqualTo(Packet.PUBREC);
            assertThat(Mqtt5Packets.ack(pubrec)).extracting(Ack::packetId, Ack::reasonCode)
                    .containsExactly(22, 0x87);
            publisher.send(Mqtt5Packets.publish("forbidden/c", 0, 0, "qos0"));
            // a PUBREC >= 0x80 ends the exchange: the identifier is free for a new message
            publisher.send(Mqtt5Packets.publish("allowed/d", 2, 22, "allowed"));
            assertThat(Mqtt5Packets.ack(publisher.readType(Packet.PUBREC)).reasonCode()).isZero();

            Mqtt5Publish received = subscriber.messages().next();
            assertThat(received.getTopic().toString()).isEqualTo("allowed/d");
            subscriber.messages().staysEmptyFor(Duration.ofMillis(300));
        }

        @Test
        @DisplayName("MQTT 5.0 section 3.4.2.1: HiveMQ sees PUBACK 0x87 for a refused publication")
        void hivemqSeesNotAuthorized() {
            HiveMqClient publisher = this.clients.hivemqConnected("authz-hive");
            assertThatExceptionOfType(Mqtt5PubAckException.class)
                    .isThrownBy(() -> publisher.publish("forbidden/hive", "no", MqttQos.AT_LEAST_ONCE))
                    .satisfies((ex) -> assertThat(ex.getMqttMessage().getReasonCode())
                            .isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
        }

    }

}
