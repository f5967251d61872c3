package io.mqttspring.broker.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

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
     * Read a batch {@link #encodeBatch} wrote, handing each publication and the groups served here to a consumer.
     * @param batch the batch
     * @param consumer takes each publication in order
     * @return the number of publications
     */
    static int decodeBatch(byte[] batch, BiConsumer<ForwardedMessage, Set<String>> consumer) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(batch))) {
            checkVersion(in.readByte());
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                int groupCount = in.readUnsignedShort();
                Set<String> groups = (groupCount == 0) ? Set.of() : new HashSet<>(groupCount * 2);
                for (int g = 0; g < groupCount; g++) {
                    groups.add(in.readUTF());
                }
                byte[] message = new byte[in.readInt()];
                in.readFully(message);
                consumer.accept(decode(message), groups);
            }
            return count;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
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
