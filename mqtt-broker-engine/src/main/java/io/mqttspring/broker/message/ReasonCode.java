package io.mqttspring.broker.message;

import org.jspecify.annotations.Nullable;

/**
 * MQTT 5 reason codes (MQTT 5.0 section 2.4), with the MQTT 3.1.1 CONNACK return code each one maps to where
 * 3.1.1 has an equivalent. Codes of 0x80 and above report failure.
 */
public enum ReasonCode {

    SUCCESS(0x00),
    NORMAL_DISCONNECTION(0x00),
    GRANTED_QOS_0(0x00),
    GRANTED_QOS_1(0x01),
    GRANTED_QOS_2(0x02),
    DISCONNECT_WITH_WILL_MESSAGE(0x04),
    NO_MATCHING_SUBSCRIBERS(0x10),
    NO_SUBSCRIPTION_EXISTED(0x11),
    CONTINUE_AUTHENTICATION(0x18),
    RE_AUTHENTICATE(0x19),
    UNSPECIFIED_ERROR(0x80, 0x03),
    MALFORMED_PACKET(0x81),
    PROTOCOL_ERROR(0x82),
    IMPLEMENTATION_SPECIFIC_ERROR(0x83, 0x03),
    UNSUPPORTED_PROTOCOL_VERSION(0x84, 0x01),
    CLIENT_IDENTIFIER_NOT_VALID(0x85, 0x02),
    BAD_USER_NAME_OR_PASSWORD(0x86, 0x04),
    NOT_AUTHORIZED(0x87, 0x05),
    SERVER_UNAVAILABLE(0x88, 0x03),
    SERVER_BUSY(0x89, 0x03),
    BANNED(0x8A, 0x05),
    SERVER_SHUTTING_DOWN(0x8B),
    BAD_AUTHENTICATION_METHOD(0x8C, 0x04),
    KEEP_ALIVE_TIMEOUT(0x8D),
    SESSION_TAKEN_OVER(0x8E),
    TOPIC_FILTER_INVALID(0x8F),
    TOPIC_NAME_INVALID(0x90),
    PACKET_IDENTIFIER_IN_USE(0x91),
    PACKET_IDENTIFIER_NOT_FOUND(0x92),
    RECEIVE_MAXIMUM_EXCEEDED(0x93),
    TOPIC_ALIAS_INVALID(0x94),
    PACKET_TOO_LARGE(0x95),
    MESSAGE_RATE_TOO_HIGH(0x96),
    QUOTA_EXCEEDED(0x97),
    ADMINISTRATIVE_ACTION(0x98),
    PAYLOAD_FORMAT_INVALID(0x99),
    RETAIN_NOT_SUPPORTED(0x9A),
    QOS_NOT_SUPPORTED(0x9B),
    USE_ANOTHER_SERVER(0x9C, 0x03),
    SERVER_MOVED(0x9D, 0x03),
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED(0x9E),
    CONNECTION_RATE_EXCEEDED(0x9F, 0x03),
    MAXIMUM_CONNECT_TIME(0xA0),
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1),
    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED(0xA2);

    private static final int NO_MQTT311_EQUIVALENT = -1;

    private final int value;

    private final int mqtt311ReturnCode;

    ReasonCode(int value) {
        this(value, NO_MQTT311_EQUIVALENT);
    }

    ReasonCode(int value, int mqtt311ReturnCode) {
        this.value = value;
        this.mqtt311ReturnCode = mqtt311ReturnCode;
    }

    /**
     * Return the byte sent on the wire.
     * @return the code value
     */
    public int value() {
        return this.value;
    }

    /**
     * Return whether this code reports a failure.
     * @return {@code true} for values of 0x80 and above
     */
    public boolean isError() {
        return this.value >= 0x80;
    }

    /**
     * Return the MQTT 3.1.1 CONNACK return code for a connection refused with this reason. Reasons without an
     * equivalent, malformed packets and protocol errors among them, have none: MQTT 3.1.1 then closes the connection
     * without CONNACK (3.1.1 [MQTT-3.1.4-1] [MQTT-3.2.2-6]).
     * @return a 3.1.1 CONNACK return code, or -1 when no CONNACK is sent
     */
    public int mqtt311ConnectReturnCode() {
        return (this == SUCCESS) ? 0x00 : this.mqtt311ReturnCode;
    }

    /**
     * Return the code a client sent in an acknowledgement or DISCONNECT, looking up the first constant with the
     * value.
     * @param value the byte received
     * @return the matching code, or {@code null} when the value is not a defined reason code
     */
    public static @Nullable ReasonCode ofValue(int value) {
        for (ReasonCode code : values()) {
            if (code.value == value) {
                return code;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name() + String.format("(0x%02X)", this.value);
    }

}
