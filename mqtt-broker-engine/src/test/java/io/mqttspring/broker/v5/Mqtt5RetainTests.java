package io.mqttspring.broker.v5;

import java.time.Duration;
import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.HiveMqClient;
import io.mqttspring.broker.support.Mqtt5Packets;
import io.mqttspring.broker.support.Mqtt5Packets.Filter;
import io.mqttspring.broker.support.Mqtt5Packets.Publish;
import io.mqttspring.broker.support.Mqtt5Properties;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import io.mqttspring.broker.support.TestClients;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.mqttspring.broker.support.Mqtt5Properties.MESSAGE_EXPIRY_INTERVAL;
import static io.mqttspring.broker.support.Mqtt5Properties.SUBSCRIPTION_IDENTIFIER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * MQTT 5 retained messages: store, replace, clear, the RETAIN flag on delivery, expiry, and QoS and properties of
 * retained deliveries.
 */
class Mqtt5RetainTests {

    @RegisterExtension
    final BrokerExtension broker = BrokerExtension.onManualClock();

    @RegisterExtension
    final TestClients clients = new TestClients(this.broker::port);

    private HiveMqClient publisher() {
        return this.clients.hivemqConnected("retain-pub");
    }

    @Test
    @DisplayName("[MQTT-3.3.1-5] [MQTT-3.3.1-9] [MQTT-3.3.2-17] [MQTT-3.3.2-20] a retained message is stored and "
            + "sent, RETAIN flag set and properties kept, to a later Paho v5 subscriber")
    void retainedMessageIsStoredAndSentToNewSubscribers() {
        publisher().client().publishWith().topic("retain/store").payload(MqttBytes.utf8("kept"))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).contentType("text/plain")
                .userProperties().add("origin", "test").applyUserProperties().send();
        assertThat(this.broker.broker().statistics().retainedMessages()).isEqualTo(1);

