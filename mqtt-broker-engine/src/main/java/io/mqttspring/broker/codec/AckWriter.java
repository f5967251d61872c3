package io.mqttspring.broker.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import org.jspecify.annotations.Nullable;

/**
 * Writes the acknowledgements of the publish flows (PUBACK, PUBREC, PUBREL, PUBCOMP) straight into a buffer of their
 * exact size: four bytes on the hot path, five with a reason code, more with a reason string.
 */
public final class AckWriter {

    public static final int PUBACK = 0x40;

    public static final int PUBREC = 0x50;

    // [MQTT-3.6.1-1] PUBREL carries fixed header flags 0010
    public static final int PUBREL = 0x62;

    public static final int PUBCOMP = 0x70;

    private AckWriter() {
    }

    /**
     * Write an acknowledgement.
     * @param allocator where the buffer comes from
     * @param firstByte {@link #PUBACK}, {@link #PUBREC}, {@link #PUBREL} or {@link #PUBCOMP}
     * @param packetId the packet identifier
     * @param reasonCode the MQTT 5 reason code; 0 without a reason string is left out, as MQTT 5 allows and MQTT
     * 3.1.1 requires
     * @param reasonString the MQTT 5 reason string, or {@code null}
     * @return the buffer, owned by the caller
     */
    public static ByteBuf write(ByteBufAllocator allocator, int firstByte, int packetId, int reasonCode,
            @Nullable String reasonString) {
        if (reasonString == null) {
            boolean withCode = reasonCode != 0;
            ByteBuf buffer = allocator.ioBuffer(withCode ? 5 : 4);
            buffer.writeByte(firstByte);
            buffer.writeByte(withCode ? 3 : 2);
            buffer.writeShort(packetId);
            if (withCode) {
                buffer.writeByte(reasonCode);
            }
            return buffer;
        }
        OutboundProperties properties = OutboundProperties.reasonString(reasonString);
        int remaining = 3 + properties.sectionLength();
        ByteBuf buffer = allocator.ioBuffer(1 + VariableByteInteger.length(remaining) + remaining);
        buffer.writeByte(firstByte);
        VariableByteInteger.write(buffer, remaining);
        buffer.writeShort(packetId);
        buffer.writeByte(reasonCode);
        properties.writeSection(buffer);
        return buffer;
    }

}
