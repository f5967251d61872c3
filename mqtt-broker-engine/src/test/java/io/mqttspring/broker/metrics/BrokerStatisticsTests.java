package io.mqttspring.broker.metrics;

import java.time.Duration;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link BrokerStatistics} figures after real client traffic.
 */
class BrokerStatisticsTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.maxQueuedMessages(2));

    private BrokerStatistics statistics() {
        return this.broker.broker().statistics();
    }

    @Test
    @DisplayName("connections, sessions and subscriptions follow clients as they come and go")
    void gauges() throws Exception {
        assertThat(statistics().connections()).isZero();
        assertThat(statistics().uptime()).isPositive();
        Paho3Client clean = Paho3Client.connected(this.broker.port(), ClientIds.unique("clean"));
        Paho3Client persistent = Paho3Client.create(this.broker.port(), ClientIds.unique("persistent"));
        persistent.connect(false);
        try {
            clean.client().subscribe(new String[] { "g/a", "g/b" }, new int[] { 0, 1 });
            persistent.subscribe("$share/grp/g/#", 1);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(statistics().connections()).isEqualTo(2);
                assertThat(statistics().connectionsTotal()).isEqualTo(2);
                assertThat(statistics().sessions()).isEqualTo(2);
                assertThat(statistics().subscriptions()).isEqualTo(3);
            });
            clean.disconnect();
            persistent.disconnect();
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(statistics().connections()).isZero();
                assertThat(statistics().sessions()).as("the persistent session stays").isEqualTo(1);
                assertThat(statistics().subscriptions()).isEqualTo(1);
            });
            assertThat(statistics().connectionsTotal()).isEqualTo(2);
        }
        finally {
            clean.close();
            persistent.close();
        }
    }

    @Test
    @DisplayName("retained messages are counted, and uncounted when cleared")
    void retainedGauge() throws Exception {
        Paho3Client client = Paho3Client.connected(this.broker.port(), ClientIds.unique("retainer"));
        try {
            client.publish("r/1", "a", 1, true);
            client.publish("r/2", "b", 1, true);
            client.publish("r/2", "c", 1, true);
            assertThat(statistics().retainedMessages()).isEqualTo(2);
            client.publish("r/1", new byte[0], 1, true);
            assertThat(statistics().retainedMessages()).isEqualTo(1);
        }
        finally {
            client.disconnect();
            client.close();
        }
    }

    @Test
    @DisplayName("messages received and sent are counted per QoS, in-process publications included")
    void messageCountersPerQos() throws Exception {
        Paho3Client subscriber = Paho3Client.connected(this.broker.port(), ClientIds.unique("counted-sub"));
        Paho3Client publisher = Paho3Client.connected(this.broker.port(), ClientIds.unique("counted-pub"));
        try {
            subscriber.subscribe("m/#", 2);
            publisher.publish("m/a", "0", 0);
            for (int i = 0; i < 2; i++) {
                publisher.publish("m/a", "1", 1);
            }
            for (int i = 0; i < 3; i++) {
                publisher.publish("m/a", "2", 2);
            }
            this.broker.broker().publish(ApplicationMessage.builder("m/b").payload("x").qos(QoS.AT_LEAST_ONCE)
                    .build());
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(statistics().messagesSent(QoS.AT_MOST_ONCE)).isEqualTo(1);
                assertThat(statistics().messagesSent(QoS.AT_LEAST_ONCE)).isEqualTo(3);
                assertThat(statistics().messagesSent(QoS.EXACTLY_ONCE)).isEqualTo(3);
            });
            assertThat(statistics().messagesReceived(QoS.AT_MOST_ONCE)).isEqualTo(1);
            assertThat(statistics().messagesReceived(QoS.AT_LEAST_ONCE)).isEqualTo(3);
            assertThat(statistics().messagesReceived(QoS.EXACTLY_ONCE)).isEqualTo(3);
            assertThat(statistics().messagesReceived()).isEqualTo(7);
            assertThat(statistics().messagesSent()).isEqualTo(7);
            assertThat(statistics().messagesDropped()).isZero();
        }
        finally {
            subscriber.disconnect();
            subscriber.close();
            publisher.disconnect();
            publisher.close();
        }
    }

    @Test
    @DisplayName("bytes received and sent count every byte on the wire")
    void byteCounters() {
        byte[] connect = MqttBytes.connect(4, ClientIds.unique("bytes"), true, 60);
        byte[] publish = MqttBytes.publish(4, "b/t", 1, 1, "payload");
        byte[] ping = MqttBytes.pingreq();
        byte[] disconnect = MqttBytes.disconnect();
        try (RawClient raw = RawClient.connect(this.broker.port())) {
            raw.send(connect);
            assertThat(raw.read().type()).isEqualTo(RawClient.Packet.CONNACK);
            raw.send(publish);
            assertThat(raw.read().type()).isEqualTo(RawClient.Packet.PUBACK);
            raw.send(ping);
            assertThat(raw.read().type()).isEqualTo(RawClient.Packet.PINGRESP);
            raw.send(disconnect);
            raw.awaitClose();
        }
        long sentByClient = connect.length + publish.length + ping.length + disconnect.length;
        await().atMost(WAIT).untilAsserted(() -> assertThat(statistics().bytesReceived()).isEqualTo(sentByClient));
        // CONNACK 4 bytes, PUBACK 4 bytes, PINGRESP 2 bytes
        assertThat(statistics().bytesSent()).isEqualTo(10);
    }

    @Test
    @DisplayName("[MQTT-3.1.3-8] the refusing CONNACK of the broker's disconnect path is counted as bytes sent")
    void byteCountersOnRefusal() {
        byte[] connect = MqttBytes.connect(4, "", false, 60);
        try (RawClient raw = RawClient.connect(this.broker.port())) {
            raw.send(connect);
            assertThat(raw.read().connackCode()).isEqualTo(0x02);
            raw.awaitClose();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(statistics().bytesReceived()).isEqualTo(connect.length));
        // the CONNACK, 4 bytes
        assertThat(statistics().bytesSent()).isEqualTo(4);
    }

    @Test
    @DisplayName("drops are counted by reason: QoS 0 for an offline session, QoS 1 beyond its queue")
    void dropCounters() throws Exception {
        String clientId = ClientIds.unique("offline");
        Paho3Client client = Paho3Client.create(this.broker.port(), clientId);
        client.connect(false);
        client.subscribe("d/#", 1);
        client.disconnect();
        client.close();
        await().atMost(WAIT).until(() -> statistics().connections() == 0);
        MqttBroker mqttBroker = this.broker.broker();
        mqttBroker.publish(ApplicationMessage.builder("d/0").payload("x").build());
        for (int i = 0; i < 5; i++) {
            mqttBroker.publish(ApplicationMessage.builder("d/1").payload("x" + i).qos(QoS.AT_LEAST_ONCE).build());
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(statistics().messagesDropped(DropReason.OFFLINE)).isEqualTo(1);
            assertThat(statistics().messagesDropped(DropReason.QUEUE_FULL)).isEqualTo(3);
        });
        assertThat(statistics().queuedMessages()).isEqualTo(2);
        assertThat(statistics().messagesDropped()).isEqualTo(4);
        assertThat(statistics().messagesDropped(DropReason.EXPIRED)).isZero();
    }

    @Test
    @DisplayName("after a restart the queued-messages gauge counts each restored message once")
    void queuedGaugeAfterRestart() throws Exception {
        String clientId = ClientIds.unique("queued");
        Paho3Client client = Paho3Client.create(this.broker.port(), clientId);
        client.connect(false);
        client.subscribe("q/#", 1);
        client.disconnect();
        client.close();
        await().atMost(WAIT).until(() -> statistics().connections() == 0);
        MqttBroker mqttBroker = this.broker.broker();
        for (int i = 0; i < 2; i++) {
            mqttBroker.publish(ApplicationMessage.builder("q/a").payload("x" + i).qos(QoS.AT_LEAST_ONCE).build());
        }
        await().atMost(WAIT).until(() -> statistics().queuedMessages() == 2);
        mqttBroker.stop();
        mqttBroker.start();
        assertThat(mqttBroker.sessions()).extracting(MqttBroker.SessionInfo::clientId).containsExactly(clientId);
        assertThat(statistics().queuedMessages()).isEqualTo(2);
        assertThat(statistics().inflightMessages()).isZero();
        assertThat(statistics().sessions()).isEqualTo(1);
        assertThat(statistics().subscriptions()).isEqualTo(1);
    }

    @Test
    @DisplayName("in-process subscribers count as sessions and subscriptions while they live")
    void inProcessSubscribersAreCounted() {
        MqttBroker mqttBroker = this.broker.broker();
        io.mqttspring.broker.InProcessSubscriber subscriber = mqttBroker.subscribe("ip/#", QoS.AT_MOST_ONCE,
                (message) -> {
                });
        assertThat(statistics().sessions()).isEqualTo(1);
        assertThat(statistics().subscriptions()).isEqualTo(1);
        assertThat(statistics().connections()).as("not a network connection").isZero();
        subscriber.close();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(statistics().sessions()).isZero();
            assertThat(statistics().subscriptions()).isZero();
        });
    }

    @Test
    @DisplayName("counters survive a stop and start of the broker")
    void countersSurviveRestart() throws Exception {
        MqttBroker mqttBroker = this.broker.broker();
        mqttBroker.publish(ApplicationMessage.builder("s/x").payload("x").qos(QoS.AT_LEAST_ONCE).build());
        try (RawClient raw = RawClient.connect(this.broker.port())) {
            raw.send(MqttBytes.connect(4, ClientIds.unique("before"), true, 60));
            assertThat(raw.read().connackCode()).isZero();
        }
        await().atMost(WAIT).until(() -> statistics().connections() == 0);
        mqttBroker.stop();
        mqttBroker.start();
        assertThat(statistics().messagesReceived(QoS.AT_LEAST_ONCE)).isEqualTo(1);
        assertThat(statistics().connectionsTotal()).isEqualTo(1);
        assertThat(statistics().connections()).isZero();
    }

}
