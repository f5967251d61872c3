package io.mqttspring.broker.codec;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.UserProperty;

import org.jspecify.annotations.Nullable;

/**
 * An application message as bytes, for what leaves the broker's memory other than as MQTT: the durable store's
 * records and the messages cluster nodes forward to each other. Strings are written as length and UTF-8 bytes,
 * since modified UTF-8 ({@code writeUTF}) cannot hold every 65,535-byte MQTT string.
 */
public final class ApplicationMessageCodec {

    private ApplicationMessageCodec() {
    }

    /**
     * Write a message.
     * @param out where to
     * @param message the message
     * @throws IOException if {@code out} fails
     */
    public static void write(DataOutputStream out, ApplicationMessage message) throws IOException {
        writeString(out, message.topic());
        out.writeByte(message.qos().value());
        out.writeBoolean(message.retain());
        out.writeInt(message.payload().length);
        out.write(message.payload());
        MessageProperties properties = message.properties();
        out.writeInt((properties.payloadFormatIndicator() != null) ? properties.payloadFormatIndicator() : -1);
        out.writeLong((properties.messageExpiryInterval() != null) ? properties.messageExpiryInterval() : -1);
        writeNullable(out, properties.contentType());
        writeNullable(out, properties.responseTopic());
        byte[] correlation = properties.correlationData();
        out.writeInt((correlation != null) ? correlation.length : -1);
        if (correlation != null) {
            out.write(correlation);
        }
        out.writeInt(properties.userProperties().size());
        for (UserProperty property : properties.userProperties()) {
            writeString(out, property.name());
            writeString(out, property.value());
        }
    }

    /**
     * Read a message {@link #write} wrote.
     * @param in where from
     * @return the message
     * @throws IOException if {@code in} fails or ends early
     */
    public static ApplicationMessage read(DataInputStream in) throws IOException {
        String topic = readString(in);
        QoS qos = QoS.of(in.readByte());
        boolean retain = in.readBoolean();
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        int format = in.readInt();
        long expiry = in.readLong();
        String contentType = readNullable(in);
        String responseTopic = readNullable(in);
        int correlationLength = in.readInt();
        byte[] correlation = null;
        if (correlationLength >= 0) {
            correlation = new byte[correlationLength];
            in.readFully(correlation);
        }
        int count = in.readInt();
        List<UserProperty> userProperties = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            userProperties.add(new UserProperty(readString(in), readString(in)));
        }
        MessageProperties properties = new MessageProperties((format >= 0) ? format : null,
                (expiry >= 0) ? expiry : null, contentType, responseTopic, correlation, userProperties);
        return new ApplicationMessage(topic, payload, qos, retain, properties);
    }

    /**
     * Write a string as its length and UTF-8 bytes.
     * @param out where to
     * @param value the string
     * @throws IOException if {@code out} fails
     */
    public static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * Read a string {@link #writeString} wrote.
     * @param in where from
     * @return the string
     * @throws IOException if {@code in} fails or ends early
     */
    public static String readString(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Write a string that may be absent.
     * @param out where to
     * @param value the string, or {@code null}
     * @throws IOException if {@code out} fails
     */
    public static void writeNullable(DataOutputStream out, @Nullable String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            writeString(out, value);
        }
    }

    /**
     * Read a string {@link #writeNullable} wrote.
     * @param in where from
     * @return the string, or {@code null}
     * @throws IOException if {@code in} fails or ends early
     */
    public static @Nullable String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }

}
