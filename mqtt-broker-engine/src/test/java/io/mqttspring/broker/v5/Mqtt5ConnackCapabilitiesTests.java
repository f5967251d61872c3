package io.mqttspring.broker.v5;

import java.time.Duration;
import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckRestrictions;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Connack;
import io.mqttspring.broker.support.Mqtt5Packets.Filter;
import io.mqttspring.broker.support.Mqtt5Packets.SubAck;
import io.mqttspring.broker.support.Mqtt5Packets.Will;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.TestClients;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.mqttspring.broker.support.Mqtt5Properties.ASSIGNED_CLIENT_IDENTIFIER;
import static io.mqttspring.broker.support.Mqtt5Properties.AUTHENTICATION_METHOD;
import static io.mqttspring.broker.support.Mqtt5Properties.MAXIMUM_PACKET_SIZE;
import static io.mqttspring.broker.support.Mqtt5Properties.MAXIMUM_QOS;
import static io.mqttspring.broker.support.Mqtt5Properties.RECEIVE_MAXIMUM;
import static io.mqttspring.broker.support.Mqtt5Properties.REQUEST_RESPONSE_INFORMATION;
import static io.mqttspring.broker.support.Mqtt5Properties.RESPONSE_INFORMATION;
import static io.mqttspring.broker.support.Mqtt5Properties.RETAIN_AVAILABLE;
import static io.mqttspring.broker.support.Mqtt5Properties.SERVER_KEEP_ALIVE;
import static io.mqttspring.broker.support.Mqtt5Properties.SESSION_EXPIRY_INTERVAL;
import static io.mqttspring.broker.support.Mqtt5Properties.SHARED_SUBSCRIPTION_AVAILABLE;
import static io.mqttspring.broker.support.Mqtt5Properties.SUBSCRIPTION_IDENTIFIER;
import static io.mqttspring.broker.support.Mqtt5Properties.SUBSCRIPTION_IDENTIFIER_AVAILABLE;
import static io.mqttspring.broker.support.Mqtt5Properties.TOPIC_ALIAS;
import static io.mqttspring.broker.support.Mqtt5Properties.TOPIC_ALIAS_MAXIMUM;
import static io.mqttspring.broker.support.Mqtt5Properties.WILDCARD_SUBSCRIPTION_AVAILABLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the MQTT 5 CONNACK announces (MQTT 5.0 section 3.2.2.3) for each broker configuration, and that the broker
 * then holds clients to it.
 */
class Mqtt5ConnackCapabilitiesTests {

    private static Connack connack(TestClients clients, byte[] connect) {
        RawClient client = clients.raw();
        client.send(connect);
        return Mqtt5Packets.connack(client.read());
    }

    private static Connack connack(TestClients clients) {
        return connack(clients, Mqtt5Packets.connect(ClientIds.unique("caps")));
    }

    private static int disconnectReasonAfter(RawClient client, byte[] packet) {
        client.send(packet);
        List<RawClient.Packet> packets = client.awaitClose();
        assertThat(packets).hasSize(1);
        return Mqtt5Packets.disconnect(packets.get(0)).reasonCode();
    }

    @Nested
    @DisplayName("default configuration")
    class Defaults {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension();

        @RegisterExtension
        final TestClients clients = new TestClients(this.broker::port);

        @Test
        @DisplayName("[MQTT-3.1.2-28] [MQTT-4.12.0-6] MQTT 5.0 section 3.2.2.3: CONNACK carries Maximum Packet Size "
                + "1 MiB, Receive Maximum 256 and Topic Alias Maximum 10, and no property for a capability that is "
                + "available")
        void connackAnnouncesPacketSizeReceiveMaximumAndTopicAliasMaximumOnly() {
            Connack connack = connack(this.clients);
            assertThat(connack.reasonCode()).isZero();
            assertThat(connack.properties().integer(MAXIMUM_PACKET_SIZE)).isEqualTo(1024 * 1024);
            assertThat(connack.properties().integer(RECEIVE_MAXIMUM)).isEqualTo(256);
            assertThat(connack.properties().integer(TOPIC_ALIAS_MAXIMUM)).isEqualTo(10);
            assertThat(connack.properties().ids()).as("properties of %s", connack.properties())
                    .containsExactlyInAnyOrder(MAXIMUM_PACKET_SIZE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM)
                    .doesNotContain(RESPONSE_INFORMATION, AUTHENTICATION_METHOD, ASSIGNED_CLIENT_IDENTIFIER);
        }

