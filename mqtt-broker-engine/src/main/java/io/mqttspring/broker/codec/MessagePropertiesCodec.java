package io.mqttspring.broker.codec;

import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.UserProperty;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.BinaryProperty;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.netty.handler.codec.mqtt.MqttProperties.UserProperties;

import org.jspecify.annotations.Nullable;

/**
 * Converts between Netty's {@link MqttProperties} and the engine's {@link MessageProperties}.
 */
public final class MessagePropertiesCodec {

    private MessagePropertiesCodec() {
    }

    /**
     * Read the message properties of a PUBLISH or will.
     * @param properties the decoded properties
     * @return the message properties
     */
    public static MessageProperties read(MqttProperties properties) {
        if (properties.isEmpty()) {
            return MessageProperties.NONE;
        }
        Integer payloadFormat = intValue(properties, MqttProperties.PAYLOAD_FORMAT_INDICATOR);
        Integer expiry = intValue(properties, MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
        List<UserProperty> userProperties = new ArrayList<>();
        for (MqttProperty<?> property : properties.getProperties(MqttProperties.USER_PROPERTY)) {
            MqttProperties.StringPair pair = ((MqttProperties.UserProperty) property).value();
            userProperties.add(new UserProperty(pair.key, pair.value));
        }
        return MessageProperties.builder()
                .payloadFormatIndicator(payloadFormat)
                .messageExpiryInterval((expiry != null) ? Integer.toUnsignedLong(expiry) : null)
                .contentType(stringValue(properties, MqttProperties.CONTENT_TYPE))
                .responseTopic(stringValue(properties, MqttProperties.RESPONSE_TOPIC))
                .correlationData(binaryValue(properties, MqttProperties.CORRELATION_DATA))
                .userProperties(userProperties)
                .build();
    }

    /**
     * Write message properties for an outbound PUBLISH.
     * @param message the message properties
     * @param remainingExpiry the expiry to forward in seconds, or a negative value for none
     * @param subscriptionIdentifiers identifiers of the matching subscriptions
     * @param topicAlias the topic alias to send, or 0 for none
     * @return Netty properties, {@link MqttProperties#NO_PROPERTIES} when there are none
     */
    public static MqttProperties write(MessageProperties message, long remainingExpiry,
            List<Integer> subscriptionIdentifiers, int topicAlias) {
        if (message.isEmpty() && subscriptionIdentifiers.isEmpty() && topicAlias == 0) {
            return MqttProperties.NO_PROPERTIES;
        }
        MqttProperties properties = new MqttProperties();
        if (topicAlias > 0) {
            properties.add(new IntegerProperty(MqttProperties.TOPIC_ALIAS, topicAlias));
        }
        if (message.payloadFormatIndicator() != null) {
            properties.add(new IntegerProperty(MqttProperties.PAYLOAD_FORMAT_INDICATOR,
                    message.payloadFormatIndicator()));
        }
        if (remainingExpiry >= 0) {
            properties.add(new IntegerProperty(MqttProperties.PUBLICATION_EXPIRY_INTERVAL, (int) remainingExpiry));
        }
        if (message.contentType() != null) {
            properties.add(new StringProperty(MqttProperties.CONTENT_TYPE, message.contentType()));
        }
        if (message.responseTopic() != null) {
            properties.add(new StringProperty(MqttProperties.RESPONSE_TOPIC, message.responseTopic()));
        }
        if (message.correlationData() != null) {
            properties.add(new BinaryProperty(MqttProperties.CORRELATION_DATA, message.correlationData()));
        }
        if (!message.userProperties().isEmpty()) {
            UserProperties user = new UserProperties();
            for (UserProperty property : message.userProperties()) {
                user.add(property.name(), property.value());
            }
            properties.add(user);
        }
        for (Integer identifier : subscriptionIdentifiers) {
            properties.add(new IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER, identifier));
        }
        return properties;
    }

    /**
     * Read an integer property.
     * @param properties the properties
     * @param id the property identifier
     * @return the value, or {@code null} when absent
     */
    public static @Nullable Integer intValue(MqttProperties properties, int id) {
        MqttProperty<?> property = properties.getProperty(id);
        return (property != null) ? (Integer) property.value() : null;
    }

    /**
     * Read a string property.
     * @param properties the properties
     * @param id the property identifier
     * @return the value, or {@code null} when absent
     */
    public static @Nullable String stringValue(MqttProperties properties, int id) {
        MqttProperty<?> property = properties.getProperty(id);
        return (property != null) ? (String) property.value() : null;
    }

    /**
     * Read a binary property.
     * @param properties the properties
     * @param id the property identifier
     * @return the value, or {@code null} when absent
     */
    public static byte @Nullable [] binaryValue(MqttProperties properties, int id) {
        MqttProperty<?> property = properties.getProperty(id);
        return (property != null) ? (byte[]) property.value() : null;
    }

}
