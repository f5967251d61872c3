package io.mqttspring.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.ReceivedMessage;
import io.mqttspring.broker.message.UserProperty;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MqttMessageConverter}, {@link TextMessageConverter} and {@link ByteBufferMessageConverter}.
 */
class MqttMessageConverterTests {

    private final MqttMessageConverter converter = new MqttMessageConverter(
            new CompositeMessageConverter(List.<MessageConverter>of(new ByteArrayMessageConverter(),
                    new ByteBufferMessageConverter(), new TextMessageConverter(),
                    new JacksonJsonMessageConverter(new JsonMapper()))));

    @Test
    void receivedMessageBecomesASpringMessageWithMqttHeaders() {
        MessageProperties properties = MessageProperties.builder()
            .contentType("application/json")
            .responseTopic("replies/1")
            .correlationData(new byte[] { 1, 2 })
            .messageExpiryInterval(30L)
            .payloadFormatIndicator(1)
            .userProperty("a", "1")
            .userProperty("a", "2")
            .build();
        ApplicationMessage message = new ApplicationMessage("rooms/hall", "{}".getBytes(StandardCharsets.UTF_8),
                QoS.EXACTLY_ONCE, true, properties);
        Message<byte[]> spring = this.converter.toMessage(new ReceivedMessage(message, true, List.of(7, 9), "pub-1"));
        assertThat(spring.getPayload()).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(spring.getHeaders()).containsEntry(MqttHeaders.RECEIVED_TOPIC, "rooms/hall")
            .containsEntry(MqttHeaders.RECEIVED_QOS, 2)
            .containsEntry(MqttHeaders.RECEIVED_RETAINED, true)
            .containsEntry(MqttHeaders.DUPLICATE, true)
            .containsEntry(MqttHeaders.CLIENT_ID, "pub-1")
            .containsEntry(MqttHeaders.SUBSCRIPTION_IDENTIFIERS, List.of(7, 9))
            .containsEntry(MessageHeaders.CONTENT_TYPE, "application/json")
            .containsEntry(MqttHeaders.RESPONSE_TOPIC, "replies/1")
            .containsEntry(MqttHeaders.MESSAGE_EXPIRY_INTERVAL, 30L)
            .containsEntry(MqttHeaders.PAYLOAD_FORMAT_INDICATOR, 1)
            .containsEntry(MqttHeaders.USER_PROPERTIES, List.of(new UserProperty("a", "1"), new UserProperty("a", "2")));
        assertThat((byte[]) spring.getHeaders().get(MqttHeaders.CORRELATION_DATA)).containsExactly(1, 2);
    }

    @Test
    void absentPropertiesLeaveNoHeaders() {
        Message<byte[]> spring = this.converter
            .toMessage(new ReceivedMessage(ApplicationMessage.of("plain", "x"), false, List.of(), null));
        assertThat(spring.getHeaders()).doesNotContainKeys(MqttHeaders.CLIENT_ID, MqttHeaders.SUBSCRIPTION_IDENTIFIERS,
                MessageHeaders.CONTENT_TYPE, MqttHeaders.RESPONSE_TOPIC, MqttHeaders.CORRELATION_DATA,
                MqttHeaders.MESSAGE_EXPIRY_INTERVAL, MqttHeaders.PAYLOAD_FORMAT_INDICATOR, MqttHeaders.USER_PROPERTIES);
    }

    @Test
    void springMessageBecomesAnApplicationMessage() {
        Message<String> message = MessageBuilder.withPayload("on")
            .setHeader(MqttHeaders.TOPIC, "lights/1")
            .setHeader(MqttHeaders.QOS, "2")
            .setHeader(MqttHeaders.RETAINED, true)
            .setHeader(MqttHeaders.RESPONSE_TOPIC, "lights/replies")
            .setHeader(MqttHeaders.CORRELATION_DATA, new byte[] { 3 })
            .setHeader(MqttHeaders.MESSAGE_EXPIRY_INTERVAL, 10)
            .setHeader(MqttHeaders.PAYLOAD_FORMAT_INDICATOR, 1)
            .setHeader(MqttHeaders.USER_PROPERTIES, List.of(new UserProperty("k", "v")))
            .build();
        ApplicationMessage application = this.converter.toApplicationMessage(message, null, QoS.AT_MOST_ONCE);
        assertThat(application.topic()).isEqualTo("lights/1");
        assertThat(application.qos()).isEqualTo(QoS.EXACTLY_ONCE);
        assertThat(application.retain()).isTrue();
        assertThat(application.payloadAsString()).isEqualTo("on");
        MessageProperties properties = application.properties();
        assertThat(properties.responseTopic()).isEqualTo("lights/replies");
        assertThat(properties.correlationData()).containsExactly(3);
        assertThat(properties.messageExpiryInterval()).isEqualTo(10L);
        assertThat(properties.payloadFormatIndicator()).isEqualTo(1);
        assertThat(properties.userProperties()).containsExactly(new UserProperty("k", "v"));
        assertThat(properties.contentType()).startsWith("text/plain");
    }

    @Test
    void defaultsApplyToWhatTheMessageDoesNotSay() {
        ApplicationMessage application = this.converter
            .toApplicationMessage(MessageBuilder.withPayload(new byte[] { 1 }).build(), "fallback", QoS.AT_LEAST_ONCE);
        assertThat(application.topic()).isEqualTo("fallback");
        assertThat(application.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(application.retain()).isFalse();
        assertThat(application.properties().contentType()).isNull();
        assertThatExceptionOfType(MessageConversionException.class)
            .isThrownBy(() -> this.converter.toApplicationMessage(MessageBuilder.withPayload("x").build(), null,
                    QoS.AT_LEAST_ONCE))
            .withMessageContaining(MqttHeaders.TOPIC);
    }

    @Test
    void payloadsConvertToBytesWithTheirContentType() {
        MessageHeaders none = new MessageHeaders(null);
        assertThat(this.converter.toPayload(ByteBuffer.wrap(new byte[] { 5, 6 }), none).bytes()).containsExactly(5, 6);
        MqttMessageConverter.Payload declared = this.converter.toPayload(new byte[] { 1 },
                new MessageHeaders(java.util.Map.of(MessageHeaders.CONTENT_TYPE, "application/cbor")));
        assertThat(declared.contentType()).isEqualTo("application/cbor");
        MqttMessageConverter.Payload json = this.converter.toPayload(java.util.Map.of("a", 1), none);
        assertThat(new String(json.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(json.contentType()).startsWith("application/json");
    }

    @Test
    void bytesConvertToRequestedTypes() {
        Message<byte[]> json = MessageBuilder.withPayload("{\"a\":1}".getBytes(StandardCharsets.UTF_8))
            .setHeader(MessageHeaders.CONTENT_TYPE, "application/json")
            .build();
        assertThat(this.converter.fromMessage(json, String.class)).isEqualTo("{\"a\":1}");
        assertThat(this.converter.fromMessage(json, byte[].class)).isSameAs(json.getPayload());
        assertThat(this.converter.fromMessage(json, ByteBuffer.class).isReadOnly()).isTrue();
        assertThat(this.converter.fromMessage(json, java.util.Map.class)).containsEntry("a", 1);
        Message<byte[]> latin1 = MessageBuilder.withPayload("é".getBytes(StandardCharsets.ISO_8859_1))
            .setHeader(MessageHeaders.CONTENT_TYPE, "text/plain;charset=ISO-8859-1")
            .build();
        assertThat(this.converter.fromMessage(latin1, String.class)).isEqualTo("é");
    }

}
