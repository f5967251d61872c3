package io.mqttspring.broker.message;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 5 reason code values (MQTT 5.0 section 2.4) and the MQTT 3.1.1 CONNACK return code each one is sent as to a
 * 3.1.1 client (MQTT 3.1.1 section 3.2.2.3, table 3.1).
 */
class ReasonCodeTests {

    @ParameterizedTest(name = "{0} = 0x{1}")
    @CsvSource({ "SUCCESS, 00", "NORMAL_DISCONNECTION, 00", "GRANTED_QOS_0, 00", "GRANTED_QOS_1, 01",
            "GRANTED_QOS_2, 02", "DISCONNECT_WITH_WILL_MESSAGE, 04", "NO_MATCHING_SUBSCRIBERS, 10",
            "NO_SUBSCRIPTION_EXISTED, 11", "CONTINUE_AUTHENTICATION, 18", "RE_AUTHENTICATE, 19",
            "UNSPECIFIED_ERROR, 80", "MALFORMED_PACKET, 81", "PROTOCOL_ERROR, 82",
            "IMPLEMENTATION_SPECIFIC_ERROR, 83", "UNSUPPORTED_PROTOCOL_VERSION, 84", "CLIENT_IDENTIFIER_NOT_VALID, 85",
            "BAD_USER_NAME_OR_PASSWORD, 86", "NOT_AUTHORIZED, 87", "SERVER_UNAVAILABLE, 88", "SERVER_BUSY, 89",
            "BANNED, 8A", "SERVER_SHUTTING_DOWN, 8B", "BAD_AUTHENTICATION_METHOD, 8C", "KEEP_ALIVE_TIMEOUT, 8D",
            "SESSION_TAKEN_OVER, 8E", "TOPIC_FILTER_INVALID, 8F", "TOPIC_NAME_INVALID, 90",
            "PACKET_IDENTIFIER_IN_USE, 91", "PACKET_IDENTIFIER_NOT_FOUND, 92", "RECEIVE_MAXIMUM_EXCEEDED, 93",
            "TOPIC_ALIAS_INVALID, 94", "PACKET_TOO_LARGE, 95", "MESSAGE_RATE_TOO_HIGH, 96", "QUOTA_EXCEEDED, 97",
            "ADMINISTRATIVE_ACTION, 98", "PAYLOAD_FORMAT_INVALID, 99", "RETAIN_NOT_SUPPORTED, 9A",
            "QOS_NOT_SUPPORTED, 9B", "USE_ANOTHER_SERVER, 9C", "SERVER_MOVED, 9D",
            "SHARED_SUBSCRIPTIONS_NOT_SUPPORTED, 9E", "CONNECTION_RATE_EXCEEDED, 9F", "MAXIMUM_CONNECT_TIME, A0",
            "SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED, A1", "WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED, A2" })
    @DisplayName("MQTT 5.0 section 2.4: each reason code has the value of the spec's table")
    void valuesMatchTheSpec(ReasonCode code, String hex) {
        assertThat(code.value()).isEqualTo(Integer.parseInt(hex, 16));
    }

    @Test
    @DisplayName("MQTT 5.0 section 2.4: the table above covers every constant")
    void everyConstantIsListed() {
        assertThat(ReasonCode.values()).hasSize(45);
    }

    @ParameterizedTest
    @EnumSource(ReasonCode.class)
    @DisplayName("MQTT 5.0 section 2.4: codes of 0x80 and above report failure")
    void errorsAreThoseFrom0x80(ReasonCode code) {
        assertThat(code.isError()).isEqualTo(code.value() >= 0x80);
    }

