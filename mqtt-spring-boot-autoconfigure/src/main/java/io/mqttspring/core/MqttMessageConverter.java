package io.mqttspring.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.broker.message.UserProperty;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;
import org.springframework.util.MimeType;

/**
 * Maps between the broker's messages and Spring {@link Message}s: MQTT metadata to {@link MqttHeaders} and back,
 * payloads through a Spring {@link SmartMessageConverter} (bytes, text and, when Jackson is present, JSON).
 * Thread-safe.
 */
public class MqttMessageConverter {

    private final SmartMessageConverter payloadConverter;

    public MqttMessageConverter(SmartMessageConverter payloadConverter) {
        Assert.notNull(payloadConverter, "'payloadConverter' must not be null");
        this.payloadConverter = payloadConverter;
    }

    /**
     * Return the converter used for payloads, for listener argument resolution.
     * @return the payload converter
     */
    public SmartMessageConverter getPayloadConverter() {
        return this.payloadConverter;
    }

    /**
     * Turn a delivered message into a Spring message with a {@code byte[]} payload and MQTT headers.
     * @param received the delivered message
     * @return the Spring message
     */
    public Message<byte[]> toMessage(ReceivedMessage received) {
        ApplicationMessage message = received.message();
        MessageProperties properties = message.properties();
        Map<String, Object> headers = new HashMap<>();
        headers.put(MqttHeaders.RECEIVED_TOPIC, message.topic());
        headers.put(MqttHeaders.RECEIVED_QOS, message.qos().value());
        headers.put(MqttHeaders.RECEIVED_RETAINED, message.retain());
        headers.put(MqttHeaders.DUPLICATE, received.duplicate());
        putIfNotNull(headers, MqttHeaders.CLIENT_ID, received.publisherClientId());
        if (!received.subscriptionIdentifiers().isEmpty()) {
            headers.put(MqttHeaders.SUBSCRIPTION_IDENTIFIERS, received.subscriptionIdentifiers());
        }
        putIfNotNull(headers, MessageHeaders.CONTENT_TYPE, properties.contentType());
        putIfNotNull(headers, MqttHeaders.RESPONSE_TOPIC, properties.responseTopic());
        putIfNotNull(headers, MqttHeaders.CORRELATION_DATA, properties.correlationData());
        putIfNotNull(headers, MqttHeaders.MESSAGE_EXPIRY_INTERVAL, properties.messageExpiryInterval());
        putIfNotNull(headers, MqttHeaders.PAYLOAD_FORMAT_INDICATOR, properties.payloadFormatIndicator());
        if (!properties.userProperties().isEmpty()) {
            headers.put(MqttHeaders.USER_PROPERTIES, properties.userProperties());
        }
        return MessageBuilder.createMessage(message.payload(), new MessageHeaders(headers));
    }

    /**
     * Turn a Spring message into an application message: the topic from {@link MqttHeaders#TOPIC} unless given,
     * QoS and retain flag from headers with defaults, MQTT 5 properties from headers, the payload converted.
     * @param message the Spring message
     * @param defaultTopic the topic when the message has no {@link MqttHeaders#TOPIC} header, or {@code null}
     * @param defaultQos the QoS when the message has no {@link MqttHeaders#QOS} header
     * @return the application message
     * @throws MessageConversionException if there is no topic or the payload cannot be converted
     */
    public ApplicationMessage toApplicationMessage(Message<?> message, @Nullable String defaultTopic,
            QoS defaultQos) {
        MessageHeaders headers = message.getHeaders();
        String topic = headers.get(MqttHeaders.TOPIC, String.class);
        if (topic == null) {
            topic = defaultTopic;
        }
        if (topic == null) {
            throw new MessageConversionException(message, "No topic: set the '" + MqttHeaders.TOPIC + "' header");
        }
        QoS qos = qosOf(headers.get(MqttHeaders.QOS), defaultQos);
        boolean retain = Boolean.TRUE.equals(headers.get(MqttHeaders.RETAINED));
        Payload payload = toPayload(message.getPayload(), headers);
        MessageProperties.Builder properties = MessageProperties.builder()
                .contentType(payload.contentType())
                .responseTopic(headers.get(MqttHeaders.RESPONSE_TOPIC, String.class))
                .correlationData(headers.get(MqttHeaders.CORRELATION_DATA, byte[].class))
                .messageExpiryInterval(longOf(headers.get(MqttHeaders.MESSAGE_EXPIRY_INTERVAL)))
                .payloadFormatIndicator(headers.get(MqttHeaders.PAYLOAD_FORMAT_INDICATOR, Integer.class));
        Object userProperties = headers.get(MqttHeaders.USER_PROPERTIES);
        if (userProperties instanceof List<?> list) {
            List<UserProperty> copy = new ArrayList<>(list.size());
            for (Object property : list) {
                if (property instanceof UserProperty userProperty) {
                    copy.add(userProperty);
                }
            }
            properties.userProperties(copy);
        }
        return new ApplicationMessage(topic, payload.bytes(), qos, retain, properties.build());
    }

