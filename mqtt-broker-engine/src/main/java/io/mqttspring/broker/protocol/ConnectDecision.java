package io.mqttspring.broker.protocol;

import io.mqttspring.broker.message.ReasonCode;

/**
 * The verdict on a CONNECT packet before authentication.
 */
sealed interface ConnectDecision {

    /**
     * The CONNECT is well-formed and acceptable.
     *
     * @param parameters what it settles
     */
    record Accept(ConnectParameters parameters) implements ConnectDecision {
    }

    /**
     * The CONNECT is refused.
     *
     * @param reasonCode the reason, for CONNACK or the log
     * @param reason a description for the log and the MQTT 5 reason string
     */
    record Refuse(ReasonCode reasonCode, String reason) implements ConnectDecision {
    }

}
