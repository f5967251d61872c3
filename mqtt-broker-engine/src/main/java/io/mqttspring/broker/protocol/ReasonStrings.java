package io.mqttspring.broker.protocol;

import io.mqttspring.broker.config.Limits;
import io.netty.buffer.ByteBufUtil;

import org.jspecify.annotations.Nullable;

/**
 * Whether a Reason String may go on a packet to one MQTT 5 client: on acknowledgements only when the client asked
 * for problem information [MQTT-3.1.2-29], and on any packet only when the packet stays within the client's Maximum
 * Packet Size [MQTT-3.1.2-24] (5.0 [MQTT-3.4.2-2] [MQTT-3.5.2-2] [MQTT-3.9.2-1] [MQTT-3.14.2-3]).
 *
 * @param requested whether the client asked for problem information (Request Problem Information absent or 1)
 * @param maximumPacketSize the client's Maximum Packet Size
 */
record ReasonStrings(boolean requested, long maximumPacketSize) {

    // at most: fixed header 5, packet identifier 2, reason code 1, property length 4, property identifier 1,
    // string length 2
    private static final int OVERHEAD = 15;

    private static final int MAX_STRING_BYTES = 65_535;

    // what most clients send: no Maximum Packet Size; shared rather than one per connection
    private static final ReasonStrings REQUESTED = new ReasonStrings(true, Limits.PROTOCOL_MAX_PACKET_SIZE);

    private static final ReasonStrings NOT_REQUESTED = new ReasonStrings(false, Limits.PROTOCOL_MAX_PACKET_SIZE);

    /**
     * Return the rules for one client.
     * @param requested whether the client asked for problem information
     * @param maximumPacketSize the client's Maximum Packet Size
     * @return the rules, shared between clients that sent the same
     */
    static ReasonStrings of(boolean requested, long maximumPacketSize) {
        if (maximumPacketSize != Limits.PROTOCOL_MAX_PACKET_SIZE) {
            return new ReasonStrings(requested, maximumPacketSize);
        }
        return requested ? REQUESTED : NOT_REQUESTED;
    }

    /**
     * Return the reason string for an acknowledgement (PUBACK, PUBREC, SUBACK), or {@code null} when it may not go.
     * @param reason the text
     * @param reasonCodes reason codes the packet carries beyond the first (SUBACK)
     * @return the text or {@code null}
     */
    @Nullable String forAcknowledgement(String reason, int reasonCodes) {
        return this.requested ? fitting(reason, this.maximumPacketSize, reasonCodes) : null;
    }

    /**
     * Return the reason string if a packet carrying it stays within a size; DISCONNECT and a refusing CONNACK carry
     * one whether or not problem information was requested.
     * @param reason the text
     * @param maximumPacketSize the client's Maximum Packet Size
     * @param extraBytes bytes the packet holds beyond a single-reason-code acknowledgement
     * @return the text or {@code null}
     */
    static @Nullable String fitting(String reason, long maximumPacketSize, int extraBytes) {
        int length = ByteBufUtil.utf8Bytes(reason);
        // MQTT 5.0 section 1.5.4: a string holds at most 65,535 bytes, which a reason quoting client input may exceed
        return (length <= MAX_STRING_BYTES && length + OVERHEAD + (long) extraBytes <= maximumPacketSize) ? reason
                : null;
    }

}
