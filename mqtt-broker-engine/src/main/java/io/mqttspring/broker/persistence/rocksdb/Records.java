package io.mqttspring.broker.persistence.rocksdb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.mqttspring.broker.codec.ApplicationMessageCodec;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.persistence.SessionJournal.StoredEntry;
import io.mqttspring.broker.persistence.SessionSnapshot.StoredSubscription;

import org.jspecify.annotations.Nullable;

/**
 * The keys and values of the store. Keys start with a one-byte kind; those of a session's records continue with
 * its storage identifier, so that its records sort together and go with one range deletion. Numbers are big-endian,
 * so identifiers sort in the order they were handed out.
 */
final class Records {

    static final byte SESSION = 'S';

    static final byte SUBSCRIPTION = 'U';

    static final byte ENTRY = 'E';

    static final byte AWAITING_RELEASE = 'A';

    static final byte WILL = 'W';

    static final byte MESSAGE = 'M';

    static final byte RETAINED = 'R';

    /** The kinds whose keys start with a storage identifier. */
    static final byte[] SESSION_KINDS = { SUBSCRIPTION, ENTRY, AWAITING_RELEASE, WILL };

    private static final byte VALUE_VERSION = 1;

    private Records() {
    }

    static byte[] key(byte kind, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + bytes.length).put(kind).put(bytes).array();
    }

    static byte[] key(byte kind, long id) {
        return ByteBuffer.allocate(9).put(kind).putLong(id).array();
    }

    static byte[] key(byte kind, long storageId, long id) {
        return ByteBuffer.allocate(17).put(kind).putLong(storageId).putLong(id).array();
    }

    static byte[] key(byte kind, long storageId, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(9 + bytes.length).put(kind).putLong(storageId).put(bytes).array();
    }

    static String name(byte[] key, int offset) {
        return new String(key, offset, key.length - offset, StandardCharsets.UTF_8);
    }

    static long longAt(byte[] key, int offset) {
        return ByteBuffer.wrap(key, offset, 8).getLong();
    }

    // ---- sessions --------------------------------------------------------------------------------------------

    /**
     * A session record: its storage identifier, expiry interval and when its client went away ({@code -1} while
     * connected).
     */
    record SessionRecord(long storageId, long expiryInterval, long disconnectedAtMillis) {

        byte[] encode() {
            return ByteBuffer.allocate(25).put(VALUE_VERSION).putLong(this.storageId).putLong(this.expiryInterval)
                    .putLong(this.disconnectedAtMillis).array();
        }

        static SessionRecord decode(byte[] value) {
            ByteBuffer buffer = versioned(value);
            return new SessionRecord(buffer.getLong(), buffer.getLong(), buffer.getLong());
        }

    }

    static byte[] encode(StoredSubscription subscription) {
        return ByteBuffer.allocate(9).put(VALUE_VERSION).put((byte) subscription.qos().value())
                .put((byte) (subscription.noLocal() ? 1 : 0)).put((byte) (subscription.retainAsPublished() ? 1 : 0))
                .put((byte) subscription.retainHandling()).putInt(subscription.identifier()).array();
    }

    static StoredSubscription decodeSubscription(String filter, byte[] value) {
        ByteBuffer buffer = versioned(value);
        return new StoredSubscription(filter, QoS.of(buffer.get()), buffer.get() == 1, buffer.get() == 1,
                buffer.get(), buffer.getInt());
    }

    static byte[] encode(StoredEntry entry) {
        List<Integer> identifiers = entry.subscriptionIdentifiers();
        ByteBuffer buffer = ByteBuffer.allocate(16 + 4 * identifiers.size()).put(VALUE_VERSION)
                .putLong(entry.messageId()).put((byte) entry.qos().value()).put((byte) (entry.retain() ? 1 : 0))
                .putShort((short) entry.packetId()).put((byte) (entry.released() ? 1 : 0))
                .putShort((short) identifiers.size());
        for (int identifier : identifiers) {
            buffer.putInt(identifier);
        }
        return buffer.array();
    }

    static StoredEntry decodeEntry(long entryId, byte[] value) {
        ByteBuffer buffer = versioned(value);
        long messageId = buffer.getLong();
        QoS qos = QoS.of(buffer.get());
        boolean retain = buffer.get() == 1;
        int packetId = Short.toUnsignedInt(buffer.getShort());
        boolean released = buffer.get() == 1;
        int count = Short.toUnsignedInt(buffer.getShort());
        List<Integer> identifiers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            identifiers.add(buffer.getInt());
        }
        return new StoredEntry(entryId, messageId, qos, retain, identifiers, packetId, released);
    }

    // ---- messages --------------------------------------------------------------------------------------------

    /**
     * A message as stored: what was published, by whom and when, or a will with its user and publication time.
     */
    record MessageRecord(ApplicationMessage message, @Nullable String origin, Instant at) {
    }

    static byte[] encode(MessageRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + record.message().payload().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VALUE_VERSION);
            out.writeLong(record.at().toEpochMilli());
            ApplicationMessageCodec.writeNullable(out, record.origin());
            ApplicationMessageCodec.write(out, record.message());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static MessageRecord decodeMessage(byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            checkVersion(in.readByte());
            Instant at = Instant.ofEpochMilli(in.readLong());
            String origin = ApplicationMessageCodec.readNullable(in);
            return new MessageRecord(ApplicationMessageCodec.read(in), origin, at);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Unreadable message record", ex);
        }
    }

    private static ByteBuffer versioned(byte[] value) {
        ByteBuffer buffer = ByteBuffer.wrap(value);
        checkVersion(buffer.get());
        return buffer;
    }

    private static void checkVersion(byte version) {
        if (version != VALUE_VERSION) {
            throw new IllegalStateException("Record of version " + version + ", this broker reads " + VALUE_VERSION);
        }
    }

}
