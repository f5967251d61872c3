package io.mqttspring.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3SubscribeBuilder;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import io.mqttspring.broker.PublishResult;
import io.mqttspring.broker.bridge.ConnectOptions;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReceivedMessage;

/**
 * MQTT 3.1.1 through the HiveMQ MQTT Client, for brokers that speak nothing newer: topic, payload, QoS and retain
 * only. A publication that needs MQTT 5 (response topic, correlation data, message expiry, user properties) fails
 * rather than reaching the broker without them; content type and payload format, which only describe the payload,
 * are left out. The session lasts as the broker keeps 3.1.1 sessions (Clean Session false), since 3.1.1 has no
 * session expiry.
 */
final class Mqtt3Protocol implements ClientProtocol {

    private final Mqtt3AsyncClient client;

    private final String url;

    Mqtt3Protocol(Mqtt3AsyncClient client, String url) {
        this.client = client;
        this.url = url;
    }

    @Override
    public boolean isMqtt5() {
        return false;
    }

    @Override
    public CompletableFuture<?> connect(ConnectOptions options) {
        var connect = this.client.connectWith().cleanSession(options.cleanStart())
                .keepAlive((int) options.keepAlive().toSeconds());
        if (options.username() != null) {
            var auth = connect.simpleAuth().username(options.username());
            if (options.password() != null) {
                auth.password(options.password().getBytes(StandardCharsets.UTF_8));
            }
            connect = auth.applySimpleAuth();
        }
        return connect.send();
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
        MessageProperties properties = message.properties();
        if (properties.responseTopic() != null || properties.correlationData() != null
                || properties.messageExpiryInterval() != null || !properties.userProperties().isEmpty()) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("The message to '"
                    + message.topic() + "' needs MQTT 5 (response topic, correlation data, message expiry or user "
                    + "properties), and the broker at " + this.url + " is spoken to in MQTT 3.1.1 "
                    + "(mqtt.client.protocol-version)"));
        }
        // the content type and payload format describe the payload only, and 3.1.1 has no place for them
        Mqtt3Publish publish = Mqtt3Publish.builder().topic(message.topic()).payload(message.payload())
                .qos(MqttQos.fromCode(message.qos().value())).retain(message.retain()).build();
        // MQTT 3.1.1 acknowledges without saying whether anyone subscribed
        return this.client.publish(publish).thenApply((published) -> new PublishResult(-1));
    }

    @Override
    public CompletableFuture<List<String>> subscribe(List<String> topicFilters, QoS qos,
            BiConsumer<ReceivedMessage, Runnable> handler) {
        Mqtt3SubscribeBuilder.Start builder = Mqtt3Subscribe.builder();
        Mqtt3SubscribeBuilder.Complete complete = null;
        for (String filter : topicFilters) {
            Mqtt3Subscription entry = Mqtt3Subscription.builder().topicFilter(filter)
                    .qos(MqttQos.fromCode(qos.value())).build();
            complete = (complete == null) ? builder.addSubscription(entry) : complete.addSubscription(entry);
        }
        return this.client.subscribe(complete.build(), (publish) -> handler.accept(received(publish),
                publish::acknowledge), true)
            .thenApply((subAck) -> {
                List<String> refused = new ArrayList<>();
                for (int i = 0; i < subAck.getReturnCodes().size(); i++) {
                    if (subAck.getReturnCodes().get(i) == Mqtt3SubAckReturnCode.FAILURE) {
                        refused.add("'" + topicFilters.get(i) + "': FAILURE");
                    }
                }
                return refused;
            });
    }

    private static ReceivedMessage received(Mqtt3Publish publish) {
        ApplicationMessage message = new ApplicationMessage(publish.getTopic().toString(),
                publish.getPayloadAsBytes(), QoS.of(publish.getQos().getCode()), publish.isRetain(),
                MessageProperties.NONE);
        return new ReceivedMessage(message, false, List.of(), null);
    }

    @Override
    public CompletableFuture<?> unsubscribe(List<String> topicFilters) {
        var unsubscribe = this.client.unsubscribeWith().topicFilter(topicFilters.get(0));
        for (String filter : topicFilters.subList(1, topicFilters.size())) {
            unsubscribe = unsubscribe.addTopicFilter(MqttTopicFilter.of(filter));
        }
        return unsubscribe.send();
    }

}