        @Test
        @DisplayName("MQTT 5.0 section 3.2.2.3: HiveMQ reads the defaults: everything available, 1 MiB, Receive "
                + "Maximum 256, 10 aliases")
        void hivemqSeesDefaultRestrictions() {
            HiveMqClient hive = this.clients.hivemq("caps-hive");
            Mqtt5ConnAck connack = hive.client().connect();
            Mqtt5ConnAckRestrictions restrictions = connack.getRestrictions();
            assertThat(restrictions.getMaximumPacketSize()).isEqualTo(1024 * 1024);
            assertThat(restrictions.getTopicAliasMaximum()).isEqualTo(10);
            assertThat(restrictions.getReceiveMaximum()).isEqualTo(256);
            assertThat(restrictions.getMaximumQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            assertThat(restrictions.isRetainAvailable()).isTrue();
            assertThat(restrictions.isWildcardSubscriptionAvailable()).isTrue();
            assertThat(restrictions.isSharedSubscriptionAvailable()).isTrue();
            assertThat(restrictions.areSubscriptionIdentifiersAvailable()).isTrue();
            assertThat(connack.getServerKeepAlive()).isEmpty();
            assertThat(connack.getSessionExpiryInterval()).isEmpty();
        }

        @Test
        @DisplayName("[MQTT-3.1.2-28] no Response Information when the client asks but none is configured")
        void noResponseInformationWithoutConfiguration() {
            Connack connack = connack(this.clients, Mqtt5Packets.connect(ClientIds.unique("noinfo"), true, 60,
                    Mqtt5Properties.builder().integer(REQUEST_RESPONSE_INFORMATION, 1).build()));
            assertThat(connack.reasonCode()).isZero();
            assertThat(connack.properties().has(RESPONSE_INFORMATION)).isFalse();
        }

    }

    @Nested
    @DisplayName("lowered limits")
    class LoweredLimits {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.maxPacketSize(4096).receiveMaximum(3)
                .maxKeepAlive(Duration.ofSeconds(1)).maxSessionExpiry(Duration.ofSeconds(60)));

        @RegisterExtension
        final TestClients clients = new TestClients(this.broker::port);

        @Test
        @DisplayName("MQTT 5.0 sections 3.2.2.3.3 and 3.2.2.3.6: CONNACK carries the configured Receive Maximum and "
                + "Maximum Packet Size")
        void connackCarriesReceiveMaximumAndMaximumPacketSize() {
            Connack connack = connack(this.clients);
            assertThat(connack.properties().integer(RECEIVE_MAXIMUM)).isEqualTo(3);
            assertThat(connack.properties().integer(MAXIMUM_PACKET_SIZE)).isEqualTo(4096);
        }

