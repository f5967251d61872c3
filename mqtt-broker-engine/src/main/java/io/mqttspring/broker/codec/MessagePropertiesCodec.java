package io.mqttspring.broker.codec;

import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.UserProperty;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttProperty;

import org.jspecify.annotations.Nullable;

/**
 * Reads Netty's {@link MqttProperties} of decoded control packets: single values, and the message properties of a
 * will as the engine's {@link MessageProperties}.
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
