package io.mqttspring.broker.codec;

import io.mqttspring.broker.message.ReasonCode;

/**
 * Thrown while a packet is parsed when it breaks the protocol; the decoder turns it into a {@link DecodeFailure}.
 * Carries no stack trace: it describes input, not a fault of the broker.
 */
final class PacketDecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ReasonCode reasonCode;

    PacketDecodeException(ReasonCode reasonCode, String detail) {
        super(detail, null, false, false);
        this.reasonCode = reasonCode;
    }

    static PacketDecodeException malformed(String detail) {
        return new PacketDecodeException(ReasonCode.MALFORMED_PACKET, detail);
    }

    static PacketDecodeException protocolError(String detail) {
        return new PacketDecodeException(ReasonCode.PROTOCOL_ERROR, detail);
    }

    ReasonCode reasonCode() {
        return this.reasonCode;
    }

}
