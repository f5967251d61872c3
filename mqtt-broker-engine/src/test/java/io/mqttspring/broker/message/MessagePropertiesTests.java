package io.mqttspring.broker.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The MQTT 5 properties an application message carries from publisher to subscribers (MQTT 5.0 section 3.3.2.3;
 * IDs from the MQTT 5 checklist), and the message value around them.
 */
class MessagePropertiesTests {

    @Test
    @DisplayName("NONE has no property; a builder given nothing returns NONE")
    void emptyProperties() {
        assertThat(MessageProperties.NONE.isEmpty()).isTrue();
        assertThat(MessageProperties.builder().build()).isSameAs(MessageProperties.NONE);
        assertThat(MessageProperties.builder().userProperties(List.of()).build()).isSameAs(MessageProperties.NONE);
    }

    @Test
    @DisplayName("the builder sets every property")
    void builderSetsEverything() {
        byte[] correlation = { 1, 2, 3 };
        MessageProperties properties = MessageProperties.builder().payloadFormatIndicator(1)
                .messageExpiryInterval(60L).contentType("text/plain").responseTopic("reply/here")
                .correlationData(correlation).userProperty("a", "1").build();
        assertThat(properties.isEmpty()).isFalse();
        assertThat(properties.payloadFormatIndicator()).isEqualTo(1);
        assertThat(properties.messageExpiryInterval()).isEqualTo(60L);
        assertThat(properties.contentType()).isEqualTo("text/plain");
        assertThat(properties.responseTopic()).isEqualTo("reply/here");
        assertThat(properties.correlationData()).containsExactly(1, 2, 3);
        assertThat(properties.userProperties()).containsExactly(new UserProperty("a", "1"));
    }

