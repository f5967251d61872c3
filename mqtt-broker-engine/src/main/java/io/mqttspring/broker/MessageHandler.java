package io.mqttspring.broker;

import java.util.concurrent.CompletionStage;

import io.mqttspring.broker.message.ReceivedMessage;

/**
 * Receives the messages of an in-process subscriber.
 */
@FunctionalInterface
public interface MessageHandler {

    /**
     * Handle a message. Called on a broker event loop, one message at a time per subscriber and in order: return at
     * once and do slow work elsewhere. A QoS 1 or 2 message counts as delivered, freeing a place in the subscriber's
     * in-flight window, when the returned stage completes; a failed stage also acknowledges it (as a negative
     * acknowledgement does in MQTT 5), so it is not redelivered.
     * @param message the message
     * @return a stage that completes when the message has been processed
     */
    CompletionStage<?> onMessage(ReceivedMessage message);

}
