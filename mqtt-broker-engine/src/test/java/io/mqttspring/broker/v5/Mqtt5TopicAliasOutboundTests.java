package io.mqttspring.broker.v5;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Publish;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.TestClients;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.mqttspring.broker.support.Mqtt5Properties.SESSION_EXPIRY_INTERVAL;
import static io.mqttspring.broker.support.Mqtt5Properties.TOPIC_ALIAS;
import static io.mqttspring.broker.support.Mqtt5Properties.TOPIC_ALIAS_MAXIMUM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Topic aliases the broker puts on the PUBLISH packets it sends (MQTT 5.0 section 3.3.2.3.4), with
 * {@code outboundTopicAliasMaximum(3)}: within the client's Topic Alias Maximum, none for a client that allows none,
 * a new set per connection, least recently used alias reused, and real clients resolving them.
 */
class Mqtt5TopicAliasOutboundTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.outboundTopicAliasMaximum(3));

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private static Mqtt5Properties topicAliasMaximum(int maximum) {
        return Mqtt5Properties.builder().integer(TOPIC_ALIAS_MAXIMUM, maximum).build();
    }

    private RawClient rawSubscriber(String filter, int qos, Mqtt5Properties connectProperties) {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("alias-sub"), true, 60,
                connectProperties));
        client.send(Mqtt5Packets.subscribe(1, filter, qos));
        assertThat(Mqtt5Packets.subAck(client.readType(Packet.SUBACK)).reasonCodes()).containsExactly(qos);
        return client;
    }

    private void publish(String... topics) {
        HiveMqClient publisher = this.clients.hivemqConnected("alias-pub");
        for (int i = 0; i < topics.length; i++) {
            publisher.publish(topics[i], "p" + i, MqttQos.AT_MOST_ONCE);
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-26] [MQTT-3.3.2-11] [MQTT-3.3.2-8] MQTT 5.0 section 3.3.2.3.4: to a client allowing 2 "
            + "aliases, the first PUBLISH on a topic carries the topic name and a new alias, later ones an empty "
            + "topic name and that alias; aliases stay within 1..2")
    void firstPublishDefinesAliasLaterOnesUseIt() {
        RawClient client = rawSubscriber("alias/#", 0, topicAliasMaximum(2));
        publish("alias/a", "alias/a", "alias/b", "alias/b", "alias/a");
        List<Publish> received = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            received.add(Mqtt5Packets.publish(client.read()));
        }
        Long aliasOfA = received.get(0).properties().integer(TOPIC_ALIAS);
        Long aliasOfB = received.get(2).properties().integer(TOPIC_ALIAS);
        assertThat(List.of(aliasOfA, aliasOfB)).as("aliases").doesNotContainNull().allSatisfy(
                (alias) -> assertThat(alias).isBetween(1L, 2L));
        assertThat(aliasOfA).isNotEqualTo(aliasOfB);
        assertThat(received).extracting(Publish::topic, (publish) -> publish.properties().integer(TOPIC_ALIAS),
                Publish::payloadText)
                .containsExactly(
                        tuple("alias/a", aliasOfA, "p0"),
                        tuple("", aliasOfA, "p1"),
                        tuple("alias/b", aliasOfB, "p2"),
                        tuple("", aliasOfB, "p3"),
                        tuple("", aliasOfA, "p4"));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-26] [MQTT-3.3.2-11] a client allowing 10 aliases gets at most the broker's configured "
            + "3, every PUBLISH resolvable")
    void brokerUsesNoMoreAliasesThanConfigured() {
        RawClient client = rawSubscriber("many/#", 0, topicAliasMaximum(10));
        String[] topics = { "many/1", "many/2", "many/3", "many/4", "many/5", "many/1", "many/2", "many/5" };
        publish(topics);
        AliasResolver resolver = new AliasResolver(3);
        for (String topic : topics) {
            assertThat(resolver.resolve(Mqtt5Packets.publish(client.read()))).isEqualTo(topic);
        }
        assertThat(resolver.used()).isSubsetOf(1, 2, 3);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-27] [MQTT-3.3.2-1] a client announcing Topic Alias Maximum 0, or none, gets full topic "
            + "names and no Topic Alias, even with outbound aliases configured")
    void noAliasesForClientsThatAllowNone() {
        RawClient zero = rawSubscriber("none/#", 0, topicAliasMaximum(0));
        RawClient absent = rawSubscriber("none/#", 0, Mqtt5Properties.NONE);
        publish("none/a", "none/a", "none/b", "none/a");
        for (RawClient client : List.of(zero, absent)) {
            for (String topic : List.of("none/a", "none/a", "none/b", "none/a")) {
                Publish publish = Mqtt5Packets.publish(client.read());
                assertThat(publish.topic()).isEqualTo(topic);
                assertThat(publish.properties().has(TOPIC_ALIAS)).as("Topic Alias in %s", publish.properties())
                        .isFalse();
            }
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-11] MQTT 5.0 section 3.3.2.3.4: with more topics than aliases the least recently used "
            + "alias is redefined with the new topic name")
    void leastRecentlyUsedAliasIsReused() {
        RawClient client = rawSubscriber("lru/#", 0, topicAliasMaximum(2));
        String[] topics = { "lru/a", "lru/b", "lru/a", "lru/c", "lru/b", "lru/c", "lru/a" };
        publish(topics);
        AliasResolver resolver = new AliasResolver(2);
        List<Publish> received = new ArrayList<>();
        for (String topic : topics) {
            Publish publish = Mqtt5Packets.publish(client.read());
            assertThat(resolver.resolve(publish)).isEqualTo(topic);
            received.add(publish);
        }
        long aliasOfA = received.get(0).properties().integer(TOPIC_ALIAS);
        long aliasOfB = received.get(1).properties().integer(TOPIC_ALIAS);
        // a was used after b: c takes b's alias, sent with its name
        assertThat(received.get(2).topic()).isEmpty();
        assertThat(received.get(3).topic()).isEqualTo("lru/c");
        assertThat(received.get(3).properties().integer(TOPIC_ALIAS)).isEqualTo(aliasOfB);
        // then b is back and takes a's alias, a being least recently used
        assertThat(received.get(4).topic()).isEqualTo("lru/b");
        assertThat(received.get(4).properties().integer(TOPIC_ALIAS)).isEqualTo(aliasOfA);
        assertThat(received.get(5).topic()).isEmpty();
        assertThat(received.get(6).topic()).isEqualTo("lru/a");
        assertThat(resolver.used()).containsExactlyInAnyOrder(1, 2);
    }

    @ParameterizedTest(name = "Topic Alias Maximum {0}")
    @ValueSource(ints = { 0, 2 })
    @DisplayName("[MQTT-3.1.2-24] [MQTT-3.1.2-25] [MQTT-4.5.0-1] a PUBLISH exactly as large as the client's Maximum "
            + "Packet Size (30) is sent: without Topic Alias to a client allowing none, with one to a client allowing 2")
    void publishThatExactlyFitsIsDelivered(int topicAliasMaximum) {
        RawClient client = rawSubscriber("fit/t", 0, Mqtt5Properties.builder()
                .integer(Mqtt5Properties.MAXIMUM_PACKET_SIZE, 30).integer(TOPIC_ALIAS_MAXIMUM, topicAliasMaximum)
                .build());
        // QoS 0 PUBLISH: fixed header (2), topic "fit/t" (2 + 5), property length (1), Topic Alias (3) if any
        int payloadLength = 30 - 2 - 7 - 1 - ((topicAliasMaximum > 0) ? 3 : 0);
        HiveMqClient publisher = this.clients.hivemqConnected("fit-pub");
        publisher.publish("fit/t", "x".repeat(payloadLength), MqttQos.AT_MOST_ONCE);
        publisher.publish("fit/t", "control", MqttQos.AT_MOST_ONCE);
        RawClient.Packet packet = client.read();
        Publish publish = Mqtt5Packets.publish(packet);
        assertThat(publish.payloadText()).as("first message delivered").hasSize(payloadLength);
        assertThat(2 + packet.body().length).isEqualTo(30);
        assertThat(publish.properties().has(TOPIC_ALIAS)).isEqualTo(topicAliasMaximum > 0);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] [MQTT-3.3.2-8] a PUBLISH that fits the client's Maximum Packet Size only without a "
            + "Topic Alias is sent without one, and the next message on that topic defines the alias")
    void publishThatFitsOnlyWithoutAliasIsSentWithout() {
        RawClient client = rawSubscriber("tight/t", 0, Mqtt5Properties.builder()
                .integer(Mqtt5Properties.MAXIMUM_PACKET_SIZE, 30).integer(TOPIC_ALIAS_MAXIMUM, 2).build());
        // QoS 0 PUBLISH: fixed header (2), topic "tight/t" (2 + 7), property length (1): 30 bytes with no alias
        int payloadLength = 30 - 2 - 9 - 1;
        HiveMqClient publisher = this.clients.hivemqConnected("tight-pub");
        publisher.publish("tight/t", "x".repeat(payloadLength), MqttQos.AT_MOST_ONCE);
        publisher.publish("tight/t", "small", MqttQos.AT_MOST_ONCE);
        RawClient.Packet packet = client.read();
        Publish full = Mqtt5Packets.publish(packet);
        assertThat(2 + packet.body().length).isEqualTo(30);
        assertThat(full.topic()).isEqualTo("tight/t");
        assertThat(full.properties().has(TOPIC_ALIAS)).isFalse();
        Publish next = Mqtt5Packets.publish(client.read());
        assertThat(next.payloadText()).isEqualTo("small");
        assertThat(next.topic()).as("the alias is defined, so the topic goes along").isEqualTo("tight/t");
        assertThat(next.properties().has(TOPIC_ALIAS)).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-7] [MQTT-4.4.0-1] aliases start over on a new connection: a message resent after "
            + "reconnection, and the first queued one, carry the topic name again")
    void aliasesStartOverOnANewConnection() {
        String clientId = ClientIds.unique("alias-again");
        Mqtt5Properties properties = Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 60)
                .integer(TOPIC_ALIAS_MAXIMUM, 2).build();
        RawClient first = this.clients.raw(Mqtt5Packets.connect(clientId, true, 60, properties));
        first.send(Mqtt5Packets.subscribe(1, "again/#", 1));
        first.readType(Packet.SUBACK);
        HiveMqClient publisher = this.clients.hivemqConnected("again-pub");
        publisher.publish("again/t", "acknowledged", MqttQos.AT_LEAST_ONCE);
        publisher.publish("again/t", "unacknowledged", MqttQos.AT_LEAST_ONCE);
        Publish defining = Mqtt5Packets.publish(first.read());
        Publish using = Mqtt5Packets.publish(first.read());
        assertThat(defining.topic()).isEqualTo("again/t");
        assertThat(using.topic()).as("alias in use on the first connection").isEmpty();
        first.send(MqttBytes.puback(defining.packetId()));
        first.send(Mqtt5Packets.disconnect(0x00, Mqtt5Properties.NONE));
        assertThat(first.awaitClose()).isEmpty();
        publisher.publish("again/t", "queued", MqttQos.AT_LEAST_ONCE);

        RawClient second = this.clients.raw(Mqtt5Packets.connect(clientId, false, 60, properties));
        AliasResolver fresh = new AliasResolver(2);
        Publish resent = Mqtt5Packets.publish(second.read());
        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.payloadText()).isEqualTo("unacknowledged");
        assertThat(resent.topic()).as("topic name of the resent PUBLISH").isEqualTo("again/t");
        assertThat(fresh.resolve(resent)).isEqualTo("again/t");
        Publish queued = Mqtt5Packets.publish(second.read());
        assertThat(queued.payloadText()).isEqualTo("queued");
        assertThat(fresh.resolve(queued)).isEqualTo("again/t");
        second.send(MqttBytes.puback(resent.packetId()), MqttBytes.puback(queued.packetId()));
    }

    @Test
    @DisplayName("[MQTT-3.1.2-26] HiveMQ allowing 2 aliases receives every message with its right topic across 4 "
            + "topics, and stays connected")
    void hivemqResolvesTheBrokersAliases() {
        // Paho v5 1.2.5 cannot take part: it maps an alias to the empty topic name instead of resolving it
        // (eclipse-paho/paho.mqtt.java#866)
        HiveMqClient hive = this.clients.hivemq("alias-hive");
        hive.client().connectWith().restrictions().topicAliasMaximum(2).applyRestrictions().send();
        hive.subscribe("real/#", MqttQos.AT_LEAST_ONCE);

        HiveMqClient publisher = this.clients.hivemqConnected("real-pub");
        List<String> expected = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int topic = 0; topic < 4; topic++) {
                String name = "real/" + ((round == 1) ? 3 - topic : topic);
                expected.add(name + " " + round);
                publisher.publish(name, String.valueOf(round), MqttQos.AT_LEAST_ONCE);
            }
        }
        List<String> received = new ArrayList<>();
        for (Mqtt5Publish publish : hive.messages().next(expected.size())) {
            received.add(publish.getTopic() + " " + new String(publish.getPayloadAsBytes()));
        }
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(hive.client().getState().isConnected()).isTrue();
        assertThat(hive.disconnects().isEmpty()).isTrue();
    }

    /**
     * The client side of topic aliases: records the mappings the broker defines and resolves empty topic names.
     */
    private static final class AliasResolver {

        private final int maximum;

        private final Map<Integer, String> topics = new HashMap<>();

        AliasResolver(int maximum) {
            this.maximum = maximum;
        }

        String resolve(Publish publish) {
            Long alias = publish.properties().integer(TOPIC_ALIAS);
            if (alias == null) {
                assertThat(publish.topic()).as("topic name without alias").isNotEmpty();
                return publish.topic();
            }
            assertThat(alias).as("Topic Alias").isBetween(1L, (long) this.maximum);
            if (publish.topic().isEmpty()) {
                String topic = this.topics.get(alias.intValue());
                assertThat(topic).as("mapping of alias %d on this connection", alias).isNotNull();
                return topic;
            }
            this.topics.put(alias.intValue(), publish.topic());
            return publish.topic();
        }

        Set<Integer> used() {
            return this.topics.keySet();
        }

    }

}
