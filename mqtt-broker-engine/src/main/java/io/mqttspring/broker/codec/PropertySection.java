package io.mqttspring.broker.codec;

/**
 * Reads the property section of an MQTT 5 packet (MQTT 5.0 section 2.2.2) into a {@link Sink}, with the rules the
 * spec sets for every packet a client sends: a property that does not belong to the packet is a Malformed Packet, a
 * single-use property given twice a Protocol Error (section 2.2.2.2), a value past the section's end malformed.
 */
final class PropertySection {

    static final int PAYLOAD_FORMAT_INDICATOR = 0x01;

    static final int MESSAGE_EXPIRY_INTERVAL = 0x02;

    static final int CONTENT_TYPE = 0x03;

    static final int RESPONSE_TOPIC = 0x08;

    static final int CORRELATION_DATA = 0x09;

    static final int SUBSCRIPTION_IDENTIFIER = 0x0B;

    static final int TOPIC_ALIAS = 0x23;

    static final int USER_PROPERTY = 0x26;

    // the packets, and the will, that carry properties
    static final int CONNECT = 1;

    static final int WILL = 2;

    static final int PUBLISH = 3;

    static final int ACK = 4;

    static final int SUBSCRIBE = 5;

    static final int UNSUBSCRIBE = 6;

    static final int DISCONNECT = 7;

    static final int AUTH = 8;

    private static final int BYTE = 1;

    private static final int TWO_BYTES = 2;

    private static final int FOUR_BYTES = 4;

    private static final int VARIABLE_BYTE_INTEGER = 5;

    private static final int UTF8_STRING = 6;

    private static final int BINARY = 7;

    private static final int UTF8_PAIR = 8;

    private static final int[] TYPES = new int[0x2B];

    private static final int[] ALLOWED = new int[0x2B];

    static {
        define(PAYLOAD_FORMAT_INDICATOR, BYTE, PUBLISH, WILL);
        define(MESSAGE_EXPIRY_INTERVAL, FOUR_BYTES, PUBLISH, WILL);
        define(CONTENT_TYPE, UTF8_STRING, PUBLISH, WILL);
        define(RESPONSE_TOPIC, UTF8_STRING, PUBLISH, WILL);
        define(CORRELATION_DATA, BINARY, PUBLISH, WILL);
        define(SUBSCRIPTION_IDENTIFIER, VARIABLE_BYTE_INTEGER, PUBLISH, SUBSCRIBE);
        define(0x11, FOUR_BYTES, CONNECT, DISCONNECT);
        define(0x15, UTF8_STRING, CONNECT, AUTH);
        define(0x16, BINARY, CONNECT, AUTH);
        define(0x17, BYTE, CONNECT);
        define(0x18, FOUR_BYTES, WILL);
        define(0x19, BYTE, CONNECT);
        define(0x1C, UTF8_STRING, DISCONNECT);
        define(0x1F, UTF8_STRING, ACK, DISCONNECT, AUTH);
        define(0x21, TWO_BYTES, CONNECT);
        define(0x22, TWO_BYTES, CONNECT);
        define(TOPIC_ALIAS, TWO_BYTES, PUBLISH);
        define(USER_PROPERTY, UTF8_PAIR, CONNECT, WILL, PUBLISH, ACK, SUBSCRIBE, UNSUBSCRIBE, DISCONNECT, AUTH);
        define(0x27, FOUR_BYTES, CONNECT);
    }

    private PropertySection() {
    }

    private static void define(int id, int type, int... kinds) {
        TYPES[id] = type;
        for (int kind : kinds) {
            ALLOWED[id] |= 1 << kind;
        }
    }

    /**
     * Read a property section at the reader's position, length included.
     * @param reader the packet
     * @param kind which packet the section belongs to, one of the constants of this class
     * @param sink receives each property in order
     */
    static void read(PacketReader reader, int kind, Sink sink) {
        int length = reader.variableByteInteger();
        if (length > reader.remaining()) {
            throw PacketDecodeException.malformed("property length beyond the packet");
        }
        PacketReader section = new PacketReader(reader.buffer(), reader.index(), reader.index() + length);
        reader.skip(length);
        long seen = 0;
        while (section.hasRemaining()) {
            int id = section.variableByteInteger();
            if (id >= TYPES.length || TYPES[id] == 0 || (ALLOWED[id] & (1 << kind)) == 0) {
                throw PacketDecodeException.malformed(String.format("property 0x%02X not allowed in this packet", id));
            }
            if (id != USER_PROPERTY) {
                long bit = 1L << id;
                if ((seen & bit) != 0) {
                    throw PacketDecodeException.protocolError(
                            String.format("property 0x%02X included more than once", id));
                }
                seen |= bit;
            }
            switch (TYPES[id]) {
                case BYTE -> sink.integer(id, section.u8());
                case TWO_BYTES -> sink.integer(id, section.u16());
                case FOUR_BYTES -> sink.integer(id, section.u32());
                case VARIABLE_BYTE_INTEGER -> sink.integer(id, section.variableByteInteger());
                case UTF8_STRING -> sink.string(id, section.string());
                case BINARY -> sink.binary(id, section.binary());
                // [MQTT-1.5.7-1] name and value of a pair are strings in their own right
                default -> sink.userProperty(section.string(), section.string());
            }
        }
    }

    /**
     * Receives the properties of a section.
     */
    interface Sink {

        /**
         * A property of one, two or four bytes, or a variable byte integer; four-byte values arrive as the int of
         * the same bits.
         */
        void integer(int id, int value);

        void string(int id, String value);

        void binary(int id, byte[] value);

        void userProperty(String name, String value);

    }

}
