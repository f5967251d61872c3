package io.mqttspring.broker.v311;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Mqtt311Packets;
import io.mqttspring.broker.support.Mqtt311Packets.Publish;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 section 4.7: topic names, topic filters, wildcards and matching.
 */
class Mqtt311TopicTests {

    private static final String MARKER = "zz/marker";

    private static final List<String> TOPICS = List.of("sport", "sport/", "sport/tennis", "sport/tennis/player1",
            "sport/tennis/player1/ranking", "sport/tennis/player1/score/wimbledon", "sport/tennis/player2",
            "/finance", "finance", "Sport/tennis");

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension();

    @Test
    @DisplayName("[MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-3.8.4-5] [MQTT-3.9.3-1] [MQTT-4.7.3-1] valid filters are granted, invalid ones get 0x80, in request order")
    void filtersAreValidatedOneByOne() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("#", 1);
        expected.put("a/#/c", 0x80); // '#' not last
        expected.put("+", 1);
        expected.put("a#", 0x80); // '#' not alone in its level
        expected.put("a/#", 1);
        expected.put("a/b#", 0x80);
        expected.put("a/+/c", 1);
        expected.put("a+", 0x80); // '+' not filling its level
        expected.put("+/+", 1);
        expected.put("a/+b/c", 0x80);
        expected.put("/+", 1);
        expected.put("++", 0x80);
        expected.put("a//b", 1);
        expected.put("#/a", 0x80);
        expected.put("+/b/#", 1);
        expected.put("", 0x80); // empty filter
        expected.put("/", 1);
        try (RawClient client = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("filters"))) {
            MqttBytes subscribe = MqttBytes.packet(0x82) // SUBSCRIBE
                    .u16(42); // packet identifier
            for (String filter : expected.keySet()) {
                subscribe.string(filter).u8(1); // topic filter, requested QoS 1
            }
            client.send(subscribe.build());
            Packet suback = client.read();
            assertThat(suback.type()).isEqualTo(Packet.SUBACK);
            assertThat(suback.u16(0)).isEqualTo(42);
            List<Integer> codes = new ArrayList<>();
            for (int i = 2; i < suback.body().length; i++) {
                codes.add(suback.u8(i));
            }
            assertThat(codes).containsExactlyElementsOf(expected.values());
            client.send(MqttBytes.pingreq());
            assertThat(client.read().type()).as("still connected").isEqualTo(Packet.PINGRESP);
        }
    }

    @Test
    @DisplayName("[MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-3.3.2-3] '#' and '+' match as section 4.7 says; matching is case-sensitive and empty levels count (section 4.7.3)")
    void wildcardsMatchAsSpecified() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("sport/tennis/player1/#", List.of("sport/tennis/player1", "sport/tennis/player1/ranking",
                "sport/tennis/player1/score/wimbledon"));
        expected.put("sport/#", List.of("sport", "sport/", "sport/tennis", "sport/tennis/player1",
                "sport/tennis/player1/ranking", "sport/tennis/player1/score/wimbledon", "sport/tennis/player2"));
        expected.put("#", TOPICS);
        expected.put("sport/tennis/+", List.of("sport/tennis/player1", "sport/tennis/player2"));
        expected.put("sport/+", List.of("sport/", "sport/tennis"));
        expected.put("+", List.of("sport", "finance"));
        expected.put("+/+", List.of("sport/", "sport/tennis", "/finance", "Sport/tennis"));
        expected.put("/+", List.of("/finance"));
        expected.put("+/tennis/#", List.of("sport/tennis", "sport/tennis/player1", "sport/tennis/player1/ranking",
                "sport/tennis/player1/score/wimbledon", "sport/tennis/player2", "Sport/tennis"));
        expected.put("Sport/tennis", List.of("Sport/tennis"));
        List<RawClient> subscribers = new ArrayList<>();
        try (RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            for (String filter : expected.keySet()) {
                RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                subscribers.add(subscriber);
                Mqtt311Packets.subscribe(subscriber, 1, filter, 0);
                Mqtt311Packets.subscribe(subscriber, 2, MARKER, 0);
            }
            for (String topic : TOPICS) {
                publisher.send(Mqtt311Packets.publish(topic, 0, 0, topic));
            }
            publisher.send(Mqtt311Packets.publish(MARKER, 0, 0, "end"));
            int index = 0;
            for (Map.Entry<String, List<String>> entry : expected.entrySet()) {
                assertThat(topicsBeforeMarker(subscribers.get(index++))).as("topics matching " + entry.getKey())
                        .containsExactlyElementsOf(entry.getValue());
            }
        }
        finally {
            subscribers.forEach(RawClient::close);
        }
    }

    @ParameterizedTest(name = "topic name \"{0}\"")
    @ValueSource(strings = { "a/+", "a/#", "+", "#", "a/b+", "" })
    @DisplayName("[MQTT-3.3.2-2] [MQTT-4.7.1-1] [MQTT-4.7.3-1] [MQTT-4.8.0-1] a PUBLISH with wildcards in its topic name, or an empty one, closes the connection")
    void invalidTopicNameInPublishCloses(String topic) {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "#", 1);
            publisher.send(Mqtt311Packets.publish(topic, 1, 1, "invalid"));
            Mqtt311Packets.assertClosedWithoutAnswer(publisher);
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.5-1] overlapping subscriptions of one client get one delivery at the highest granted QoS")
    void overlappingSubscriptionsDeliverOnceAtHighestQos() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "overlap/+", 0);
            Mqtt311Packets.subscribe(subscriber, 2, "overlap/#", 2);
            Mqtt311Packets.subscribe(subscriber, 3, "overlap/topic", 1);
            Mqtt311Packets.publishAcked(publisher, "overlap/topic", 2, 1, "once");

            Publish delivered = Mqtt311Packets.readPublish(subscriber);
            assertThat(delivered.payload()).isEqualTo("once");
            assertThat(delivered.qos()).isEqualTo(2);
            subscriber.send(MqttBytes.pubrec(delivered.packetId()));
            assertThat(subscriber.read().type()).isEqualTo(Packet.PUBREL);
            subscriber.send(MqttBytes.pubcomp(delivered.packetId()));
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).as("no second copy").isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-4.7.3-4] topics match exactly as received: no normalisation of slashes, case or Unicode")
    void topicsMatchWithoutNormalisation() {
        String composed = "caf\u00e9/menu";
        String decomposed = "cafe\u0301/menu";
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "a/b", 0);
            Mqtt311Packets.subscribe(subscriber, 2, composed, 0);
            for (String near : List.of("a//b", "a/b/", "/a/b", "A/b", "a/ b", decomposed)) {
                publisher.send(Mqtt311Packets.publish(near, 0, 0, near));
            }
            publisher.send(Mqtt311Packets.publish(composed, 0, 0, "composed"),
                    Mqtt311Packets.publish("a/b", 0, 0, "exact"));
            assertThat(Mqtt311Packets.readPublish(subscriber).payload()).isEqualTo("composed");
            assertThat(Mqtt311Packets.readPublish(subscriber).payload()).isEqualTo("exact");
            assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-1.5.3-3] a U+FEFF (bytes EF BB BF) in a topic is kept, not stripped")
    void byteOrderMarkIsKept() {
        String topic = "\uFEFFbom/topic";
        try (RawClient withBom = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("bom"));
                RawClient withoutBom = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("nobom"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(withBom, 1, topic, 0);
            Mqtt311Packets.subscribe(withoutBom, 1, "bom/topic", 0);
            publisher.send(Mqtt311Packets.publish(topic, 0, 0, "bom"));
            Packet delivered = withBom.read();
            assertThat(delivered.u16(0)).isEqualTo(topic.getBytes(StandardCharsets.UTF_8).length);
            assertThat(new byte[] { delivered.body()[2], delivered.body()[3], delivered.body()[4] })
                    .containsExactly(0xEF, 0xBB, 0xBF);
            assertThat(Publish.of(delivered).topic()).isEqualTo(topic);
            assertThat(withoutBom.staysSilent(Duration.ofMillis(300))).isTrue();
        }
    }

    @Test
    @DisplayName("[MQTT-4.7.3-3] a topic name of 65,535 bytes is accepted and delivered")
    void longestTopicNameIsAccepted() {
        String topic = "t".repeat(65_535);
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sub"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
            Mqtt311Packets.subscribe(subscriber, 1, topic, 1);
            Mqtt311Packets.publishAcked(publisher, topic, 1, 1, "long");
            Publish delivered = Mqtt311Packets.readPublish(subscriber);
            assertThat(delivered.topic()).isEqualTo(topic);
            assertThat(delivered.payload()).isEqualTo("long");
        }
    }

    private static List<String> topicsBeforeMarker(RawClient subscriber) {
        List<String> topics = new ArrayList<>();
        while (true) {
            Publish publish = Mqtt311Packets.readPublish(subscriber);
            if (publish.topic().equals(MARKER)) {
                return topics;
            }
            topics.add(publish.topic());
        }
    }

    @Test
    @DisplayName("[MQTT-4.7.2-1] section 4.7.2: $-topics belong to the broker: a PUBLISH to $SYS/... is acknowledged, "
            + "as MQTT 3.1.1 cannot refuse it, then dropped and counted; a $SYS/# subscriber gets nothing of it")
    void publishToDollarTopicIsDropped() {
        try (RawClient subscriber = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sys-reader"));
                RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("sys-forger"))) {
            Mqtt311Packets.subscribe(subscriber, 1, "$SYS/#", 1);
            Mqtt311Packets.subscribe(subscriber, 2, "sync", 1);
            Mqtt311Packets.publishAcked(publisher, "$SYS/broker/clients/connected", 1, 1, "9999");
            // routed after the refused publication: when it arrives, anything before it would have
            Mqtt311Packets.publishAcked(publisher, "sync", 1, 2, "after");
            assertThat(Mqtt311Packets.readPublish(subscriber).topic()).isEqualTo("sync");
            assertThat(this.broker.broker().statistics().messagesRefused()).isEqualTo(1);
        }
    }

    /**
     * Clients publishing to $-topics, as a broker configured to let them does.
     */
    @Nested
    class DollarTopicsWritable {

        @RegisterExtension
        final BrokerExtension broker = new BrokerExtension((config) -> config.dollarTopicPublishAllowed(true));

        @Test
        @DisplayName("[MQTT-4.7.2-1] filters starting with '#' or '+' do not match topic names starting with '$'")
        void leadingWildcardsDoNotMatchDollarTopics() {
            try (RawClient everything = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("all"));
                    RawClient plus = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("plus"));
                    RawClient dollar = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("dollar"));
                    RawClient publisher = Mqtt311Packets.connected(this.broker.port(), ClientIds.unique("pub"))) {
                Mqtt311Packets.subscribe(everything, 1, "#", 0);
                Mqtt311Packets.subscribe(plus, 1, "+/status", 0);
                Mqtt311Packets.subscribe(dollar, 1, "$app/+", 0);
                publisher.send(Mqtt311Packets.publish("$app/status", 0, 0, "dollar"),
                        Mqtt311Packets.publish("app/status", 0, 0, "plain"));

                assertThat(Mqtt311Packets.readPublish(everything).topic()).isEqualTo("app/status");
                assertThat(Mqtt311Packets.readPublish(plus).topic()).isEqualTo("app/status");
                assertThat(Mqtt311Packets.readPublish(dollar).topic()).isEqualTo("$app/status");
                assertThat(dollar.staysSilent(Duration.ofMillis(300))).isTrue();
            }
        }

    }

}
