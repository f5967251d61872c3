package io.mqttspring.broker.v5;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.metrics.DropReason;
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
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.mqttspring.broker.support.Mqtt5Properties.MESSAGE_EXPIRY_INTERVAL;
import static io.mqttspring.broker.support.Mqtt5Properties.RECEIVE_MAXIMUM;
import static io.mqttspring.broker.support.Mqtt5Properties.SESSION_EXPIRY_INTERVAL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message Expiry Interval (MQTT 5.0 section 3.3.2.3.3): counted down while a message waits in the broker, expired
 * copies deleted from session queues and the retained store, and messages whose delivery has started finished
 * even after their expiry.
 */
class Mqtt5MessageExpiryTests {

    @RegisterExtension
    final BrokerExtension broker = BrokerExtension.onManualClock();

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private static Mqtt5Properties expiry(long seconds) {
        return Mqtt5Properties.builder().integer(MESSAGE_EXPIRY_INTERVAL, seconds).build();
    }

    private HiveMqClient publisher() {
        return this.clients.hivemqConnected("expiry-pub");
    }

    private static void publish(HiveMqClient publisher, String topic, String payload, MqttQos qos, Long expiry) {
        var publish = publisher.client().publishWith().topic(topic).payload(MqttBytes.utf8(payload)).qos(qos);
        if (expiry != null) {
            publish.messageExpiryInterval(expiry);
        }
        publish.send();
    }

