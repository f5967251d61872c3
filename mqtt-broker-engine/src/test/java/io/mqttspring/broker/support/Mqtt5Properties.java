package io.mqttspring.broker.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Assertions;

/**
 * An MQTT 5 property section (MQTT 5.0 section 2.2.2): built for hand-written packets, parsed from the broker's
 * answers. Keeps the properties in wire order, so tests can check the order of User Properties.
 */
public final class Mqtt5Properties {

    public static final int PAYLOAD_FORMAT_INDICATOR = 0x01;

    public static final int MESSAGE_EXPIRY_INTERVAL = 0x02;

    public static final int CONTENT_TYPE = 0x03;

    public static final int RESPONSE_TOPIC = 0x08;

    public static final int CORRELATION_DATA = 0x09;

    public static final int SUBSCRIPTION_IDENTIFIER = 0x0B;

    public static final int SESSION_EXPIRY_INTERVAL = 0x11;

    public static final int ASSIGNED_CLIENT_IDENTIFIER = 0x12;

    public static final int SERVER_KEEP_ALIVE = 0x13;

    public static final int AUTHENTICATION_METHOD = 0x15;

    public static final int AUTHENTICATION_DATA = 0x16;

    public static final int REQUEST_PROBLEM_INFORMATION = 0x17;

    public static final int WILL_DELAY_INTERVAL = 0x18;

    public static final int REQUEST_RESPONSE_INFORMATION = 0x19;

    public static final int RESPONSE_INFORMATION = 0x1A;

    public static final int SERVER_REFERENCE = 0x1C;

    public static final int REASON_STRING = 0x1F;

    public static final int RECEIVE_MAXIMUM = 0x21;

    public static final int TOPIC_ALIAS_MAXIMUM = 0x22;

    public static final int TOPIC_ALIAS = 0x23;

    public static final int MAXIMUM_QOS = 0x24;

    public static final int RETAIN_AVAILABLE = 0x25;

    public static final int USER_PROPERTY = 0x26;

    public static final int MAXIMUM_PACKET_SIZE = 0x27;

    public static final int WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28;

    public static final int SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29;

    public static final int SHARED_SUBSCRIPTION_AVAILABLE = 0x2A;

    private enum Type {
        BYTE, TWO_BYTE, FOUR_BYTE, VARIABLE, STRING, BINARY, PAIR
    }

    // MQTT 5.0 section 2.2.2.2, table 2-4
    private static final Map<Integer, Type> TYPES = Map.ofEntries(Map.entry(PAYLOAD_FORMAT_INDICATOR, Type.BYTE),
            Map.entry(MESSAGE_EXPIRY_INTERVAL, Type.FOUR_BYTE), Map.entry(CONTENT_TYPE, Type.STRING),
            Map.entry(RESPONSE_TOPIC, Type.STRING), Map.entry(CORRELATION_DATA, Type.BINARY),
            Map.entry(SUBSCRIPTION_IDENTIFIER, Type.VARIABLE), Map.entry(SESSION_EXPIRY_INTERVAL, Type.FOUR_BYTE),
            Map.entry(ASSIGNED_CLIENT_IDENTIFIER, Type.STRING), Map.entry(SERVER_KEEP_ALIVE, Type.TWO_BYTE),
            Map.entry(AUTHENTICATION_METHOD, Type.STRING), Map.entry(AUTHENTICATION_DATA, Type.BINARY),
            Map.entry(REQUEST_PROBLEM_INFORMATION, Type.BYTE), Map.entry(WILL_DELAY_INTERVAL, Type.FOUR_BYTE),
            Map.entry(REQUEST_RESPONSE_INFORMATION, Type.BYTE), Map.entry(RESPONSE_INFORMATION, Type.STRING),
            Map.entry(SERVER_REFERENCE, Type.STRING), Map.entry(REASON_STRING, Type.STRING),
            Map.entry(RECEIVE_MAXIMUM, Type.TWO_BYTE), Map.entry(TOPIC_ALIAS_MAXIMUM, Type.TWO_BYTE),
            Map.entry(TOPIC_ALIAS, Type.TWO_BYTE), Map.entry(MAXIMUM_QOS, Type.BYTE),
            Map.entry(RETAIN_AVAILABLE, Type.BYTE), Map.entry(USER_PROPERTY, Type.PAIR),
            Map.entry(MAXIMUM_PACKET_SIZE, Type.FOUR_BYTE), Map.entry(WILDCARD_SUBSCRIPTION_AVAILABLE, Type.BYTE),
            Map.entry(SUBSCRIPTION_IDENTIFIER_AVAILABLE, Type.BYTE),
            Map.entry(SHARED_SUBSCRIPTION_AVAILABLE, Type.BYTE));