        @Test
        @DisplayName("MQTT 5.0 section 3.3.4: a fourth unacknowledged QoS 2 PUBLISH beyond Receive Maximum 3 gets "
                + "DISCONNECT 0x93")
        void receiveMaximumIsEnforced() {
            RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("recvmax")));
            for (int packetId = 1; packetId <= 3; packetId++) {
                client.send(Mqtt5Packets.publish("recvmax/t", 2, packetId, "m" + packetId));
                assertThat(Mqtt5Packets.ack(client.read()).packetId()).isEqualTo(packetId);
            }
            assertThat(disconnectReasonAfter(client, Mqtt5Packets.publish("recvmax/t", 2, 4, "m4")))
                    .isEqualTo(0x93);
        }

        @Test
        @DisplayName("MQTT 5.0 section 3.2.2.3.14: a keep alive above maxKeepAlive, or 0, is answered with "
                + "Server Keep Alive; one within it is not")
        void serverKeepAliveCapsTheRequest() {
            Connack above = connack(this.clients, Mqtt5Packets.connect(ClientIds.unique("ka"), true, 60,
                    Mqtt5Properties.NONE));
            assertThat(above.properties().integer(SERVER_KEEP_ALIVE)).isEqualTo(1);
            Connack zero = connack(this.clients, Mqtt5Packets.connect(ClientIds.unique("ka"), true, 0,
                    Mqtt5Properties.NONE));
            assertThat(zero.properties().integer(SERVER_KEEP_ALIVE)).isEqualTo(1);
            Connack within = connack(this.clients, Mqtt5Packets.connect(ClientIds.unique("ka"), true, 1,
                    Mqtt5Properties.NONE));
            assertThat(within.properties().has(SERVER_KEEP_ALIVE)).isFalse();
        }

        @Test
        @DisplayName("[MQTT-3.1.2-22] the broker enforces the Server Keep Alive it returned: a silent client gets "
                + "DISCONNECT 0x8D")
        void serverKeepAliveIsEnforced() {
            RawClient client = this.clients.raw();
            client.send(Mqtt5Packets.connect(ClientIds.unique("ka-enforced"), true, 600, Mqtt5Properties.NONE));
            assertThat(Mqtt5Packets.connack(client.read()).properties().integer(SERVER_KEEP_ALIVE)).isEqualTo(1);
            List<RawClient.Packet> packets = client.awaitClose(Duration.ofSeconds(5));
            assertThat(packets).hasSize(1);
            assertThat(Mqtt5Packets.disconnect(packets.get(0)).reasonCode()).isEqualTo(0x8D);
        }

        @Test
        @DisplayName("MQTT 5.0 section 3.2.2.3.2: a session expiry above maxSessionExpiry is returned capped in "
                + "CONNACK; one within it is not returned")
        void sessionExpiryCapIsReturned() {
            Connack capped = connack(this.clients, Mqtt5Packets.connect(ClientIds.unique("sei"), true, 60,
                    Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 3600).build()));
            assertThat(capped.properties().integer(SESSION_EXPIRY_INTERVAL)).isEqualTo(60);
            Connack within = connack(this.clients, Mqtt5Packets.connect(ClientIds.unique("sei"), true, 60,
                    Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 30).build()));
            assertThat(within.properties().has(SESSION_EXPIRY_INTERVAL)).isFalse();

            HiveMqClient hive = this.clients.hivemq("sei-hive");
            Mqtt5ConnAck connack = hive.client().connectWith().sessionExpiryInterval(7200).send();
            assertThat(connack.getSessionExpiryInterval()).hasValue(60);
        }

    }

    @Nested
    @DisplayName("maximum QoS 1")
    class MaximumQosOne {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.maximumQos(QoS.AT_LEAST_ONCE));

        @RegisterExtension
        final TestClients clients = new TestClients(this.broker::port);

        @Test
        @DisplayName("[MQTT-3.2.2-9] CONNACK carries Maximum QoS 1")
        void connackCarriesMaximumQos() {
            assertThat(connack(this.clients).properties().integer(MAXIMUM_QOS)).isEqualTo(1);
            Mqtt5ConnAck connack = this.clients.hivemq("maxqos").client().connect();
            assertThat(connack.getRestrictions().getMaximumQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        }

        @Test
        @DisplayName("[MQTT-3.2.2-11] MQTT 5.0 section 3.2.2.3.4: a QoS 2 PUBLISH gets DISCONNECT 0x9B")
        void qos2PublishIsRefused() {
            RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("qos2")));
            assertThat(disconnectReasonAfter(client, Mqtt5Packets.publish("maxqos/t", 2, 1, "too high")))
                    .isEqualTo(0x9B);
        }

        @Test
        @DisplayName("[MQTT-3.2.2-10] a QoS 2 SUBSCRIBE is accepted and granted QoS 1")
        void qos2SubscriptionIsGrantedQos1() {
            RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("subqos2")));
            client.send(Mqtt5Packets.subscribe(3, "maxqos/#", 2));
            assertThat(Mqtt5Packets.subAck(client.read()).reasonCodes()).containsExactly(0x01);
        }

        @Test
        @DisplayName("[MQTT-3.2.2-12] [MQTT-3.2.2-7] a will with QoS 2 is refused with CONNACK 0x9B")
        void willAboveMaximumQosIsRefused() {
            RawClient client = this.clients.raw();
            client.send(Mqtt5Packets.connect(ClientIds.unique("willqos2"), true, 60, Mqtt5Properties.NONE,
                    new Will("maxqos/will", "gone", 2, false, Mqtt5Properties.NONE)));
            List<RawClient.Packet> packets = client.awaitClose();
            assertThat(packets).hasSize(1);
            assertThat(Mqtt5Packets.connack(packets.get(0)).reasonCode()).isEqualTo(0x9B);
        }

    }

    @Nested
    @DisplayName("retained messages switched off")
    class RetainUnavailable {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.retainAvailable(false));

        @RegisterExtension
        final TestClients clients = new TestClients(this.broker::port);

        @Test
        @DisplayName("MQTT 5.0 section 3.2.2.3.5: CONNACK carries Retain Available 0")
        void connackCarriesRetainAvailableZero() {
            assertThat(connack(this.clients).properties().integer(RETAIN_AVAILABLE)).isZero();
            Mqtt5ConnAck connack = this.clients.hivemq("noretain").client().connect();
            assertThat(connack.getRestrictions().isRetainAvailable()).isFalse();
        }

        @Test
        @DisplayName("[MQTT-3.2.2-14] MQTT 5.0 section 3.2.2.3.5: a retained PUBLISH gets DISCONNECT 0x9A")
        void retainedPublishIsRefused() {
            RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("retain")));
            assertThat(disconnectReasonAfter(client,
                    Mqtt5Packets.publish("noretain/t", 0, true, 0, Mqtt5Properties.NONE, "keep me"))).isEqualTo(0x9A);
        }

        @Test
        @DisplayName("[MQTT-3.2.2-13] [MQTT-3.2.2-7] a will with Will Retain is refused with CONNACK 0x9A")
        void retainedWillIsRefused() {
            RawClient client = this.clients.raw();
            client.send(Mqtt5Packets.connect(ClientIds.unique("willretain"), true, 60, Mqtt5Properties.NONE,
                    new Will("noretain/will", "gone", 0, true, Mqtt5Properties.NONE)));
            List<RawClient.Packet> packets = client.awaitClose();
            assertThat(packets).hasSize(1);
            assertThat(Mqtt5Packets.connack(packets.get(0)).reasonCode()).isEqualTo(0x9A);
        }

    }

    @Nested
    @DisplayName("wildcard, shared subscriptions and subscription identifiers switched off")
    class SubscriptionFeaturesUnavailable {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.wildcardSubscriptionsAvailable(false)
                .sharedSubscriptionsAvailable(false).subscriptionIdentifiersAvailable(false));

        @RegisterExtension
        final TestClients clients = new TestClients(this.broker::port);

        @Test
        @DisplayName("MQTT 5.0 sections 3.2.2.3.11-13: CONNACK carries Wildcard, Subscription Identifier and Shared "
                + "Subscription Available 0")
        void connackCarriesUnavailableFlags() {
            Connack connack = connack(this.clients);
            assertThat(connack.properties().integer(WILDCARD_SUBSCRIPTION_AVAILABLE)).isZero();
            assertThat(connack.properties().integer(SUBSCRIPTION_IDENTIFIER_AVAILABLE)).isZero();
            assertThat(connack.properties().integer(SHARED_SUBSCRIPTION_AVAILABLE)).isZero();
            Mqtt5ConnAckRestrictions restrictions = this.clients.hivemq("nosubs").client().connect()
                    .getRestrictions();
            assertThat(restrictions.isWildcardSubscriptionAvailable()).isFalse();
            assertThat(restrictions.areSubscriptionIdentifiersAvailable()).isFalse();
            assertThat(restrictions.isSharedSubscriptionAvailable()).isFalse();
        }

        @Test
        @DisplayName("[MQTT-3.9.3-1] MQTT 5.0 sections 3.2.2.3.11 and 3.2.2.3.13: wildcard and shared filters get "
                + "SUBACK 0xA2 and 0x9E, in order next to a granted plain filter")
        void wildcardAndSharedSubscriptionsAreRefusedInSuback() {
            RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("nowild")));
            client.send(Mqtt5Packets.subscribe(5, Mqtt5Properties.NONE, new Filter("plain/topic", 1),
                    new Filter("wild/+", 1), new Filter("wild/#", 0), new Filter("$share/group/plain", 1)));
            SubAck suback = Mqtt5Packets.subAck(client.read());
            assertThat(suback.packetId()).isEqualTo(5);
            assertThat(suback.reasonCodes()).containsExactly(0x01, 0xA2, 0xA2, 0x9E);
            client.send(MqttBytes.pingreq());
            assertThat(client.read().type()).isEqualTo(Packet.PINGRESP);
        }

        @Test
        @DisplayName("MQTT 5.0 section 3.2.2.3.12: a SUBSCRIBE with a Subscription Identifier gets DISCONNECT 0xA1")
        void subscriptionIdentifierIsRefused() {
            RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("nosubid")));
            byte[] subscribe = Mqtt5Packets.subscribe(6,
                    Mqtt5Properties.builder().integer(SUBSCRIPTION_IDENTIFIER, 7).build(), new Filter("plain/t", 0));
            assertThat(disconnectReasonAfter(client, subscribe)).isEqualTo(0xA1);
        }

    }

    @Nested
    @DisplayName("topic aliases switched off")
    class TopicAliasesOff {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.topicAliasMaximum(0));

        @RegisterExtension
        final TestClients clients = new TestClients(this.broker::port);

        @Test
        @DisplayName("[MQTT-3.2.2-18] without Topic Alias Maximum in CONNACK a PUBLISH with a Topic Alias gets "
                + "DISCONNECT 0x94")
        void topicAliasIsRefusedWhenNoneAllowed() {
            RawClient client = this.clients.raw();
            client.send(Mqtt5Packets.connect(ClientIds.unique("noalias")));
            Connack connack = Mqtt5Packets.connack(client.read());
            assertThat(connack.properties().has(TOPIC_ALIAS_MAXIMUM)).isFalse();
            byte[] publish = Mqtt5Packets.publish("noalias/t", 0, false, 0,
                    Mqtt5Properties.builder().integer(TOPIC_ALIAS, 1).build(), "aliased");
            assertThat(disconnectReasonAfter(client, publish)).isEqualTo(0x94);
        }

    }

    @Nested
    @DisplayName("response information configured")
    class ResponseInformationConfigured {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.responseInformation("replies/"));

        @RegisterExtension
        final TestClients clients = new TestClients(this.broker::port);

        @Test
        @DisplayName("[MQTT-3.1.2-28] Response Information is sent only to a client that requests it")
        void responseInformationOnlyWhenRequested() {
            Connack requested = connack(this.clients, Mqtt5Packets.connect(ClientIds.unique("info"), true, 60,
                    Mqtt5Properties.builder().integer(REQUEST_RESPONSE_INFORMATION, 1).build()));
            assertThat(requested.properties().string(RESPONSE_INFORMATION)).isEqualTo("replies/");
            Connack notRequested = connack(this.clients, Mqtt5Packets.connect(ClientIds.unique("info"), true, 60,
                    Mqtt5Properties.builder().integer(REQUEST_RESPONSE_INFORMATION, 0).build()));
            assertThat(notRequested.properties().has(RESPONSE_INFORMATION)).isFalse();
            Connack absent = connack(this.clients);
            assertThat(absent.properties().has(RESPONSE_INFORMATION)).isFalse();
        }

    }

}
