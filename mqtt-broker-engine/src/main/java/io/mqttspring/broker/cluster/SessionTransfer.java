package io.mqttspring.broker.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.mqttspring.broker.codec.ApplicationMessageCodec;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.persistence.SessionSnapshot;
import io.mqttspring.broker.persistence.SessionSnapshot.PendingMessage;
import io.mqttspring.broker.persistence.SessionSnapshot.StoredSubscription;

/**
 * A persistent session on its way from the node that held it to the node its client reconnected to: subscriptions,
 * messages queued and in flight with their packet identifiers, and inbound QoS 2 identifiers awaiting PUBREL. Its
 * will stays behind: the client is connecting again, which cancels a delayed will.
 */
final class SessionTransfer {

    private static final byte VERSION = 1;

    private SessionTransfer() {
    }

    static byte[] encode(SessionSnapshot session) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            ApplicationMessageCodec.writeString(out, session.clientId());
            out.writeLong(session.expiryInterval());
            writeInstant(out, session.disconnectedAt());
            out.writeInt(session.subscriptions().size());
            for (StoredSubscription subscription : session.subscriptions()) {
                ApplicationMessageCodec.writeString(out, subscription.topicFilter());
                out.writeByte(subscription.qos().value());
                out.writeBoolean(subscription.noLocal());
                out.writeBoolean(subscription.retainAsPublished());
                out.writeByte(subscription.retainHandling());
                out.writeInt(subscription.identifier());
            }
            out.writeInt(session.pendingMessages().size());
            for (PendingMessage pending : session.pendingMessages()) {
                ApplicationMessageCodec.write(out, pending.message());
                writeInts(out, pending.subscriptionIdentifiers());
                ApplicationMessageCodec.writeNullable(out, pending.publisherClientId());
                writeInstant(out, pending.arrivedAt());
                out.writeShort(pending.packetId());
                out.writeBoolean(pending.released());
            }
            writeInts(out, List.copyOf(session.awaitingRelease()));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static SessionSnapshot decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("Session transfer of version " + version + ", this node reads "
                        + VERSION + ": run one broker version across the cluster");
            }
            String clientId = ApplicationMessageCodec.readString(in);
            long expiry = in.readLong();
            Instant disconnectedAt = readInstant(in);
            int subscriptionCount = in.readInt();
            List<StoredSubscription> subscriptions = new ArrayList<>(subscriptionCount);
            for (int i = 0; i < subscriptionCount; i++) {
                subscriptions.add(new StoredSubscription(ApplicationMessageCodec.readString(in),
                        QoS.of(in.readByte()), in.readBoolean(), in.readBoolean(), in.readByte(), in.readInt()));
            }
            int pendingCount = in.readInt();
            List<PendingMessage> pending = new ArrayList<>(pendingCount);
            for (int i = 0; i < pendingCount; i++) {
                pending.add(new PendingMessage(ApplicationMessageCodec.read(in), readInts(in),
                        ApplicationMessageCodec.readNullable(in), readInstant(in), in.readUnsignedShort(),
                        in.readBoolean(), 0, 0));
            }
            Set<Integer> awaitingRelease = new HashSet<>(readInts(in));
            return new SessionSnapshot(clientId, expiry, disconnectedAt, subscriptions, pending, 0, awaitingRelease,
                    null);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    private static void writeInts(DataOutputStream out, List<Integer> values) throws IOException {
        out.writeInt(values.size());
        for (int value : values) {
            out.writeInt(value);
        }
    }

    private static List<Integer> readInts(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<Integer> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readInt());
        }
        return values;
    }

}
