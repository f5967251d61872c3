package io.mqttspring.broker.persistence.rocksdb;

import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import io.mqttspring.broker.config.SyncPolicy;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.persistence.SessionJournal;
import io.mqttspring.broker.persistence.SessionSnapshot.StoredSubscription;
import io.mqttspring.broker.persistence.SessionSnapshot.StoredWill;
import io.mqttspring.broker.persistence.rocksdb.Records.MessageRecord;
import io.mqttspring.broker.persistence.rocksdb.Records.SessionRecord;

import org.jspecify.annotations.Nullable;

/**
 * The journal of the RocksDB store: each change becomes a put or delete handed to the {@link StoreWriter}, encoded
 * on the caller's thread so the writer only writes.
 */
final class RocksDbJournal implements SessionJournal {

    private final StoreWriter writer;

    private final SyncPolicy policy;

    private final AtomicLong ids;

    RocksDbJournal(StoreWriter writer, SyncPolicy policy, long lastId) {
        this.writer = writer;
        this.policy = policy;
        this.ids = new AtomicLong(lastId);
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    @Override
    public long nextId() {
        return this.ids.incrementAndGet();
    }

    @Override
    public void sessionConnected(long storageId, String clientId, long expiryInterval) {
        byte[] key = Records.key(Records.SESSION, clientId);
        byte[] value = new SessionRecord(storageId, expiryInterval, -1).encode();
        this.writer.submit((batch) -> batch.put(key, value));
    }

    @Override
    public void sessionDisconnected(long storageId, String clientId, long expiryInterval, Instant disconnectedAt) {
        byte[] key = Records.key(Records.SESSION, clientId);
        byte[] value = new SessionRecord(storageId, expiryInterval, disconnectedAt.toEpochMilli()).encode();
        this.writer.submit((batch) -> batch.put(key, value));
    }

    @Override
    public void sessionEnded(long storageId, String clientId) {
        byte[] key = Records.key(Records.SESSION, clientId);
        this.writer.submit((batch) -> {
            batch.delete(key);
            for (byte kind : Records.SESSION_KINDS) {
                batch.deleteRange(Records.key(kind, storageId), Records.key(kind, storageId + 1));
            }
        });
    }

    @Override
    public void subscribed(long storageId, StoredSubscription subscription) {
        byte[] key = Records.key(Records.SUBSCRIPTION, storageId, subscription.topicFilter());
        byte[] value = Records.encode(subscription);
        this.writer.submit((batch) -> batch.put(key, value));
    }

    @Override
    public void unsubscribed(long storageId, String topicFilter) {
        byte[] key = Records.key(Records.SUBSCRIPTION, storageId, topicFilter);
        this.writer.submit((batch) -> batch.delete(key));
    }

    @Override
    public void messageStored(long messageId, ApplicationMessage message, @Nullable String publisherClientId,
            Instant arrivedAt) {
        byte[] key = Records.key(Records.MESSAGE, messageId);
        byte[] value = Records.encode(new MessageRecord(message, publisherClientId, arrivedAt));
        this.writer.submit((batch) -> batch.put(key, value));
    }

    @Override
    public void entryWritten(long storageId, StoredEntry entry) {
        byte[] key = Records.key(Records.ENTRY, storageId, entry.entryId());
        byte[] value = Records.encode(entry);
        this.writer.submit((batch) -> batch.put(key, value));
    }

    @Override
    public void entryRemoved(long storageId, long entryId, long messageId, boolean lastReference) {
        byte[] key = Records.key(Records.ENTRY, storageId, entryId);
        byte[] messageKey = lastReference ? Records.key(Records.MESSAGE, messageId) : null;
        this.writer.submit((batch) -> {
            batch.delete(key);
            if (messageKey != null) {
                batch.delete(messageKey);
            }
        });
    }

    @Override
    public void messageRemoved(long messageId) {
        byte[] key = Records.key(Records.MESSAGE, messageId);
        this.writer.submit((batch) -> batch.delete(key));
    }

    @Override
    public void awaitingRelease(long storageId, int packetId, boolean awaiting) {
        byte[] key = Records.key(Records.AWAITING_RELEASE, storageId, packetId);
        this.writer.submit(awaiting ? (batch) -> batch.put(key, new byte[0]) : (batch) -> batch.delete(key));
    }

    @Override
    public void willDelayed(long storageId, @Nullable StoredWill will) {
        byte[] key = Records.key(Records.WILL, storageId);
        if (will == null) {
            this.writer.submit((batch) -> batch.delete(key));
            return;
        }
        byte[] value = Records.encode(new MessageRecord(will.message(), will.username(), will.publishAt()));
        this.writer.submit((batch) -> batch.put(key, value));
    }

    @Override
    public void afterDurable(Executor executor, Runnable task) {
        if (this.policy == SyncPolicy.SYNC) {
            this.writer.afterDurable(executor, task);
        }
        else {
            executor.execute(task);
        }
    }

    @Override
    public boolean acknowledgesAfterSync() {
        return this.policy == SyncPolicy.SYNC;
    }

}
