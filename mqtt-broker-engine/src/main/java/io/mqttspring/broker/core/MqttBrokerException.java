package io.mqttspring.broker.core;

/**
 * Root of the unchecked exceptions the broker engine throws.
 */
public class MqttBrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MqttBrokerException(String message) {
        super(message);
    }

    public MqttBrokerException(String message, Throwable cause) {
        super(message, cause);
    }

}
