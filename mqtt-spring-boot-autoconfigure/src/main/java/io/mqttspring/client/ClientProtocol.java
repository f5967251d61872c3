package io.mqttspring.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import io.mqttspring.broker.PublishResult;
import io.mqttspring.broker.bridge.ConnectOptions;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReceivedMessage;

/**
 * What differs between the HiveMQ MQTT Client's MQTT 5 and MQTT 3.1.1 APIs; {@link HiveMqClientConnection} does the
 * rest the same way for both.
 */
interface ClientProtocol {

    boolean isMqtt5();

    CompletableFuture<?> connect(ConnectOptions options);

    CompletableFuture<?> disconnect();

    boolean isConnected();

    CompletableFuture<PublishResult> publish(ApplicationMessage message);

    /**
     * Subscribe with manual acknowledgement.
     * @param topicFilters the filters
     * @param qos their maximum QoS
     * @param handler takes each message and the action that acknowledges it
     * @return completes with a description of each filter the broker refused, empty when it took all
     */
    CompletableFuture<List<String>> subscribe(List<String> topicFilters, QoS qos,
            BiConsumer<ReceivedMessage, Runnable> handler);

    CompletableFuture<?> unsubscribe(List<String> topicFilters);

}
