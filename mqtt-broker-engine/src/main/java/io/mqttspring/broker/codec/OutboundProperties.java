package io.mqttspring.broker.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;

import org.jspecify.annotations.Nullable;

/**
 * The property section of a packet the broker sends (CONNACK, SUBACK, DISCONNECT, AUTH, an acknowledgement), built
 * before the packet so that its length is known when the fixed header is written. Not thread-safe.
 */
public final class OutboundProperties {

    public static final int SESSION_EXPIRY_INTERVAL = 0x11;

    public static final int ASSIGNED_CLIENT_IDENTIFIER = 0x12;

    public static final int SERVER_KEEP_ALIVE = 0x13;

    public static final int AUTHENTICATION_METHOD = 0x15;

    public static final int AUTHENTICATION_DATA = 0x16;

    public static final int RESPONSE_INFORMATION = 0x1A;

    public static final int REASON_STRING = 0x1F;

    public static final int RECEIVE_MAXIMUM = 0x21;

    public static final int TOPIC_ALIAS_MAXIMUM = 0x22;

    public static final int MAXIMUM_QOS = 0x24;

    public static final int RETAIN_AVAILABLE = 0x25;

    public static final int MAXIMUM_PACKET_SIZE = 0x27;

    public static final int WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28;

    public static final int SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29;

    public static final int SHARED_SUBSCRIPTION_AVAILABLE = 0x2A;

    private final List<Property> properties = new ArrayList<>(4);

    private int length;

    /**
     * Return a section holding only a reason string, or none.
     * @param reasonString the reason string, or {@code null}
     * @return the section
     */
    public static OutboundProperties reasonString(@Nullable String reasonString) {
        return new OutboundProperties().string(REASON_STRING, reasonString);
    }

    public OutboundProperties oneByte(int id, int value) {
        return add(new Property(id, 1, value, null));
    }

    public OutboundProperties twoBytes(int id, int value) {
        return add(new Property(id, 2, value, null));
    }

    public OutboundProperties fourBytes(int id, long value) {
        return add(new Property(id, 4, (int) value, null));
    }

    /**
     * Add a UTF-8 string property, unless the value is {@code null}.
     */
    public OutboundProperties string(int id, @Nullable String value) {
        return (value != null) ? add(new Property(id, 0, 0, value.getBytes(StandardCharsets.UTF_8))) : this;
    }

    /**
     * Add a binary property, unless the value is {@code null}.
     */
    public OutboundProperties binary(int id, byte @Nullable [] value) {
        return (value != null) ? add(new Property(id, 0, 0, value)) : this;
    }

    private OutboundProperties add(Property property) {
        if (property.bytes != null && property.bytes.length > 65_535) {
            // a length-prefixed field holds at most 65,535 bytes (MQTT 5.0 sections 1.5.4 and 1.5.6)
            throw new IllegalArgumentException(String.format("property 0x%02X of %d bytes exceeds 65535",
                    property.id, property.bytes.length));
        }
        this.properties.add(property);
        this.length += 1 + ((property.bytes != null) ? 2 + property.bytes.length : property.width);
        return this;
    }

    /**
     * Return the length of the properties, without the length field itself.
     * @return bytes
     */
    int length() {
        return this.length;
    }

    /**
     * Return the bytes the section takes, length field included.
     * @return bytes
     */
    int sectionLength() {
        return VariableByteInteger.length(this.length) + this.length;
    }

    void writeSection(ByteBuf buffer) {
        VariableByteInteger.write(buffer, this.length);
        for (Property property : this.properties) {
            buffer.writeByte(property.id);
            if (property.bytes != null) {
                buffer.writeShort(property.bytes.length);
                buffer.writeBytes(property.bytes);
            }
            else if (property.width == 1) {
                buffer.writeByte(property.value);
            }
            else if (property.width == 2) {
                buffer.writeShort(property.value);
            }
            else {
                buffer.writeInt(property.value);
            }
        }
    }

    private record Property(int id, int width, int value, byte @Nullable [] bytes) {
    }

}
