package io.mqttspring.broker.persistence.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.SyncPolicy;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptionsBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * State on disk survives {@code stop()} and {@code start()}: each start opens the store afresh, as a new process
 * would, so nothing is carried over in memory.
 */
class DurableRestartTests {

    @TempDir
    Path dataDir;

    private MqttBroker current;

    private final TestClients clients = new TestClients(() -> this.current.port());

    @AfterEach
    void stop() {
        this.clients.close();
        if (this.current != null) {
            this.current.stop();
        }
    }

    private MqttBroker start(SyncPolicy policy) {
        return start(policy, (config) -> {
        });
    }

    private MqttBroker start(SyncPolicy policy, Consumer<BrokerConfig.Builder> customizer) {
        MqttBroker broker = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> {
            config.persistencePath(this.dataDir).syncPolicy(policy);
            customizer.accept(config);
        })).build();
        broker.start();
        this.current = broker;
        return broker;
    }

    private MqttBroker restart(SyncPolicy policy) {
        this.current.stop();
        return start(policy);
    }

    private static MqttConnectionOptions persistent(boolean cleanStart) {
        return new MqttConnectionOptionsBuilder().cleanStart(cleanStart).sessionExpiryInterval(3600L).build();
    }

    @ParameterizedTest
    @EnumSource(SyncPolicy.class)
    @DisplayName("MQTT 5 [MQTT-3.1.2-23] [MQTT-3.2.2-2] [MQTT-4.6.0-6]: subscriptions, queued QoS 1 and 2 messages and "
            + "retained messages survive a restart; queued messages arrive once, in order, through Paho")
    void sessionQueueAndRetainedSurviveRestart(SyncPolicy policy) throws Exception {
        String clientId = ClientIds.unique("durable");
        MqttBroker first = start(policy);
        Paho5Client subscriber = this.clients.register(Paho5Client.create(first.port(), clientId));
        Paho5Client.await(subscriber.connect(persistent(true)));
        Paho5Client.await(subscriber.subscribe("fleet/+/telemetry", 2));
        Paho5Client.await(subscriber.client().disconnect());
        subscriber.close();

        Paho5Client publisher = this.clients.paho5Connected("publisher");
        for (int i = 0; i < 10; i++) {
            Paho5Client.await(publisher.publish("fleet/d" + (i % 2) + "/telemetry", "m" + i, 1 + (i % 2)));
        }
        Paho5Client.await(publisher.client().publish("state/lamp", "on".getBytes(StandardCharsets.UTF_8), 1, true));
        publisher.close();

        MqttBroker second = restart(policy);
        assertThat(second.sessions()).singleElement().satisfies((session) -> {
            assertThat(session.clientId()).isEqualTo(clientId);
            assertThat(session.subscriptions()).containsOnlyKeys("fleet/+/telemetry");
        });
        Paho5Client resumed = this.clients.register(Paho5Client.create(second.port(), clientId));
        assertThat(Paho5Client.await(resumed.connect(persistent(false))).getSessionPresent()).as("session present")
                .isTrue();
        List<Paho5Client.Received> queued = resumed.messages().next(10);
        assertThat(queued).extracting(Paho5Client.Received::payload)
                .containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
        assertThat(queued).filteredOn((received) -> received.message().getQos() == 1)
                .extracting(Paho5Client.Received::payload).containsExactly("m0", "m2", "m4", "m6", "m8");
        resumed.messages().staysEmptyFor(Duration.ofMillis(300));

        HiveMqClient late = this.clients.hivemqConnected("late");
        late.subscribe("state/#", MqttQos.AT_LEAST_ONCE);
        Mqtt5Publish retained = late.messages().next();
        assertThat(retained.isRetain()).isTrue();
        assertThat(new String(retained.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("on");
        assertThat(second.storeStatus()).hasValueSatisfying((status) -> {
            assertThat(status.path()).isEqualTo(this.dataDir.toAbsolutePath());
            assertThat(status.syncPolicy()).isEqualTo(policy);
            assertThat(status.sizeOnDisk()).isPositive();
        });
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-4.4.0-1] [MQTT-4.3.3-3]: an in-flight QoS 2 message is sent again after a restart with its "
            + "packet identifier and DUP, and one released by PUBREC gets PUBREL, never the message again")
    void inflightQos2KeepsItsPacketIdentifierAcrossRestart() {
        String clientId = ClientIds.unique("inflight");
        byte[] connect = Mqtt5Packets.connect(clientId, false, 0, Mqtt5Properties.builder()
                .integer(Mqtt5Properties.SESSION_EXPIRY_INTERVAL, 3600).build());
        MqttBroker first = start(SyncPolicy.SYNC);
        RawClient subscriber = this.clients.register(Mqtt5Packets.connected(first.port(), connect));
        subscriber.send(Mqtt5Packets.subscribe(1, "exactly/#", 2));
        subscriber.readType(RawClient.Packet.SUBACK);
        first.publish(ApplicationMessage.builder("exactly/a").payload("first").qos(QoS.EXACTLY_ONCE).build());
        first.publish(ApplicationMessage.builder("exactly/b").payload("second").qos(QoS.EXACTLY_ONCE).build());
        Mqtt5Packets.Publish a = Mqtt5Packets.publish(subscriber.readType(RawClient.Packet.PUBLISH));
        Mqtt5Packets.Publish b = Mqtt5Packets.publish(subscriber.readType(RawClient.Packet.PUBLISH));
        // the first is released by PUBREC; the second stays unanswered
        subscriber.send(MqttBytes.pubrec(a.packetId()));
        assertThat(subscriber.readType(RawClient.Packet.PUBREL).u16(0)).isEqualTo(a.packetId());

        MqttBroker second = restart(SyncPolicy.SYNC);
        RawClient resumed = this.clients.register(Mqtt5Packets.connected(second.port(), connect));
        RawClient.Packet pubrel = resumed.read();
        assertThat(pubrel.type()).isEqualTo(RawClient.Packet.PUBREL);
        assertThat(pubrel.u16(0)).isEqualTo(a.packetId());
        Mqtt5Packets.Publish again = Mqtt5Packets.publish(resumed.readType(RawClient.Packet.PUBLISH));
        assertThat(again.packetId()).isEqualTo(b.packetId());
        assertThat(again.duplicate()).isTrue();
        assertThat(new String(again.payload(), StandardCharsets.UTF_8)).isEqualTo("second");
        resumed.send(MqttBytes.pubcomp(a.packetId()), MqttBytes.pubrec(b.packetId()));
        assertThat(resumed.readType(RawClient.Packet.PUBREL).u16(0)).isEqualTo(b.packetId());
        resumed.send(MqttBytes.pubcomp(b.packetId()));
        assertThat(resumed.staysSilent(Duration.ofMillis(300))).isTrue();

        MqttBroker third = restart(SyncPolicy.SYNC);
        RawClient again3 = this.clients.register(Mqtt5Packets.connected(third.port(), connect));
        assertThat(again3.staysSilent(Duration.ofMillis(500))).as("nothing left after PUBCOMP").isTrue();
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-4.3.3-10]: a QoS 2 publication awaiting PUBREL is not routed again when the publisher "
            + "sends it again after a restart")
    void inboundQos2AwaitingReleaseSurvivesRestart() {
        String publisherId = ClientIds.unique("qos2-publisher");
        byte[] connect = Mqtt5Packets.connect(publisherId, false, 0, Mqtt5Properties.builder()
                .integer(Mqtt5Properties.SESSION_EXPIRY_INTERVAL, 3600).build());
        MqttBroker first = start(SyncPolicy.SYNC);
        HiveMqClient subscriber = this.clients.hivemq("exactly-once");
        subscriber.client().connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
        subscriber.subscribe("once/#", MqttQos.EXACTLY_ONCE);
        RawClient publisher = this.clients.register(Mqtt5Packets.connected(first.port(), connect));
        publisher.send(Mqtt5Packets.publish("once/x", 2, 7, "only once"));
        assertThat(publisher.readType(RawClient.Packet.PUBREC).u16(0)).isEqualTo(7);
        assertThat(subscriber.nextPayload()).isEqualTo("only once");
        subscriber.client().disconnect();
        publisher.close();

        MqttBroker second = restart(SyncPolicy.SYNC);
        RawClient again = this.clients.register(Mqtt5Packets.connected(second.port(), connect));
        again.send(Mqtt5Packets.publish(true, "once/x", 2, false, 7, Mqtt5Properties.NONE,
                "only once".getBytes(StandardCharsets.UTF_8)));
        assertThat(again.readType(RawClient.Packet.PUBREC).u16(0)).isEqualTo(7);
        again.send(MqttBytes.pubrel(7));
        assertThat(again.readType(RawClient.Packet.PUBCOMP).u16(0)).isEqualTo(7);
        HiveMqClient resumed = this.clients.register(HiveMqClient.create(second.port(),
                subscriber.clientId()));
        assertThat(resumed.client().connectWith().cleanStart(false).sessionExpiryInterval(3600).send()
                .isSessionPresent()).isTrue();
        resumed.messages().staysEmptyFor(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.3-9]: a will whose delay runs when the broker stops is published after the restart "
            + "once its delay ends")
    void delayedWillSurvivesRestart() {
        String clientId = ClientIds.unique("will");
        MqttBroker first = start(SyncPolicy.SYNC);
        HiveMqClient watcher = this.clients.hivemq("watcher");
        watcher.client().connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
        watcher.subscribe("wills/#", MqttQos.AT_LEAST_ONCE);
        RawClient client = this.clients.register(Mqtt5Packets.connected(first.port(), Mqtt5Packets.connect(clientId,
                true, 0, Mqtt5Properties.builder().integer(Mqtt5Properties.SESSION_EXPIRY_INTERVAL, 3600)
                        .build(), new Mqtt5Packets.Will("wills/" + clientId, "gone", 1, false,
                                Mqtt5Properties.builder().integer(Mqtt5Properties.WILL_DELAY_INTERVAL, 2)
                                        .build()))));
        // the connection breaks without DISCONNECT: the will's delay starts
        client.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.statistics().connections() == 1);

        MqttBroker second = restart(SyncPolicy.SYNC);
        HiveMqClient resumed = this.clients.register(HiveMqClient.create(second.port(), watcher.clientId()));
        resumed.client().connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
        Mqtt5Publish will = resumed.messages().next();
        assertThat(will.getTopic().toString()).isEqualTo("wills/" + clientId);
        assertThat(new String(will.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("gone");
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.1.2-23]: a session whose expiry passed while the broker was down is gone after the "
            + "restart, with its queued messages")
    void expiredSessionIsRemoved() throws Exception {
        String clientId = ClientIds.unique("short");
        MqttBroker first = start(SyncPolicy.SYNC);
        HiveMqClient subscriber = this.clients.register(HiveMqClient.create(first.port(), clientId));
        subscriber.client().connectWith().cleanStart(true).sessionExpiryInterval(1).send();
        subscriber.subscribe("short/#", MqttQos.AT_LEAST_ONCE);
        subscriber.client().disconnect();
        first.publish(ApplicationMessage.builder("short/a").payload("x").qos(QoS.AT_LEAST_ONCE).build());
        first.stop();
        Thread.sleep(1500);
        MqttBroker second = start(SyncPolicy.SYNC);
        assertThat(second.sessions()).isEmpty();
        second.stop();
        MqttBroker third = start(SyncPolicy.SYNC);
        assertThat(third.sessions()).isEmpty();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-4] [MQTT-4.3.2-2]: a message queued by three offline sessions is stored once, and "
            + "the store holds nothing of it once every session has acknowledged it")
    void messageStoredOnceAndRemovedWhenAcknowledged() throws Exception {
        MqttBroker first = start(SyncPolicy.SYNC);
        List<String> clientIds = List.of(ClientIds.unique("one"), ClientIds.unique("two"), ClientIds.unique("three"));
        for (String clientId : clientIds) {
            try (Paho3Client client = Paho3Client.create(first.port(), clientId)) {
                client.connect(false);
                client.subscribe("shared/fact", 1);
                client.disconnect();
            }
        }
        for (int i = 0; i < 5; i++) {
            first.publish(ApplicationMessage.builder("shared/fact").payload("fact " + i).qos(QoS.AT_LEAST_ONCE)
                    .build());
        }
        first.stop();
        assertThat(countRecords(Records.MESSAGE)).as("messages, once each").isEqualTo(5);
        assertThat(countRecords(Records.ENTRY)).as("entries, one per session and message").isEqualTo(15);

        MqttBroker second = start(SyncPolicy.SYNC);
        for (String clientId : clientIds) {
            try (Paho3Client client = Paho3Client.create(second.port(), clientId)) {
                assertThat(client.connect(false)).isTrue();
                assertThat(client.nextPayloads(5)).containsExactly("fact 0", "fact 1", "fact 2", "fact 3", "fact 4");
                // the client hands a message over before it acknowledges it: disconnect once the broker has every PUBACK
                await().atMost(Duration.ofSeconds(5)).until(() -> second.statistics().inflightMessages() == 0);
                client.disconnect();
            }
        }
        second.stop();
        assertThat(countRecords(Records.MESSAGE)).isZero();
        assertThat(countRecords(Records.ENTRY)).isZero();
        assertThat(countRecords(Records.SESSION)).as("the sessions themselves remain").isEqualTo(3);
    }

    private int countRecords(byte kind) throws RocksDBException {
        int count = 0;
        try (Options options = new Options(); RocksDB db = RocksDB.openReadOnly(options, this.dataDir.toString());
                RocksIterator records = db.newIterator()) {
            for (records.seek(new byte[] { kind }); records.isValid() && records.key()[0] == kind; records.next()) {
                count++;
            }
        }
        return count;
    }

}
