package io.mqttspring.broker.sys;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Statistics published on {@code $SYS/broker/...} as retained messages, in Mosquitto's layout, at an interval of the
 * broker's clock, which the tests move.
 */
class SysTopicTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    @RegisterExtension
    final BrokerExtension broker = BrokerExtension.onManualClock((config) -> config.sysInterval(INTERVAL));

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    /** The latest message seen per topic, and every topic's first message. */
    private static final class Seen {

        final Map<String, String> latest = new ConcurrentHashMap<>();

        final Map<String, MqttMessage> first = new ConcurrentHashMap<>();

        void add(String topic, MqttMessage message) {
            this.latest.put(topic, new String(message.getPayload(), StandardCharsets.UTF_8));
            this.first.putIfAbsent(topic, message);
        }

    }

    @Test
    @DisplayName("a $SYS/# subscriber receives the broker's figures, the first of each as a retained message")
    void sysSubscriberReceivesFigures() throws Exception {
        Paho3Client client = this.clients.paho3Connected("sys");
        Seen seen = new Seen();
        client.client().subscribe("$SYS/#", 0, seen::add);
        await().atMost(WAIT).untilAsserted(() -> assertThat(seen.latest).containsKeys("$SYS/broker/version",
                "$SYS/broker/uptime", "$SYS/broker/clients/connected", "$SYS/broker/clients/total",
                "$SYS/broker/clients/connections/total", "$SYS/broker/subscriptions/count",
                "$SYS/broker/retained messages/count", "$SYS/broker/messages/inflight",
                "$SYS/broker/messages/stored", "$SYS/broker/messages/received", "$SYS/broker/messages/sent",
                "$SYS/broker/messages/dropped", "$SYS/broker/publish/messages/received/qos0",
                "$SYS/broker/publish/messages/sent/qos2", "$SYS/broker/bytes/received", "$SYS/broker/bytes/sent",
                "$SYS/broker/clients/throttled", "$SYS/broker/clients/throttled/seconds",
                "$SYS/broker/clients/stalled/overflow", "$SYS/broker/clients/stalled/disconnect",
                "$SYS/broker/messages/stored/bytes", "$SYS/broker/messages/stored/budget"));
        assertThat(seen.first.get("$SYS/broker/uptime").isRetained()).isTrue();
        assertThat(seen.latest.get("$SYS/broker/uptime")).isEqualTo("0 seconds");
        this.broker.clock().advance(INTERVAL);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(seen.latest.get("$SYS/broker/uptime")).isEqualTo("10 seconds");
            assertThat(seen.latest.get("$SYS/broker/clients/connected")).isEqualTo("1");
            assertThat(seen.latest.get("$SYS/broker/subscriptions/count")).isEqualTo("1");
            assertThat(Long.parseLong(seen.latest.get("$SYS/broker/bytes/received"))).isPositive();
            assertThat(Long.parseLong(seen.latest.get("$SYS/broker/messages/sent"))).isPositive();
        });
    }

    @Test
    @DisplayName("the figures are published again at the interval and follow the broker")
    void figuresAreUpdated() throws Exception {
        Paho3Client client = this.clients.paho3Connected("sys-updates");
        List<String> connected = new CopyOnWriteArrayList<>();
        client.client().subscribe("$SYS/broker/clients/connected", 0,
                (topic, message) -> connected.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
        this.broker.clock().advance(INTERVAL);
        await().atMost(WAIT).until(() -> connected.contains("1"));
        this.clients.paho3Connected("second");
        this.broker.clock().advance(INTERVAL);
        await().atMost(WAIT).until(() -> connected.contains("2"));
        // the retained value of the first publication, then one per interval
        assertThat(connected).containsExactly("0", "1", "2");
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-4.7.2-1]: a '#' or '+/...' subscriber receives no $SYS topics, live or retained")
    void wildcardSubscribersDoNotSeeSys() throws Exception {
        Paho3Client client = this.clients.paho3Connected("everything");
        List<String> topics = new CopyOnWriteArrayList<>();
        client.client().subscribe(new String[] { "#", "+/broker/#", "+/+/uptime" }, new int[] { 0, 0, 0 },
                new org.eclipse.paho.client.mqttv3.IMqttMessageListener[] {
                        (topic, message) -> topics.add(topic), (topic, message) -> topics.add(topic),
                        (topic, message) -> topics.add(topic) });
        Paho3Client other = this.clients.paho3Connected("other");
        other.publish("plain/topic", "x", 1);
        await().atMost(WAIT).until(() -> topics.contains("plain/topic"));
        for (int i = 0; i < 3; i++) {
            this.broker.clock().advance(INTERVAL);
        }
        // routed after the three $SYS publications, so delivered after anything they might have delivered
        other.publish("plain/last", "x", 1);
        await().atMost(WAIT).until(() -> topics.contains("plain/last"));
        assertThat(topics).containsOnly("plain/topic", "plain/last");
    }

    @Test
    @DisplayName("a subscriber to one $SYS topic gets its retained value at once")
    void retainedOnSubscribe() throws Exception {
        Paho3Client client = this.clients.paho3Connected("sys-one");
        List<MqttMessage> received = new CopyOnWriteArrayList<>();
        client.client().subscribe("$SYS/broker/version", 0, (topic, message) -> received.add(message));
        await().atMost(WAIT).until(() -> !received.isEmpty());
        assertThat(received.get(0).isRetained()).isTrue();
        assertThat(new String(received.get(0).getPayload(), StandardCharsets.UTF_8)).isNotBlank();
    }

    @Test
    @DisplayName("with a sys interval of zero nothing is published on $SYS")
    void nothingPublishedWhenSwitchedOff() throws Exception {
        try (MqttBroker silent = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> {
        })).build()) {
            silent.start();
            Paho3Client client = this.clients.register(Paho3Client.create(silent.port(), ClientIds.unique("no-sys")));
            client.connect(true);
            List<String> topics = new CopyOnWriteArrayList<>();
            client.client().subscribe("$SYS/#", 0, (topic, message) -> topics.add(topic));
            client.client().subscribe("sync", 1, (topic, message) -> topics.add(topic));
            client.publish("sync", "x", 1);
            await().atMost(WAIT).until(() -> topics.contains("sync"));
            assertThat(topics).containsOnly("sync");
            assertThat(silent.statistics().retainedMessages()).isZero();
            client.disconnect();
        }
    }

}
