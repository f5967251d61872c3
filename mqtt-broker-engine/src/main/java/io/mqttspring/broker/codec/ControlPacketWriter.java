package io.mqttspring.broker.codec;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import org.jspecify.annotations.Nullable;

/**
 * Writes the packets the broker sends besides PUBLISH and its acknowledgements: CONNACK, SUBACK, UNSUBACK, PINGRESP,
 * DISCONNECT and AUTH, each straight into one buffer in the format of the client's protocol version. Every method
 * returns a buffer owned by the caller.
 */
public final class ControlPacketWriter {

    private static final ByteBuf PINGRESP = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(2).writeByte(0xD0).writeByte(0).asReadOnly());

    private ControlPacketWriter() {
    }

    /**
     * Write a CONNACK.
     * @param allocator where the buffer comes from
     * @param mqtt5 whether the client reads the MQTT 5 format (with properties)
     * @param sessionPresent the Session Present flag; MQTT 3.1 has none and gets {@code false}
     * @param code the reason code (MQTT 5) or return code (3.1.1)
     * @param properties the properties, ignored for MQTT 3.1.1
     * @return the packet
     */
    public static ByteBuf connack(ByteBufAllocator allocator, boolean mqtt5, boolean sessionPresent, int code,
            OutboundProperties properties) {
        int remaining = 2 + (mqtt5 ? properties.sectionLength() : 0);
        ByteBuf buffer = header(allocator, 0x20, remaining);
        buffer.writeByte(sessionPresent ? 0x01 : 0x00);
        buffer.writeByte(code);
        if (mqtt5) {
            properties.writeSection(buffer);
        }
        return buffer;
    }

    /**
     * Write a SUBACK.
     * @param allocator where the buffer comes from
     * @param mqtt5 whether the client reads the MQTT 5 format
     * @param packetId the SUBSCRIBE's packet identifier
     * @param codes one reason or return code per topic filter, in order
     * @param reasonString the MQTT 5 reason string, or {@code null}
     * @return the packet
     */
    public static ByteBuf suback(ByteBufAllocator allocator, boolean mqtt5, int packetId, List<Integer> codes,
            @Nullable String reasonString) {
        OutboundProperties properties = OutboundProperties.reasonString(reasonString);
        int remaining = 2 + (mqtt5 ? properties.sectionLength() : 0) + codes.size();
        ByteBuf buffer = header(allocator, 0x90, remaining);
        buffer.writeShort(packetId);
        if (mqtt5) {
            properties.writeSection(buffer);
        }
        for (int code : codes) {
            buffer.writeByte(code);
        }
        return buffer;
    }

    /**
     * Write an UNSUBACK: for MQTT 5 with one reason code per topic filter, for 3.1.1 the packet identifier alone.
     * @param allocator where the buffer comes from
     * @param mqtt5 whether the client reads the MQTT 5 format
     * @param packetId the UNSUBSCRIBE's packet identifier
     * @param codes one reason code per topic filter, in order (MQTT 5)
     * @return the packet
     */
    public static ByteBuf unsuback(ByteBufAllocator allocator, boolean mqtt5, int packetId, List<Integer> codes) {
        int remaining = 2 + (mqtt5 ? 1 + codes.size() : 0);
        ByteBuf buffer = header(allocator, 0xB0, remaining);
        buffer.writeShort(packetId);
        if (mqtt5) {
            buffer.writeByte(0);
            for (int code : codes) {
                buffer.writeByte(code);
            }
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

    /**
     * Write an MQTT 5 DISCONNECT; MQTT 3.1.1 has no server DISCONNECT.
     * @param allocator where the buffer comes from
     * @param reasonCode the reason code
     * @param reasonString the reason string, or {@code null}
     * @return the packet
     */
    public static ByteBuf disconnect(ByteBufAllocator allocator, int reasonCode, @Nullable String reasonString) {
        OutboundProperties properties = OutboundProperties.reasonString(reasonString);
        ByteBuf buffer = header(allocator, 0xE0, 1 + properties.sectionLength());
        buffer.writeByte(reasonCode);
        properties.writeSection(buffer);
        return buffer;
    }

    /**
     * Write an AUTH.
     * @param allocator where the buffer comes from
     * @param reasonCode 0x00 or 0x18
     * @param method the authentication method, which every AUTH carries [MQTT-4.12.0-5]
     * @param data the authentication data, or {@code null}
     * @return the packet
     */
    public static ByteBuf auth(ByteBufAllocator allocator, int reasonCode, String method, byte @Nullable [] data) {
        OutboundProperties properties = new OutboundProperties()
                .string(OutboundProperties.AUTHENTICATION_METHOD, method)
                .binary(OutboundProperties.AUTHENTICATION_DATA, data);
        ByteBuf buffer = header(allocator, 0xF0, 1 + properties.sectionLength());
        buffer.writeByte(reasonCode);
        properties.writeSection(buffer);
        return buffer;
    }

    private static ByteBuf header(ByteBufAllocator allocator, int firstByte, int remaining) {
        ByteBuf buffer = allocator.ioBuffer(1 + VariableByteInteger.length(remaining) + remaining);
        buffer.writeByte(firstByte);
        VariableByteInteger.write(buffer, remaining);
        return buffer;
    }

}
