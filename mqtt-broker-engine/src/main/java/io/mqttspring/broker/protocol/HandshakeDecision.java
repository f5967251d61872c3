package io.mqttspring.broker.protocol;

import java.time.Instant;

import io.mqttspring.broker.message.ReasonCode;

import org.jspecify.annotations.Nullable;

/**
 * What a connection does after a step of its CONNECT/AUTH handshake ({@link ConnectHandshake}).
 */
sealed interface HandshakeDecision {

    /**
     * The client is authenticated: attach its session and send CONNACK.
     *
     * @param parameters what the CONNECT settled
     * @param credentialsExpire when the client's credentials expire and the connection ends, or {@code null}
     */
    record Accept(ConnectParameters parameters, @Nullable Instant credentialsExpire) implements HandshakeDecision {

        Accept(ConnectParameters parameters) {
            this(parameters, null);
        }

    }

    /**
     * Close the connection: with a refusing CONNACK before CONNACK was sent, a DISCONNECT after.
     *
     * @param reasonCode the reason
     * @param reason a description for the log and the MQTT 5 reason string
     */
    record Refuse(ReasonCode reasonCode, String reason) implements HandshakeDecision {
    }

    /**
     * Send AUTH 0x18 with the authentication method's challenge and read the client's answer [MQTT-4.12.0-2].
     *
     * @param method the authentication method
     * @param data the challenge, or {@code null}
     */
    record Challenge(String method, byte @Nullable [] data) implements HandshakeDecision {
    }

    /**
     * A re-authentication succeeded: send AUTH 0x00 (MQTT 5.0 section 4.12.1).
     *
     * @param method the authentication method
     * @param data the method's final data, or {@code null}
     */
    record Reauthenticated(String method, byte @Nullable [] data) implements HandshakeDecision {
    }

}
