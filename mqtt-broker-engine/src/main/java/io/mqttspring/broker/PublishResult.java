package io.mqttspring.broker;

/**
 * The outcome of an in-process publication.
 *
 * @param matchedSubscribers the number of subscribers the message was routed to (shared groups count once)
 */
public record PublishResult(int matchedSubscribers) {
}