    /**
     * Let 1.1 seconds pass on the broker's clock while messages wait in the broker: longer than a one-second expiry.
     */
    private void outliveOneSecond() {
        this.broker.clock().advance(Duration.ofMillis(1100));
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] [MQTT-3.3.2-6] for offline HiveMQ and Paho v5 subscribers with persistent "
            + "sessions, a queued message whose expiry passed is deleted; one with time left arrives with its "
            + "interval reduced by the wait; one without expiry arrives without the property")
    void expiryCountsDownWhileQueuedForOfflineSubscribers() throws MqttException {
        HiveMqClient hive = this.clients.hivemq("expiry-hive");
        hive.client().connectWith().sessionExpiryInterval(60).send();
        hive.subscribe("countdown/#", MqttQos.AT_LEAST_ONCE);
        hive.client().disconnect();
        Paho5Client paho = this.clients.paho5("expiry-paho");
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSessionExpiryInterval(60L);
        paho.connect(options);
        paho.subscribe("countdown/#", 1);
        Paho5Client.await(paho.client().disconnect());

        HiveMqClient publisher = publisher();
        publish(publisher, "countdown/t", "expires", MqttQos.AT_LEAST_ONCE, 1L);
        publish(publisher, "countdown/t", "ten seconds", MqttQos.AT_LEAST_ONCE, 10L);
        publish(publisher, "countdown/t", "forever", MqttQos.AT_LEAST_ONCE, null);
        outliveOneSecond();

        hive.client().connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        options.setCleanStart(false);
        paho.connect(options);

        List<Mqtt5Publish> toHive = hive.messages().next(2);
        assertThat(toHive).extracting((publish) -> new String(publish.getPayloadAsBytes()))
                .containsExactly("ten seconds", "forever");
        assertThat(toHive.get(0).getMessageExpiryInterval()).isPresent();
        // 10 s less the 1.1 s waited, rounded up
        assertThat(toHive.get(0).getMessageExpiryInterval().getAsLong()).isEqualTo(9L);
        assertThat(toHive.get(1).getMessageExpiryInterval()).isEqualTo(OptionalLong.empty());
        List<Paho5Client.Received> toPaho = paho.messages().next(2);
        assertThat(toPaho).extracting(Paho5Client.Received::payload).containsExactly("ten seconds", "forever");
        assertThat(toPaho.get(0).properties().getMessageExpiryInterval()).isEqualTo(9L);
        assertThat(toPaho.get(1).properties().getMessageExpiryInterval()).isNull();
        hive.messages().staysEmptyFor(Duration.ofMillis(300));
        assertThat(paho.messages().isEmpty()).isTrue();
        assertThat(this.broker.broker().statistics().messagesDropped(DropReason.EXPIRED)).isEqualTo(2);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] [MQTT-3.3.2-6] a connected client whose Receive Maximum is used up: a message that "
            + "expires while queued behind the window is deleted, the next one is sent with its reduced interval")
    void messageExpiringInTheQueueOfAConnectedClientIsDeleted() {
        RawClient client = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("window"), true, 60,
                Mqtt5Properties.builder().integer(RECEIVE_MAXIMUM, 1).build()));
        client.send(Mqtt5Packets.subscribe(1, "window/#", 1));
        client.readType(Packet.SUBACK);
        HiveMqClient publisher = publisher();
        publish(publisher, "window/t", "holds the window", MqttQos.AT_LEAST_ONCE, null);
        Publish first = Mqtt5Packets.publish(client.read());
        publish(publisher, "window/t", "expires in the queue", MqttQos.AT_LEAST_ONCE, 1L);
        publish(publisher, "window/t", "thirty seconds", MqttQos.AT_LEAST_ONCE, 30L);
        outliveOneSecond();

        client.send(MqttBytes.puback(first.packetId()));
        Publish next = Mqtt5Packets.publish(client.read());
        assertThat(next.payloadText()).isEqualTo("thirty seconds");
        // 30 s less the 1.1 s waited, rounded up
        assertThat(next.properties().integer(MESSAGE_EXPIRY_INTERVAL)).isEqualTo(29L);
        client.send(MqttBytes.puback(next.packetId()));
        assertThat(client.staysSilent(Duration.ofMillis(300))).isTrue();
        assertThat(this.broker.broker().statistics().messagesDropped(DropReason.EXPIRED)).isEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] [MQTT-4.3.3-7] [MQTT-4.4.0-1] QoS 1 and QoS 2 messages already sent are resent "
            + "(DUP, same identifiers) on reconnection even after their expiry, with a positive Message Expiry "
            + "Interval; a message with the same expiry still queued behind Receive Maximum 2 is deleted")
    void messagesWhoseDeliveryStartedAreResentAfterExpiry() {
        String clientId = ClientIds.unique("started");
        Mqtt5Properties properties = Mqtt5Properties.builder().integer(SESSION_EXPIRY_INTERVAL, 60)
                .integer(RECEIVE_MAXIMUM, 2).build();
        RawClient first = this.clients.raw(Mqtt5Packets.connect(clientId, true, 60, properties));
        first.send(Mqtt5Packets.subscribe(1, "started/#", 2));
        first.readType(Packet.SUBACK);
        HiveMqClient publisher = publisher();
        publish(publisher, "started/t", "qos1", MqttQos.AT_LEAST_ONCE, 1L);
        publish(publisher, "started/t", "qos2", MqttQos.EXACTLY_ONCE, 1L);
        publish(publisher, "started/t", "not started", MqttQos.AT_LEAST_ONCE, 1L);
        Map<String, Publish> sent = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            Publish publish = Mqtt5Packets.publish(first.read());
            sent.put(publish.payloadText(), publish);
        }
        assertThat(sent).containsOnlyKeys("qos1", "qos2");
        first.close();
        outliveOneSecond();

        RawClient second = this.clients.raw();
        second.send(Mqtt5Packets.connect(clientId, false, 60, properties));
        assertThat(Mqtt5Packets.connack(second.read()).sessionPresent()).isTrue();
        Map<String, Publish> resent = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            Publish publish = Mqtt5Packets.publish(second.read());
            resent.put(publish.payloadText(), publish);
        }
        assertThat(resent).containsOnlyKeys("qos1", "qos2");
        resent.forEach((payload, publish) -> {
            assertThat(publish.duplicate()).as("DUP of %s", payload).isTrue();
            assertThat(publish.packetId()).isEqualTo(sent.get(payload).packetId());
            assertThat(publish.properties().integer(MESSAGE_EXPIRY_INTERVAL)).as("expiry of %s", payload)
                    .isEqualTo(1L);
        });
        second.send(MqttBytes.puback(resent.get("qos1").packetId()),
                MqttBytes.pubrec(resent.get("qos2").packetId()));
        assertThat(Mqtt5Packets.ack(second.readType(Packet.PUBREL)).packetId())
                .isEqualTo(resent.get("qos2").packetId());
        second.send(MqttBytes.pubcomp(resent.get("qos2").packetId()));
        assertThat(second.staysSilent(Duration.ofMillis(300))).as("the queued message expired unsent").isTrue();
    }

    @Test
    @DisplayName("[MQTT-4.3.3-13] the broker completes an inbound QoS 2 exchange whose message expired meanwhile: "
            + "PUBREL after the expiry gets PUBCOMP 0x00")
    void inboundQos2ExchangeIsCompletedAfterExpiry() {
        HiveMqClient subscriber = this.clients.subscriber("inbound-sub", "inbound/#", MqttQos.EXACTLY_ONCE);
        RawClient publisher = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("inbound-pub")));
        publisher.send(Mqtt5Packets.publish("inbound/t", 2, false, 9, expiry(1), "short-lived"));
        assertThat(Mqtt5Packets.ack(publisher.readType(Packet.PUBREC))).extracting(Ack::packetId,
                Ack::reasonCode).containsExactly(9, 0x00);
        outliveOneSecond();
        publisher.send(MqttBytes.pubrel(9));
        assertThat(Mqtt5Packets.ack(publisher.readType(Packet.PUBCOMP))).extracting(Ack::packetId,
                Ack::reasonCode).containsExactly(9, 0x00);
        assertThat(subscriber.nextPayload()).isEqualTo("short-lived");
        subscriber.messages().staysEmptyFor(Duration.ofMillis(300));
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] [MQTT-3.3.2-6] the retained store: an expired retained message is not sent to new "
            + "HiveMQ or Paho v5 subscribers and is removed; a live one arrives with its interval counted down")
    void expiredRetainedMessagesAreNotDelivered() {
        HiveMqClient publisher = publisher();
        publisher.client().publishWith().topic("kept/short").payload(MqttBytes.utf8("short"))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).messageExpiryInterval(1).send();
        publisher.client().publishWith().topic("kept/long").payload(MqttBytes.utf8("long"))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).messageExpiryInterval(20).send();
        outliveOneSecond();

        HiveMqClient hive = this.clients.subscriber("kept-hive", "kept/#", MqttQos.AT_LEAST_ONCE);
        Mqtt5Publish toHive = hive.messages().next();
        assertThat(new String(toHive.getPayloadAsBytes())).isEqualTo("long");
        assertThat(toHive.getMessageExpiryInterval()).isPresent();
        // 20 s less the 1.1 s waited, rounded up
        assertThat(toHive.getMessageExpiryInterval().getAsLong()).isEqualTo(19L);
        Paho5Client paho = this.clients.paho5Connected("kept-paho");
        paho.subscribe("kept/#", 1);
        Paho5Client.Received toPaho = paho.messages().next();
        assertThat(toPaho.payload()).isEqualTo("long");
        assertThat(toPaho.properties().getMessageExpiryInterval()).isEqualTo(19L);
        hive.messages().staysEmptyFor(Duration.ofMillis(300));
        assertThat(paho.messages().isEmpty()).isTrue();
        assertThat(this.broker.broker().statistics().retainedMessages()).as("expired one removed").isEqualTo(1);
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.3.2.3.3: a Message Expiry Interval of 0, which the spec gives no meaning, is read "
            + "as no expiry (as Mosquitto does): delivered live, queued, retained, forwarded without the property")
    void zeroExpiryMeansNoExpiry() {
        HiveMqClient offline = this.clients.hivemq("zero-offline");
        offline.client().connectWith().sessionExpiryInterval(60).send();
        offline.subscribe("zero/#", MqttQos.AT_LEAST_ONCE);
        offline.client().disconnect();
        HiveMqClient online = this.clients.subscriber("zero-online", "zero/#", MqttQos.AT_LEAST_ONCE);

        HiveMqClient publisher = publisher();
        publisher.client().publishWith().topic("zero/t").payload(MqttBytes.utf8("zero")).qos(MqttQos.AT_LEAST_ONCE)
                .retain(true).messageExpiryInterval(0).send();

        Mqtt5Publish live = online.messages().next(1).get(0);
        assertThat(new String(live.getPayloadAsBytes())).isEqualTo("zero");
        assertThat(live.getMessageExpiryInterval()).isEqualTo(OptionalLong.empty());
        offline.client().connectWith().cleanStart(false).sessionExpiryInterval(60).send();
        assertThat(offline.messages().next(1)).extracting((publish) -> new String(publish.getPayloadAsBytes()))
                .containsExactly("zero");
        HiveMqClient late = this.clients.subscriber("zero-late", "zero/t", MqttQos.AT_LEAST_ONCE);
        Mqtt5Publish retained = late.messages().next(1).get(0);
        assertThat(retained.isRetain()).isTrue();
        assertThat(this.broker.broker().statistics().messagesDropped(DropReason.EXPIRED)).isZero();
    }

}