    @Test
    @DisplayName("any single property makes the properties non-empty")
    void anyPropertyMakesNonEmpty() {
        assertThat(MessageProperties.builder().payloadFormatIndicator(0).build().isEmpty()).isFalse();
        assertThat(MessageProperties.builder().messageExpiryInterval(0L).build().isEmpty()).isFalse();
        assertThat(MessageProperties.builder().contentType("").build().isEmpty()).isFalse();
        assertThat(MessageProperties.builder().responseTopic("r").build().isEmpty()).isFalse();
        assertThat(MessageProperties.builder().correlationData(new byte[0]).build().isEmpty()).isFalse();
        assertThat(MessageProperties.builder().userProperty("k", "v").build().isEmpty()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-17] [MQTT-3.3.2-18] user properties keep their order and repeated names")
    void userPropertiesKeepOrderAndRepeats() {
        MessageProperties properties = MessageProperties.builder().userProperty("b", "2").userProperty("a", "1")
                .userProperty("b", "3").userProperties(List.of(new UserProperty("a", "1"))).build();
        assertThat(properties.userProperties()).containsExactly(new UserProperty("b", "2"), new UserProperty("a", "1"),
                new UserProperty("b", "3"), new UserProperty("a", "1"));
    }

    @Test
    @DisplayName("user properties are copied: changing the given list afterwards changes nothing")
    void userPropertiesAreCopied() {
        List<UserProperty> source = new ArrayList<>(List.of(new UserProperty("k", "v")));
        MessageProperties properties = new MessageProperties(null, null, null, null, null, source);
        source.add(new UserProperty("x", "y"));
        assertThat(properties.userProperties()).containsExactly(new UserProperty("k", "v"));
        assertThat(properties.userProperties()).isUnmodifiable();
    }

    @ParameterizedTest
    @ValueSource(ints = { -1, 2, 255 })
    @DisplayName("MQTT 5.0 section 3.3.2.3.2: the Payload Format Indicator is 0 or 1")
    void rejectsOtherPayloadFormatIndicators(int indicator) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MessageProperties.builder().payloadFormatIndicator(indicator).build());
    }

    @ParameterizedTest
    @ValueSource(longs = { -1, 4_294_967_296L })
    @DisplayName("MQTT 5.0 section 3.3.2.3.3: the Message Expiry Interval is a four-byte integer")
    void rejectsExpiryOutsideFourByteRange(long interval) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MessageProperties.builder().messageExpiryInterval(interval).build());
    }

    @ParameterizedTest
    @ValueSource(longs = { 0, 1, 4_294_967_295L })
    @DisplayName("MQTT 5.0 section 3.3.2.3.3: every four-byte Message Expiry Interval is accepted")
    void acceptsFourByteExpiry(long interval) {
        assertThat(MessageProperties.builder().messageExpiryInterval(interval).build().messageExpiryInterval())
                .isEqualTo(interval);
    }

    @Test
    @DisplayName("withMessageExpiryInterval changes only the expiry")
    void withMessageExpiryInterval() {
        MessageProperties properties = MessageProperties.builder().contentType("c").messageExpiryInterval(10L)
                .userProperty("k", "v").correlationData(new byte[] { 9 }).build();
        MessageProperties reduced = properties.withMessageExpiryInterval(4L);
        assertThat(reduced.messageExpiryInterval()).isEqualTo(4L);
        assertThat(reduced.contentType()).isEqualTo("c");
        assertThat(reduced.userProperties()).containsExactly(new UserProperty("k", "v"));
        assertThat(reduced.correlationData()).containsExactly(9);
        assertThat(properties.withMessageExpiryInterval(null).messageExpiryInterval()).isNull();
        assertThat(properties.messageExpiryInterval()).isEqualTo(10L);
    }

    @Test
    @DisplayName("equality compares correlation data by content")
    void equalityComparesContent() {
        MessageProperties one = MessageProperties.builder().correlationData(new byte[] { 1, 2 })
                .userProperty("k", "v").build();
        MessageProperties same = MessageProperties.builder().correlationData(new byte[] { 1, 2 })
                .userProperty("k", "v").build();
        MessageProperties other = MessageProperties.builder().correlationData(new byte[] { 1, 3 })
                .userProperty("k", "v").build();
        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other);
        assertThat(one).isNotEqualTo(MessageProperties.builder().correlationData(new byte[] { 1, 2 })
                .userProperty("v", "k").build());
    }

    @Test
    @DisplayName("toString gives the correlation data's size, not its bytes")
    void toStringHidesCorrelationData() {
        MessageProperties properties = MessageProperties.builder()
                .correlationData("secret".getBytes(StandardCharsets.UTF_8)).build();
        assertThat(properties.toString()).contains("correlationData=6 bytes").doesNotContain("secret");
    }

    @Test
    @DisplayName("user property names and values must not be null")
    void userPropertyRejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> new UserProperty(null, "v"));
        assertThatNullPointerException().isThrownBy(() -> new UserProperty("k", null));
        assertThatNullPointerException()
                .isThrownBy(() -> new MessageProperties(null, null, null, null, null, null));
    }

    // ---- the message around the properties ------------------------------------------------------------------

    @Test
    @DisplayName("a message built without options is QoS 0, not retained, without properties and with empty payload")
    void messageDefaults() {
        ApplicationMessage message = ApplicationMessage.builder("t").build();
        assertThat(message.qos()).isEqualTo(QoS.AT_MOST_ONCE);
        assertThat(message.retain()).isFalse();
        assertThat(message.properties()).isSameAs(MessageProperties.NONE);
        assertThat(message.payload()).isEmpty();
        assertThat(ApplicationMessage.of("t", "x")).isEqualTo(ApplicationMessage.builder("t").payload("x").build());
    }

    @Test
    @DisplayName("messages compare payloads by content")
    void messageEquality() {
        ApplicationMessage one = ApplicationMessage.of("t", new byte[] { 1 });
        assertThat(one).isEqualTo(ApplicationMessage.of("t", new byte[] { 1 }))
                .hasSameHashCodeAs(ApplicationMessage.of("t", new byte[] { 1 }))
                .isNotEqualTo(ApplicationMessage.of("t", new byte[] { 2 }))
                .isNotEqualTo(ApplicationMessage.of("u", new byte[] { 1 }));
    }

    @Test
    @DisplayName("with(qos, retain) returns the same message when nothing changes, a copy otherwise")
    void messageWith() {
        MessageProperties properties = MessageProperties.builder().contentType("c").build();
        ApplicationMessage message = ApplicationMessage.builder("t").payload("p").qos(QoS.EXACTLY_ONCE).retain(true)
                .properties(properties).build();
        assertThat(message.with(QoS.EXACTLY_ONCE, true)).isSameAs(message);
        ApplicationMessage downgraded = message.with(QoS.AT_LEAST_ONCE, false);
        assertThat(downgraded.qos()).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(downgraded.retain()).isFalse();
        assertThat(downgraded.properties()).isEqualTo(properties);
        assertThat(downgraded.payloadAsString()).isEqualTo("p");
    }

    @Test
    @DisplayName("QoS levels: wire values, lower and higher of two, unknown values refused")
    void qosLevels() {
        assertThat(QoS.of(0)).isEqualTo(QoS.AT_MOST_ONCE);
        assertThat(QoS.of(2).value()).isEqualTo(2);
        assertThat(QoS.AT_LEAST_ONCE.min(QoS.EXACTLY_ONCE)).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThat(QoS.AT_LEAST_ONCE.max(QoS.AT_MOST_ONCE)).isEqualTo(QoS.AT_LEAST_ONCE);
        assertThatIllegalArgumentException().isThrownBy(() -> QoS.of(3));
        assertThatIllegalArgumentException().isThrownBy(() -> QoS.of(-1));
    }

}
