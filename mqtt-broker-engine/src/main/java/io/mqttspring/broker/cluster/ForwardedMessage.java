package io.mqttspring.broker.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.mqttspring.broker.codec.ApplicationMessageCodec;
import io.mqttspring.broker.message.ApplicationMessage;

import org.jspecify.annotations.Nullable;

/**
 * A publication as one node sends it to another: encoded once, whatever the number of nodes it goes to.
 *
 * @param message the message as published
 * @param publisherClientId the publisher, or {@code null}
 */
record ForwardedMessage(ApplicationMessage message, @Nullable String publisherClientId) {

    private static final byte VERSION = 2;

    /**
     * A publication on its way to one node, with the shared groups that node serves for it.
     *
     * @param message the publication as {@link #encode()} made it
     * @param groups the shared groups, by {@code ServedGroups.key}
     * @param done completed when the node took it, or {@code null} when nobody waits
     * @param queuedAtNanos when it was queued
     */
    record Outgoing(byte[] message, List<String> groups, @Nullable CompletableFuture<Void> done,
            long queuedAtNanos) {
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + this.message.payload().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            ApplicationMessageCodec.writeNullable(out, this.publisherClientId);
            ApplicationMessageCodec.write(out, this.message);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /**
     * Write a batch: for each publication the shared groups the receiving node serves, then the publication as
     * {@link #encode()} made it.
     * @param entries the publications, in order
     * @param size the bytes of their encoded publications
     * @return the batch
     */
    static byte[] encodeBatch(List<Outgoing> entries, int size) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + size + 8 * entries.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(entries.size());
            for (Outgoing entry : entries) {
                out.writeShort(entry.groups().size());
                for (String group : entry.groups()) {
                    out.writeUTF(group);
                }
                out.writeInt(entry.message().length);
                out.write(entry.message());
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /**
     * A publication as the receiving node reads it from a batch.
     *
     * @param message the publication
     * @param groups the shared groups this node serves for it
     */
    record Incoming(ForwardedMessage message, Set<String> groups) {
    }

    /**
     * Read a batch {@link #encodeBatch} wrote.
     * @param batch the batch
     * @return its publications, in order
     * @throws IllegalStateException when the batch is of another version or damaged
     */
    static List<Incoming> decodeBatch(byte[] batch) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(batch))) {
            checkVersion(in.readByte());
            int count = in.readInt();
            List<Incoming> messages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int groupCount = in.readUnsignedShort();
                Set<String> groups = (groupCount == 0) ? Set.of() : new HashSet<>(groupCount * 2);
                for (int g = 0; g < groupCount; g++) {
                    groups.add(in.readUTF());
                }
                byte[] message = new byte[in.readInt()];
                in.readFully(message);
                messages.add(new Incoming(decode(message), groups));
            }
            return messages;
        }
        catch (IOException | RuntimeException ex) {
            throw new IllegalStateException("Cannot read a batch another node forwarded: " + ex, ex);
        }
    }

    private static void checkVersion(byte version) {
        if (version != VERSION) {
            throw new IllegalStateException("Forwarded message of version " + version + ", this node reads "
                    + VERSION + ": run one broker version across the cluster");
        }
    }

    static ForwardedMessage decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            checkVersion(in.readByte());
            String publisher = ApplicationMessageCodec.readNullable(in);
            return new ForwardedMessage(ApplicationMessageCodec.read(in), publisher);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
