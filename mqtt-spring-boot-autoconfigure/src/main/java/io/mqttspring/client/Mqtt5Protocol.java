package io.mqttspring.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5SubscribeBuilder;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.mqttspring.broker.PublishResult;
import io.mqttspring.broker.bridge.ConnectOptions;
import io.mqttspring.broker.bridge.MessageMapping;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReceivedMessage;

/**
 * MQTT 5 through the HiveMQ MQTT Client: every property maps one to one.
 */
final class Mqtt5Protocol implements ClientProtocol {

    private final Mqtt5AsyncClient client;

    Mqtt5Protocol(Mqtt5AsyncClient client) {
        this.client = client;
    }

    @Override
    public boolean isMqtt5() {
        return true;
    }

    @Override
    public CompletableFuture<?> connect(ConnectOptions options) {
        return options.connect(this.client);
    }

    @Override
    public CompletableFuture<?> disconnect() {
        return this.client.disconnect();
    }

    @Override
    public boolean isConnected() {
        return this.client.getState().isConnected();
    }

    @Override
    public CompletableFuture<PublishResult> publish(ApplicationMessage message) {
        return this.client.publish(MessageMapping.toPublish(message)).thenApply(Mqtt5Protocol::result);
    }

    /**
     * Turn the broker's answer into a result: over the network the number of subscribers is not known, only
     * whether there was none (MQTT 5 reason 0x10 on QoS 1 and 2).
     */
    private static PublishResult result(Mqtt5PublishResult result) {
        if (result.getError().isPresent()) {
            throw new IllegalStateException("The broker refused the publication: " + result.getError().get(),
                    result.getError().get());
        }
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1) {
            if (qos1.getPubAck().getReasonCode().isError()) {
                throw new IllegalStateException("The broker refused the publication: " + qos1.getPubAck());
            }
            return new PublishResult(
                    (qos1.getPubAck().getReasonCode() == Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS) ? 0 : -1);
        }
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos2Result qos2) {
            if (qos2.getPubRec().getReasonCode().isError()) {
                throw new IllegalStateException("The broker refused the publication: " + qos2.getPubRec());
            }
            return new PublishResult(
                    (qos2.getPubRec().getReasonCode() == Mqtt5PubRecReasonCode.NO_MATCHING_SUBSCRIBERS) ? 0 : -1);
        }
        return new PublishResult(-1);
    }

    @Override
    public CompletableFuture<List<String>> subscribe(List<String> topicFilters, QoS qos,
            BiConsumer<ReceivedMessage, Runnable> handler) {
        Mqtt5SubscribeBuilder.Start builder = Mqtt5Subscribe.builder();
        Mqtt5SubscribeBuilder.Complete complete = null;
        for (String filter : topicFilters) {
            Mqtt5Subscription entry = Mqtt5Subscription.builder().topicFilter(filter)
                    .qos(MqttQos.fromCode(qos.value())).build();
            complete = (complete == null) ? builder.addSubscription(entry) : complete.addSubscription(entry);
        }
        return this.client.subscribe(complete.build(),
                (publish) -> handler.accept(MessageMapping.toReceived(publish), publish::acknowledge), true)
            .thenApply((subAck) -> {
                List<String> refused = new ArrayList<>();
                for (int i = 0; i < subAck.getReasonCodes().size(); i++) {
                    Mqtt5SubAckReasonCode code = subAck.getReasonCodes().get(i);
                    if (code.isError()) {
                        refused.add("'" + topicFilters.get(i) + "': " + code);
                    }
                }
                return refused;
            });
    }

    @Override
    public CompletableFuture<?> unsubscribe(List<String> topicFilters) {
        return this.client.unsubscribeWith().addTopicFilters(topicFilters.stream().map(MqttTopicFilter::of).toList())
            .send();
    }

}
