package io.mqttspring.broker.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Writes the acknowledgements of the publish flows (PUBACK, PUBREC, PUBREL, PUBCOMP) without properties straight
 * into four or five bytes, and PINGRESP from a shared buffer: the hot path skips Netty's message objects and its
 * encoder's per-packet version lookup. Packets with properties go through {@link MqttPackets}.
 */
public final class AckWriter {

    public static final int PUBACK = 0x40;

    public static final int PUBREC = 0x50;

    // [MQTT-3.6.1-1] PUBREL carries fixed header flags 0010
    public static final int PUBREL = 0x62;

    public static final int PUBCOMP = 0x70;

    private static final ByteBuf PINGRESP = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(2).writeByte(0xD0).writeByte(0).asReadOnly());

    private AckWriter() {
    }

    /**
     * Write an acknowledgement.
     * @param allocator where the buffer comes from
     * @param firstByte {@link #PUBACK}, {@link #PUBREC}, {@link #PUBREL} or {@link #PUBCOMP}
     * @param packetId the packet identifier
     * @param reasonCode the MQTT 5 reason code; 0 is left out, as MQTT 5 allows and MQTT 3.1.1 requires
     * @return the buffer, owned by the caller
     */
    public static ByteBuf write(ByteBufAllocator allocator, int firstByte, int packetId, int reasonCode) {
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

    /**
     * Return a PINGRESP.
     * @return a view of a shared buffer that needs no release
     */
    public static ByteBuf pingresp() {
        return PINGRESP.duplicate();
    }

}
