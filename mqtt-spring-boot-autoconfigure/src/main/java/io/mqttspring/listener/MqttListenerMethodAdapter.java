package io.mqttspring.listener;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.broker.message.UserProperty;
import io.mqttspring.core.MqttHeaders;
import io.mqttspring.core.MqttMessageConverter;
import io.mqttspring.core.MqttOperations;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Calls a listener method for one message: builds the Spring message with MQTT headers and topic variables,
 * invokes the method with resolved arguments, routes failures to the listener's error handler and publishes a
 * return value as the reply. Thread-safe.
 * <p>Lives here rather than in {@code listener.adapter}: the container factory creates it and it uses this
 * package's error handler and topic templates, so there it would tie the two packages in a cycle.
 */
public class MqttListenerMethodAdapter {

    /** Header under which the method receives the variables its topic template extracted. */
    public static final String VARIABLES_HEADER = "mqtt_topicVariables";

    private static final Log logger = LogFactory.getLog(MqttListenerMethodAdapter.class);

    private final String listenerId;

    private final InvocableHandlerMethod method;

    private final List<TopicTemplate> topics;

    private final MqttMessageConverter converter;

    private final MqttOperations replies;

    private final @Nullable MqttListenerErrorHandler errorHandler;

    private final @Nullable TopicTemplate replyTopic;

    private volatile boolean warnedNoReplyTopic;

    public MqttListenerMethodAdapter(String listenerId, InvocableHandlerMethod method, List<TopicTemplate> topics,
            MqttMessageConverter converter, MqttOperations replies, @Nullable MqttListenerErrorHandler errorHandler,
            @Nullable TopicTemplate replyTopic) {
        this.listenerId = listenerId;
        this.method = method;
        this.topics = List.copyOf(topics);
        this.converter = converter;
        this.replies = replies;
        this.errorHandler = errorHandler;
        this.replyTopic = replyTopic;
    }

    /**
     * Handle one message on the calling thread.
     * @param received the message as the broker delivered it
     * @throws Exception when the method and its error handler fail
     */
    public void onMessage(ReceivedMessage received) throws Exception {
        Map<String, String> variables = variables(received.topic());
        Message<byte[]> message = MessageBuilder.fromMessage(this.converter.toMessage(received))
            .setHeader(VARIABLES_HEADER, variables)
            .build();
        Object result;
        try {
            result = this.method.invoke(message);
        }
        catch (Exception ex) {
            ListenerExecutionFailedException failure = new ListenerExecutionFailedException(this.listenerId,
                    received.topic(), message, ex);
            try {
                if (this.errorHandler == null) {
                    throw failure;
                }
                result = this.errorHandler.handleError(message, failure);
            }
            catch (Exception unhandled) {
                // a requester waits for an answer: it gets the failure rather than its timeout
                replyFailure(received, unhandled);
                throw unhandled;
            }
        }
        if (result != null) {
            reply(result, received, variables);
        }
    }

    private void replyFailure(ReceivedMessage request, Exception failure) {
        String responseTopic = request.message().properties().responseTopic();
        byte[] correlation = request.message().properties().correlationData();
        if (responseTopic == null) {
            return;
        }
        Throwable cause = (failure instanceof ListenerExecutionFailedException && failure.getCause() != null)
                ? failure.getCause() : failure;
        String reason = "Listener '" + this.listenerId + "' failed: " + cause;
        MessageBuilder<byte[]> reply = MessageBuilder.withPayload(reason.getBytes(StandardCharsets.UTF_8))
            .setHeader(MqttHeaders.TOPIC, responseTopic)
            .setHeader(MqttHeaders.USER_PROPERTIES, List.of(new UserProperty(MqttHeaders.ERROR_PROPERTY, reason)));
        if (correlation != null) {
            reply.setHeader(MqttHeaders.CORRELATION_DATA, correlation);
        }
        try {
            this.replies.publish(reply.build());
        }
        catch (RuntimeException ex) {
            logger.debug("Listener '" + this.listenerId + "' could not answer a failed request: " + ex);
        }
    }

    private Map<String, String> variables(String topic) {
        for (TopicTemplate template : this.topics) {
            Map<String, String> values = template.match(topic);
            if (values != null) {
                return values;
            }
        }
        return Map.of();
    }

    private void reply(Object result, ReceivedMessage request, Map<String, String> variables) {
        ApplicationMessage requestMessage = request.message();
        String responseTopic = requestMessage.properties().responseTopic();
        String topic = (responseTopic != null) ? responseTopic
                : (this.replyTopic != null) ? this.replyTopic.expand(variables) : null;
        if (topic == null) {
            if (!this.warnedNoReplyTopic) {
                this.warnedNoReplyTopic = true;
                logger.warn("Listener '" + this.listenerId + "' returned a value but the message on '"
                        + request.topic() + "' has no response topic and the method no @SendTo: the value is not "
                        + "sent (logged once per listener)");
            }
            return;
        }
        MessageBuilder<?> reply = (result instanceof Message<?> message) ? MessageBuilder.fromMessage(message)
                : MessageBuilder.withPayload(result);
        reply.setHeaderIfAbsent(MqttHeaders.TOPIC, topic);
        byte[] correlation = requestMessage.properties().correlationData();
        if (responseTopic != null && correlation != null) {
            // MQTT 5.0 section 4.10: the response carries the request's Correlation Data
            reply.setHeaderIfAbsent(MqttHeaders.CORRELATION_DATA, correlation);
        }
        this.replies.publish(reply.build());
    }

}
