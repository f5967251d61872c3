package io.mqttspring.listener;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

/**
 * Thrown when an {@link MqttListener} method fails; names the listener and the topic.
 */
public class ListenerExecutionFailedException extends MessagingException {

    private static final long serialVersionUID = 1L;

    private final String listenerId;

    private final String topic;

    public ListenerExecutionFailedException(String listenerId, String topic, Message<?> failedMessage,
            Throwable cause) {
        super(failedMessage, "Listener '" + listenerId + "' failed on topic '" + topic + "'", cause);
        this.listenerId = listenerId;
        this.topic = topic;
    }

    public String getListenerId() {
        return this.listenerId;
    }

    public String getTopic() {
        return this.topic;
    }

}
