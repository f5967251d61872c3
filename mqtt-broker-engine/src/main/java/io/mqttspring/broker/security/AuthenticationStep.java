package io.mqttspring.broker.security;

import java.util.Objects;

import io.mqttspring.broker.message.ReasonCode;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link AuthenticationExchange} answers: a challenge (AUTH 0x18), success (CONNACK 0x00, or AUTH 0x00 after
 * re-authentication) or failure (CONNACK or DISCONNECT with the reason code).
 *
 * @param outcome the outcome
 * @param serverData Authentication Data to send, or {@code null}
 * @param reasonCode for failures, the reason code; {@link ReasonCode#SUCCESS} otherwise
 */
public record AuthenticationStep(Outcome outcome, byte @Nullable [] serverData, ReasonCode reasonCode) {

    public AuthenticationStep {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reasonCode, "reasonCode");
    }

    /**
     * Send the client a challenge and wait for its answer.
     * @param serverData the challenge
     * @return the step
     */
    public static AuthenticationStep challenge(byte @Nullable [] serverData) {
        return new AuthenticationStep(Outcome.CONTINUE, serverData, ReasonCode.SUCCESS);
    }

    /**
     * Accept the client.
     * @param serverData final Authentication Data for the client, or {@code null}
     * @return the step
     */
    public static AuthenticationStep success(byte @Nullable [] serverData) {
        return new AuthenticationStep(Outcome.SUCCESS, serverData, ReasonCode.SUCCESS);
    }

    /**
     * Refuse the client.
     * @param reasonCode for instance {@link ReasonCode#NOT_AUTHORIZED} or {@link ReasonCode#BAD_USER_NAME_OR_PASSWORD}
     * @return the step
     */
    public static AuthenticationStep failure(ReasonCode reasonCode) {
        return new AuthenticationStep(Outcome.FAILURE, null, reasonCode);
    }

    /**
     * How a step ends.
     */
    public enum Outcome {

        /** The exchange goes on with a challenge. */
        CONTINUE,

        /** The client is authenticated. */
        SUCCESS,

        /** The client is refused. */
        FAILURE

    }

}
