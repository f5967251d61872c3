package io.mqttspring.broker.bridge;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserPropertiesBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishBuilder;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.broker.message.UserProperty;

/**
 * Maps messages between this project's types and the HiveMQ MQTT Client's, MQTT 5 properties one to one; shared by
 * client mode and the bridges.
 */
public final class MessageMapping {

    private MessageMapping() {
    }

    public static Mqtt5Publish toPublish(ApplicationMessage message) {
        MessageProperties properties = message.properties();
        Mqtt5PublishBuilder.Complete builder = Mqtt5Publish.builder().topic(message.topic())
                .payload(message.payload()).qos(MqttQos.fromCode(message.qos().value())).retain(message.retain());
        if (properties.messageExpiryInterval() != null) {
            builder.messageExpiryInterval(properties.messageExpiryInterval());
        }
        if (properties.payloadFormatIndicator() != null) {
            builder.payloadFormatIndicator((properties.payloadFormatIndicator() == 1)
                    ? Mqtt5PayloadFormatIndicator.UTF_8 : Mqtt5PayloadFormatIndicator.UNSPECIFIED);
        }
        if (properties.contentType() != null) {
            builder.contentType(properties.contentType());
        }
        if (properties.responseTopic() != null) {
            builder.responseTopic(properties.responseTopic());
        }
        if (properties.correlationData() != null) {
            builder.correlationData(properties.correlationData());
        }
        if (!properties.userProperties().isEmpty()) {
            Mqtt5UserPropertiesBuilder users = Mqtt5UserProperties.builder();
            for (UserProperty property : properties.userProperties()) {
                users.add(property.name(), property.value());
            }
            builder.userProperties(users.build());
        }
        return builder.build();
    }

    public static ReceivedMessage toReceived(Mqtt5Publish publish) {
        MessageProperties.Builder properties = MessageProperties.builder();
        publish.getMessageExpiryInterval().ifPresent(properties::messageExpiryInterval);
        publish.getPayloadFormatIndicator().ifPresent((indicator) -> properties
                .payloadFormatIndicator((indicator == Mqtt5PayloadFormatIndicator.UTF_8) ? 1 : 0));
        publish.getContentType().ifPresent((type) -> properties.contentType(type.toString()));
        publish.getResponseTopic().ifPresent((topic) -> properties.responseTopic(topic.toString()));
        publish.getCorrelationData().ifPresent((data) -> properties.correlationData(bytes(data)));
        List<UserProperty> users = new ArrayList<>();
        publish.getUserProperties().asList().forEach((property) -> users.add(new UserProperty(
                property.getName().toString(), property.getValue().toString())));
        properties.userProperties(users);
        ApplicationMessage message = new ApplicationMessage(publish.getTopic().toString(),
                publish.getPayloadAsBytes(), QoS.of(publish.getQos().getCode()), publish.isRetain(),
                properties.build());
        return new ReceivedMessage(message, false, List.of(), null);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

}