    /** No properties: a property length of 0. */
    public static final Mqtt5Properties NONE = new Mqtt5Properties(List.of());

    private final List<Property> entries;

    private Mqtt5Properties(List<Property> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Start a property section.
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Return the encoded section: the property length as a variable byte integer, then the properties.
     * @return the bytes
     */
    public byte[] encode() {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (Property property : this.entries) {
            writeVarint(content, property.id());
            switch (TYPES.get(property.id())) {
                case BYTE -> content.write((Integer) property.value());
                case TWO_BYTE -> writeU16(content, (Integer) property.value());
                case FOUR_BYTE -> {
                    long value = (Long) property.value();
                    writeU16(content, (int) (value >> 16));
                    writeU16(content, (int) value);
                }
                case VARIABLE -> writeVarint(content, (Integer) property.value());
                case STRING -> writeBinary(content, ((String) property.value()).getBytes(StandardCharsets.UTF_8));
                case BINARY -> writeBinary(content, (byte[]) property.value());
                case PAIR -> {
                    String[] pair = (String[]) property.value();
                    writeBinary(content, pair[0].getBytes(StandardCharsets.UTF_8));
                    writeBinary(content, pair[1].getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        writeVarint(section, content.size());
        section.writeBytes(content.toByteArray());
        return section.toByteArray();
    }

    /**
     * Parse a property section.
     * @param body the packet body
     * @param offset where the property length starts
     * @return the properties and the offset after them
     */
    public static Parsed parse(byte[] body, int offset) {
        int[] position = { offset };
        int length = readVarint(body, position);
        int end = position[0] + length;
        Assertions.assertTrue(end <= body.length, "property length " + length + " exceeds the packet");
        List<Property> entries = new ArrayList<>();
        while (position[0] < end) {
            int id = readVarint(body, position);
            Type type = TYPES.get(id);
            Assertions.assertNotNull(type, () -> String.format("unknown property identifier 0x%02X", id));
            Object value = switch (type) {
                case BYTE -> body[position[0]++] & 0xFF;
                case TWO_BYTE -> readU16(body, position);
                case FOUR_BYTE -> ((long) readU16(body, position) << 16) | readU16(body, position);
                case VARIABLE -> readVarint(body, position);
                case STRING -> new String(readBinary(body, position), StandardCharsets.UTF_8);
                case BINARY -> readBinary(body, position);
                case PAIR -> new String[] { new String(readBinary(body, position), StandardCharsets.UTF_8),
                        new String(readBinary(body, position), StandardCharsets.UTF_8) };
            };
            entries.add(new Property(id, value));
        }
        Assertions.assertEquals(end, position[0], "property section length");
        return new Parsed(new Mqtt5Properties(entries), end);
    }

    /**
     * Return whether a property is present.
     * @param id the property identifier
     * @return {@code true} if present at least once
     */
    public boolean has(int id) {
        return this.entries.stream().anyMatch((property) -> property.id() == id);
    }

    /**
     * Return an integer property (byte, two-byte, four-byte or variable byte integer).
     * @param id the property identifier
     * @return the value, or {@code null} when absent
     */
    public Long integer(int id) {
        for (Property property : this.entries) {
            if (property.id() == id) {
                return ((Number) property.value()).longValue();
            }
        }
        return null;
    }

    /**
     * Return every value of an integer property that may appear more than once (Subscription Identifier).
     * @param id the property identifier
     * @return the values in wire order
     */
    public List<Long> integers(int id) {
        return this.entries.stream().filter((property) -> property.id() == id)
                .map((property) -> ((Number) property.value()).longValue()).toList();
    }

    /**
     * Return a UTF-8 string property.
     * @param id the property identifier
     * @return the value, or {@code null} when absent
     */
    public String string(int id) {
        for (Property property : this.entries) {
            if (property.id() == id) {
                return (String) property.value();
            }
        }
        return null;
    }

    /**
     * Return a binary data property.
     * @param id the property identifier
     * @return the value, or {@code null} when absent
     */
    public byte[] binary(int id) {
        for (Property property : this.entries) {
            if (property.id() == id) {
                return (byte[]) property.value();
            }
        }
        return null;
    }

    /**
     * Return the User Properties in wire order, each as {@code name=value}.
     * @return the user properties
     */
    public List<String> userProperties() {
        return this.entries.stream().filter((property) -> property.id() == USER_PROPERTY).map((property) -> {
            String[] pair = (String[]) property.value();
            return pair[0] + "=" + pair[1];
        }).toList();
    }

    /**
     * Return the identifiers of the properties present.
     * @return the identifiers in wire order
     */
    public List<Integer> ids() {
        return this.entries.stream().map(Property::id).toList();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[");
        for (Property property : this.entries) {
            if (text.length() > 1) {
                text.append(", ");
            }
            Object value = property.value();
            String shown = (value instanceof String[] pair) ? pair[0] + "=" + pair[1]
                    : (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8)
                    : String.valueOf(value);
            text.append(String.format("0x%02X:", property.id())).append(shown);
        }
        return text.append("]").toString();
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        int remaining = value;
        do {
            int digit = remaining % 128;
            remaining /= 128;
            out.write((remaining > 0) ? (digit | 0x80) : digit);
        }
        while (remaining > 0);
    }

    private static void writeU16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }

    private static void writeBinary(ByteArrayOutputStream out, byte[] value) {
        writeU16(out, value.length);
        out.writeBytes(value);
    }

    private static int readVarint(byte[] body, int[] position) {
        int value = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = body[position[0]++] & 0xFF;
            value += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        }
        while ((digit & 0x80) != 0);
        return value;
    }

    /**
     * Read a two-byte integer and move past it.
     * @param body the packet body
     * @param position the offset to read at, advanced by 2
     * @return the value
     */
    public static int readU16(byte[] body, int[] position) {
        int value = ((body[position[0]] & 0xFF) << 8) | (body[position[0] + 1] & 0xFF);
        position[0] += 2;
        return value;
    }

    /**
     * Read binary data (or a string's UTF-8 bytes) with its two-byte length and move past it.
     * @param body the packet body
     * @param position the offset to read at, advanced past the data
     * @return the data
     */
    public static byte[] readBinary(byte[] body, int[] position) {
        int length = readU16(body, position);
        byte[] value = new byte[length];
        System.arraycopy(body, position[0], value, 0, length);
        position[0] += length;
        return value;
    }

    private record Property(int id, Object value) {
    }

    /**
     * A parsed property section.
     *
     * @param properties the properties
     * @param end the offset just after the section
     */
    public record Parsed(Mqtt5Properties properties, int end) {
    }

    /**
     * Builds a property section; properties are written in the order they are added.
     */
    public static final class Builder {

        private final List<Property> entries = new ArrayList<>();

        private Builder add(int id, Object value, Type expected) {
            Type type = TYPES.get(id);
            if (type != expected) {
                throw new IllegalArgumentException(String.format("property 0x%02X is not of type %s", id, expected));
            }
            this.entries.add(new Property(id, Objects.requireNonNull(value)));
            return this;
        }

        /**
         * Add an integer property, written with the width its identifier prescribes.
         * @param id the identifier
         * @param value the value
         * @return this builder
         */
        public Builder integer(int id, long value) {
            Type type = TYPES.get(id);
            return switch (type) {
                case BYTE, TWO_BYTE, VARIABLE -> add(id, (int) value, type);
                case FOUR_BYTE -> add(id, value, type);
                default -> throw new IllegalArgumentException(String.format("property 0x%02X is not an integer", id));
            };
        }

        /**
         * Add a UTF-8 string property.
         * @param id the identifier
         * @param value the value
         * @return this builder
         */
        public Builder string(int id, String value) {
            return add(id, value, Type.STRING);
        }

        /**
         * Add a binary data property.
         * @param id the identifier
         * @param value the value
         * @return this builder
         */
        public Builder binary(int id, byte[] value) {
            return add(id, value, Type.BINARY);
        }

        /**
         * Add a User Property; it may repeat, and keeps its place among the others.
         * @param name the name
         * @param value the value
         * @return this builder
         */
        public Builder userProperty(String name, String value) {
            return add(USER_PROPERTY, new String[] { name, value }, Type.PAIR);
        }

        /**
         * Return the properties added so far.
         * @return the properties
         */
        public Mqtt5Properties build() {
            return new Mqtt5Properties(this.entries);
        }

        /**
         * Return the encoded section of the properties added so far.
         * @return the bytes, property length first
         */
        public byte[] encode() {
            return build().encode();
        }

    }

}
