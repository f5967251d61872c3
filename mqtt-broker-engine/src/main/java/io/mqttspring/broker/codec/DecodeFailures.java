package io.mqttspring.broker.codec;

import io.mqttspring.broker.message.ReasonCode;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;

/**
 * Maps the failure Netty's {@code MqttDecoder} reports to the reason code the broker answers with.
 */
public final class DecodeFailures {

    private DecodeFailures() {
    }

    /**
     * Return the reason code for a failed decode.
     * @param result the decoder result of a message
     * @return the reason code
     */
    public static ReasonCode reasonCode(DecoderResult result) {
        Throwable cause = result.cause();
        if (cause instanceof TooLongFrameException) {
            return ReasonCode.PACKET_TOO_LARGE;
        }
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            return ReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
        }
        if (cause instanceof MqttIdentifierRejectedException) {
            return ReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
        }
        return ReasonCode.MALFORMED_PACKET;
    }

}
