package io.mqttspring.listener;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;

/**
 * Handles the failure of an {@link MqttListener} method. Named by {@link MqttListener#errorHandler()}. The message is
 * acknowledged after the handler returns, so it is not redelivered; a handler that wants a retry calls the listener
 * again or republishes the message.
 */
@FunctionalInterface
public interface MqttListenerErrorHandler {

    /**
     * Handle a failure.
     * @param message the message the listener received
     * @param exception the failure, with the listener id and topic
     * @return a reply to publish as the method's return value would be, or {@code null}
     * @throws Exception to report the failure to the container's default handling (logged and counted)
     */
    @Nullable Object handleError(Message<?> message, ListenerExecutionFailedException exception) throws Exception;

}