        Paho5Client paho = this.clients.paho5Connected("retain-paho");
        paho.subscribe("retain/store", 1);
        Paho5Client.Received message = paho.messages().next();
        assertThat(message.payload()).isEqualTo("kept");
        assertThat(message.message().isRetained()).isTrue();
        assertThat(message.properties().getContentType()).isEqualTo("text/plain");
        assertThat(message.properties().getUserProperties()).extracting(UserProperty::getKey, UserProperty::getValue)
                .containsExactly(tuple("origin", "test"));
    }

    @Test
    @DisplayName("[MQTT-3.3.1-5] a newer retained message replaces the stored one")
    void newerRetainedMessageReplacesStoredOne() {
        HiveMqClient publisher = publisher();
        publisher.publishRetained("retain/replace", "old", MqttQos.AT_LEAST_ONCE);
        publisher.publishRetained("retain/replace", "new", MqttQos.AT_LEAST_ONCE);
        HiveMqClient subscriber = this.clients.subscriber("replace-sub", "retain/replace", MqttQos.AT_LEAST_ONCE);
        assertThat(subscriber.nextPayload()).isEqualTo("new");
        subscriber.messages().staysEmptyFor(Duration.ofMillis(300));
        assertThat(this.broker.broker().statistics().retainedMessages()).isEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-3.3.1-6] [MQTT-3.3.1-7] a retained message with an empty payload is delivered to current "
            + "subscribers, clears the stored one and is not stored itself")
    void emptyRetainedMessageClearsTopic() {
        HiveMqClient publisher = publisher();
        publisher.publishRetained("retain/clear", "to be cleared", MqttQos.AT_LEAST_ONCE);
        HiveMqClient current = this.clients.subscriber("clear-current", "retain/clear", MqttQos.AT_LEAST_ONCE);
        assertThat(current.nextPayload()).isEqualTo("to be cleared");

        publisher.publishRetained("retain/clear", "", MqttQos.AT_LEAST_ONCE);
        Mqtt5Publish clearing = current.messages().next();
        assertThat(clearing.getPayloadAsBytes()).isEmpty();
        assertThat(this.broker.broker().statistics().retainedMessages()).isZero();

        HiveMqClient later = this.clients.subscriber("clear-later", "retain/clear", MqttQos.AT_LEAST_ONCE);
        later.messages().staysEmptyFor(Duration.ofMillis(500));
    }

    @Test
    @DisplayName("[MQTT-3.3.1-8] a non-retained message is not stored and leaves the retained one in place")
    void nonRetainedMessageLeavesRetainedOneAlone() {
        HiveMqClient publisher = publisher();
        publisher.publishRetained("retain/keep", "retained", MqttQos.AT_LEAST_ONCE);
        publisher.publish("retain/keep", "not retained", MqttQos.AT_LEAST_ONCE);
        HiveMqClient subscriber = this.clients.subscriber("keep-sub", "retain/keep", MqttQos.AT_LEAST_ONCE);
        assertThat(subscriber.nextPayload()).isEqualTo("retained");
        subscriber.messages().staysEmptyFor(Duration.ofMillis(300));
    }

    @Test
    @DisplayName("MQTT 5.0 section 3.3.1.3 [MQTT-3.3.1-12]: RETAIN is 1 on delivery at subscription time and 0 on "
            + "live delivery to an existing subscription")
    void retainFlagDependsOnWhenTheMessageIsDelivered() {
        HiveMqClient publisher = publisher();
        HiveMqClient existing = this.clients.subscriber("flag-existing", "retain/flag", MqttQos.AT_LEAST_ONCE);
        publisher.publishRetained("retain/flag", "v1", MqttQos.AT_LEAST_ONCE);
        Mqtt5Publish live = existing.messages().next();
        assertThat(live.isRetain()).isFalse();

        HiveMqClient later = this.clients.subscriber("flag-later", "retain/flag", MqttQos.AT_LEAST_ONCE);
        Mqtt5Publish atSubscribe = later.messages().next();
        assertThat(new String(atSubscribe.getPayloadAsBytes())).isEqualTo("v1");
        assertThat(atSubscribe.isRetain()).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.3.1-9] [MQTT-3.3.2-3] a wildcard subscription receives every matching retained message, "
            + "and only those")
    void wildcardSubscriptionReceivesAllMatchingRetainedMessages() {
        HiveMqClient publisher = publisher();
        publisher.publishRetained("retain/wild/a", "a", MqttQos.AT_LEAST_ONCE);
        publisher.publishRetained("retain/wild/b/c", "b/c", MqttQos.AT_LEAST_ONCE);
        publisher.publishRetained("retain/other", "other", MqttQos.AT_LEAST_ONCE);
        HiveMqClient subscriber = this.clients.subscriber("wild-sub", "retain/wild/#", MqttQos.AT_LEAST_ONCE);
        List<Mqtt5Publish> received = subscriber.messages().next(2);
        assertThat(received).extracting((publish) -> publish.getTopic().toString())
                .containsExactlyInAnyOrder("retain/wild/a", "retain/wild/b/c");
        subscriber.messages().staysEmptyFor(Duration.ofMillis(300));
    }

    @Test
    @DisplayName("[MQTT-3.8.4-8] [MQTT-3.3.4-3] a retained QoS 2 message is sent at the granted QoS 1, with the "
            + "subscription's identifier")
    void retainedMessageIsSentAtGrantedQosWithSubscriptionIdentifier() {
        publisher().publishRetained("retain/qos", "qos2", MqttQos.EXACTLY_ONCE);
        RawClient subscriber = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("retain-raw")));
        subscriber.send(Mqtt5Packets.subscribe(1, Mqtt5Properties.builder().integer(SUBSCRIPTION_IDENTIFIER, 77)
                .build(), new Filter("retain/qos", 1)));
        assertThat(Mqtt5Packets.subAck(subscriber.read()).reasonCodes()).containsExactly(0x01);
        Publish publish = Mqtt5Packets.publish(subscriber.read());
        assertThat(publish.retain()).isTrue();
        assertThat(publish.qos()).isEqualTo(1);
        assertThat(publish.properties().integers(SUBSCRIPTION_IDENTIFIER)).containsExactly(77L);
        subscriber.send(MqttBytes.puback(publish.packetId()));
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] [MQTT-3.3.2-6] an expired retained message is no longer sent; a live one is sent "
            + "with its remaining Message Expiry Interval")
    void retainedMessagesExpire() {
        HiveMqClient publisher = publisher();
        publisher.client().publishWith().topic("retain/expiry/short").payload(MqttBytes.utf8("short"))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).messageExpiryInterval(1).send();
        publisher.client().publishWith().topic("retain/expiry/long").payload(MqttBytes.utf8("long"))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).messageExpiryInterval(60).send();
        // the short-lived message outlives its one second
        this.broker.clock().advance(Duration.ofMillis(1500));

        RawClient subscriber = this.clients.raw(Mqtt5Packets.connect(ClientIds.unique("expiry-raw")));
        subscriber.send(Mqtt5Packets.subscribe(1, "retain/expiry/#", 1));
        subscriber.readType(Packet.SUBACK);
        Publish publish = Mqtt5Packets.publish(subscriber.read());
        assertThat(publish.payloadText()).isEqualTo("long");
        assertThat(publish.properties().integer(MESSAGE_EXPIRY_INTERVAL)).isEqualTo(59L);
        subscriber.send(MqttBytes.puback(publish.packetId()));
        assertThat(subscriber.staysSilent(Duration.ofMillis(300))).isTrue();
    }

}
