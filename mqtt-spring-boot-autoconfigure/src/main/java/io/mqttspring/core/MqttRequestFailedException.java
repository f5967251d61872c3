package io.mqttspring.core;

/**
 * The listener that took a request failed, and answered so (user property {@link MqttHeaders#ERROR_PROPERTY}) rather
 * than leaving the requester to its timeout.
 */
public class MqttRequestFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MqttRequestFailedException(String reason) {
        super(reason);
    }

}