    /**
     * Convert a payload object to bytes: {@code byte[]}, {@link ByteBuffer} and {@link String} (UTF-8) as they are,
     * anything else through the payload converter (JSON by default).
     * @param payload the payload
     * @param headers headers that may name a content type
     * @return the bytes and the content type they are in, if known
     */
    public Payload toPayload(Object payload, MessageHeaders headers) {
        MimeType declared = contentTypeOf(headers);
        if (payload instanceof byte[] bytes) {
            return new Payload(bytes, (declared != null) ? declared.toString() : null);
        }
        if (payload instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return new Payload(bytes, (declared != null) ? declared.toString() : null);
        }
        Message<?> converted = this.payloadConverter.toMessage(payload, headers);
        if (converted == null || !(converted.getPayload() instanceof byte[] bytes)) {
            throw new MessageConversionException("Cannot convert payload of type " + payload.getClass().getName()
                    + " to bytes; add a message converter that can");
        }
        MimeType contentType = contentTypeOf(converted.getHeaders());
        return new Payload(bytes, (contentType != null) ? contentType.toString() : null);
    }

    /**
     * Convert received bytes to a type through the payload converter.
     * @param message a message with a {@code byte[]} payload and maybe a content type
     * @param type the target type
     * @param <T> the target type
     * @return the converted payload
     * @throws MessageConversionException if no converter can
     */
    @SuppressWarnings("unchecked")
    public <T> T fromMessage(Message<?> message, Class<T> type) {
        if (type.isInstance(message.getPayload())) {
            return (T) message.getPayload();
        }
        Object converted = this.payloadConverter.fromMessage(message, type);
        if (converted == null) {
            throw new MessageConversionException(message, "Cannot convert payload to " + type.getName());
        }
        return (T) converted;
    }

    private static @Nullable MimeType contentTypeOf(MessageHeaders headers) {
        Object value = headers.get(MessageHeaders.CONTENT_TYPE);
        if (value instanceof MimeType mimeType) {
            return mimeType;
        }
        return (value instanceof String text) ? MimeType.valueOf(text) : null;
    }

    private static QoS qosOf(@Nullable Object value, QoS fallback) {
        if (value instanceof QoS qos) {
            return qos;
        }
        if (value instanceof Number number) {
            return QoS.of(number.intValue());
        }
        return (value instanceof String text) ? QoS.of(Integer.parseInt(text.trim())) : fallback;
    }

    private static @Nullable Long longOf(@Nullable Object value) {
        return (value instanceof Number number) ? number.longValue() : null;
    }

    private static void putIfNotNull(Map<String, Object> headers, String name, @Nullable Object value) {
        if (value != null) {
            headers.put(name, value);
        }
    }

    /**
     * A converted payload.
     *
     * @param bytes the bytes
     * @param contentType their content type, or {@code null}
     */
    public record Payload(byte[] bytes, @Nullable String contentType) {
    }

}
