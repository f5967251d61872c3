package io.mqttspring.broker.core;

/**
 * Thrown when a topic name or topic filter breaks the rules of MQTT section 4.7.
 */
public class InvalidTopicException extends MqttBrokerException {

    private static final long serialVersionUID = 1L;

    public InvalidTopicException(String message) {
        super(message);
    }

}
