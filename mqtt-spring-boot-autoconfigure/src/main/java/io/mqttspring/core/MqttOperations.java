package io.mqttspring.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.mqttspring.broker.PublishResult;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;

import org.springframework.messaging.Message;

/**
 * Publishing to the embedded broker, and MQTT 5 request/response. Implemented by {@link MqttTemplate}.
 */
public interface MqttOperations {

    /**
     * Publish a payload with the default QoS, not retained.
     * @param topic the topic name
     * @param payload bytes, text, or an object converted by the message converters (JSON by default)
     * @return a future completed once the broker routed the message
     */
    CompletableFuture<PublishResult> publish(String topic, Object payload);

    /**
     * Publish a payload.
     * @param topic the topic name
     * @param payload bytes, text, or an object converted by the message converters
     * @param qos the QoS
     * @param retain whether the broker retains the message
     * @return a future completed once the broker routed the message
     */
    CompletableFuture<PublishResult> publish(String topic, Object payload, QoS qos, boolean retain);

    /**
     * Publish a Spring message: topic, QoS, retain flag and MQTT 5 properties from its {@link MqttHeaders}.
     * @param message the message
     * @return a future completed once the broker routed the message
     */
    CompletableFuture<PublishResult> publish(Message<?> message);

    /**
     * Publish an application message as it is.
     * @param message the message
     * @return a future completed once the broker routed the message
     */
    CompletableFuture<PublishResult> publish(ApplicationMessage message);

    /**
     * Send an MQTT 5 request and wait for the reply: the request carries a Response Topic and Correlation Data;
     * any responder, in-process or a network client, answers by publishing to that topic with the same
     * Correlation Data.
     * @param topic the request topic
     * @param payload the request payload
     * @param replyType the type to convert the reply payload to
     * @param timeout how long to wait for the reply
     * @param <T> the reply type
     * @return a future completed with the converted reply, or exceptionally with a
     * {@link java.util.concurrent.TimeoutException}
     */
    <T> CompletableFuture<T> request(String topic, Object payload, Class<T> replyType, Duration timeout);

}
