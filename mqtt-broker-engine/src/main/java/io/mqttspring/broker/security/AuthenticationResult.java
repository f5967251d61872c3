package io.mqttspring.broker.security;

import java.time.Instant;
import java.util.Objects;

import io.mqttspring.broker.message.ReasonCode;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of authenticating a client: accepted, or refused with the reason code CONNACK carries (mapped to the
 * nearest return code for MQTT 3.1.1 clients).
 *
 * @param reasonCode {@link ReasonCode#SUCCESS} or an error code valid in CONNACK
 * @param reasonString a human-readable explanation for MQTT 5 clients, or {@code null}
 * @param validUntil when the credentials stop being valid (a token's expiry): the broker then ends the connection
 * with DISCONNECT 0x87 for MQTT 5; {@code null} when they do not expire
 */
public record AuthenticationResult(ReasonCode reasonCode, @Nullable String reasonString,
        @Nullable Instant validUntil) {

    private static final AuthenticationResult SUCCESS = new AuthenticationResult(ReasonCode.SUCCESS, null);

    public AuthenticationResult {
        Objects.requireNonNull(reasonCode, "reasonCode");
    }

    /**
     * Create a result whose credentials do not expire.
     * @param reasonCode {@link ReasonCode#SUCCESS} or an error code valid in CONNACK
     * @param reasonString a human-readable explanation for MQTT 5 clients, or {@code null}
     */
    public AuthenticationResult(ReasonCode reasonCode, @Nullable String reasonString) {
        this(reasonCode, reasonString, null);
    }

    /**
     * Accept the client until its credentials expire.
     * @param validUntil when they expire
     * @return a successful result
     */
    public static AuthenticationResult successUntil(Instant validUntil) {
        return new AuthenticationResult(ReasonCode.SUCCESS, null, Objects.requireNonNull(validUntil, "validUntil"));
    }

    /**
     * Accept the client.
     * @return a successful result
     */
    public static AuthenticationResult success() {
        return SUCCESS;
    }

    /**
     * Refuse the client because its credentials are wrong (0x86, or 0x04 for MQTT 3.1.1).
     * @return a failed result
     */
    public static AuthenticationResult badCredentials() {
        return new AuthenticationResult(ReasonCode.BAD_USER_NAME_OR_PASSWORD, null);
    }

    /**
     * Refuse the client because it may not connect (0x87, or 0x05 for MQTT 3.1.1).
     * @return a failed result
     */
    public static AuthenticationResult notAuthorized() {
        return new AuthenticationResult(ReasonCode.NOT_AUTHORIZED, null);
    }

    /**
     * Return whether the client was accepted.
     * @return {@code true} on success
     */
    public boolean isSuccess() {
        return this.reasonCode == ReasonCode.SUCCESS;
    }

}