    static Stream<Arguments> mqtt311ReturnCodes() {
        return Stream.of(
                Arguments.of(ReasonCode.SUCCESS, 0x00),
                // 0x01 Connection Refused, unacceptable protocol version
                Arguments.of(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, 0x01),
                // 0x02 Connection Refused, identifier rejected
                Arguments.of(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, 0x02),
                // 0x03 Connection Refused, Server unavailable
                Arguments.of(ReasonCode.SERVER_UNAVAILABLE, 0x03),
                Arguments.of(ReasonCode.SERVER_BUSY, 0x03),
                Arguments.of(ReasonCode.USE_ANOTHER_SERVER, 0x03),
                Arguments.of(ReasonCode.SERVER_MOVED, 0x03),
                Arguments.of(ReasonCode.CONNECTION_RATE_EXCEEDED, 0x03),
                // 0x04 Connection Refused, bad user name or password
                Arguments.of(ReasonCode.BAD_USER_NAME_OR_PASSWORD, 0x04),
                Arguments.of(ReasonCode.BAD_AUTHENTICATION_METHOD, 0x04),
                // 0x05 Connection Refused, not authorized
                Arguments.of(ReasonCode.NOT_AUTHORIZED, 0x05),
                Arguments.of(ReasonCode.BANNED, 0x05),
                // MQTT 3.1.1 [MQTT-3.1.4-1]: a CONNECT that breaks the rules is closed without CONNACK
                Arguments.of(ReasonCode.MALFORMED_PACKET, -1),
                Arguments.of(ReasonCode.PROTOCOL_ERROR, -1),
                // internal failures read as "Server unavailable"
                Arguments.of(ReasonCode.UNSPECIFIED_ERROR, 0x03),
                Arguments.of(ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, 0x03),
                // MQTT 3.1.1 [MQTT-3.2.2-6]: no applicable return code, no CONNACK
                Arguments.of(ReasonCode.QUOTA_EXCEEDED, -1),
                Arguments.of(ReasonCode.PAYLOAD_FORMAT_INVALID, -1),
                Arguments.of(ReasonCode.TOPIC_NAME_INVALID, -1));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("mqtt311ReturnCodes")
    @DisplayName("MQTT 3.1.1 section 3.2.2.3: a refusal maps to the 3.1.1 CONNACK return code of the same meaning")
    void mqtt311ConnectReturnCode(ReasonCode code, int expected) {
        assertThat(code.mqtt311ConnectReturnCode()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(ReasonCode.class)
    @DisplayName("MQTT 3.1.1 section 3.2.2.3: every mapped return code is one that 3.1.1 defines (0 to 5)")
    void mqtt311ReturnCodesAreDefined(ReasonCode code) {
        assertThat(code.mqtt311ConnectReturnCode()).isBetween(-1, 5);
        if (code.isError()) {
            assertThat(code.mqtt311ConnectReturnCode()).as("an error never maps to 0x00 Connection Accepted")
                    .isNotZero();
        }
    }

    @ParameterizedTest
    @EnumSource(ReasonCode.class)
    @DisplayName("looking a value up returns the first constant with it")
    void ofValueFindsFirstConstant(ReasonCode code) {
        ReasonCode found = ReasonCode.ofValue(code.value());
        assertThat(found).isNotNull();
        assertThat(found.value()).isEqualTo(code.value());
        ReasonCode first = Arrays.stream(ReasonCode.values()).filter((c) -> c.value() == code.value()).findFirst()
                .orElseThrow();
        assertThat(found).isSameAs(first);
    }

    @ParameterizedTest
    @CsvSource({ "0x00, SUCCESS", "0x01, GRANTED_QOS_1", "0x04, DISCONNECT_WITH_WILL_MESSAGE", "0x87, NOT_AUTHORIZED",
            "0xA2, WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED" })
    @DisplayName("values sent by clients are looked up")
    void ofValue(String hex, ReasonCode expected) {
        assertThat(ReasonCode.ofValue(Integer.decode(hex))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({ "0x03", "0x05", "0x12", "0x7F", "0xA3", "0xFF", "256", "-1" })
    @DisplayName("values that are no reason code are not found")
    void ofUnknownValue(String value) {
        assertThat(ReasonCode.ofValue(Integer.decode(value))).isNull();
    }

    @Test
    @DisplayName("toString shows name and hexadecimal value")
    void toStringShowsHex() {
        assertThat(ReasonCode.NOT_AUTHORIZED).hasToString("NOT_AUTHORIZED(0x87)");
        assertThat(ReasonCode.SUCCESS).hasToString("SUCCESS(0x00)");
    }

}
