package io.mqttspring.broker.persistence.rocksdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.mqttspring.broker.config.Persistence;
import io.mqttspring.broker.config.SyncPolicy;
import io.mqttspring.broker.core.MqttBrokerException;
import io.mqttspring.broker.persistence.RetainedMessage;
import io.mqttspring.broker.persistence.RetainedMessageStore;
import io.mqttspring.broker.persistence.SessionJournal;
import io.mqttspring.broker.persistence.SessionJournal.StoredEntry;
import io.mqttspring.broker.persistence.SessionSnapshot;
import io.mqttspring.broker.persistence.SessionSnapshot.PendingMessage;
import io.mqttspring.broker.persistence.SessionSnapshot.StoredSubscription;
import io.mqttspring.broker.persistence.SessionSnapshot.StoredWill;
import io.mqttspring.broker.persistence.SessionStore;
import io.mqttspring.broker.persistence.rocksdb.Records.MessageRecord;
import io.mqttspring.broker.persistence.rocksdb.Records.SessionRecord;

import org.jspecify.annotations.Nullable;
import org.rocksdb.CompressionType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store: persistent sessions and retained messages in a RocksDB database in one directory. Sessions are
 * written as a journal of changes while the broker runs ({@link #journal()}) and read back whole at start
 * ({@link #loadAll()}). A directory holds one store, marked with a format file; a directory that holds something
 * else, a store of another format, or one another broker has open is refused with an exception naming the path.
 * Open with {@link #open(Persistence)}, close with {@link #close()}.
 */
public final class RocksDbStore implements SessionStore, AutoCloseable {

    /** The file that marks a directory as a broker store and says its format. */
    public static final String FORMAT_FILE = "mqtt-broker-store";

    /** The format this broker reads and writes. */
    public static final int FORMAT = 1;

    private static final Logger logger = LoggerFactory.getLogger(RocksDbStore.class);

    static {
        RocksDbLibrary.load();
    }

    private final Path path;

    private final Options options;

    private final RocksDB db;

    private final StoreWriter writer;

    private final RocksDbJournal journal;

    private final RocksDbRetainedMessageStore retained;

    private List<SessionSnapshot> loaded;

    private RocksDbStore(Path path, Options options, RocksDB db, Persistence config) {
        this.path = path;
        this.options = options;
        this.db = db;
        this.writer = new StoreWriter(db, config.syncPolicy(), config.syncInterval(), "mqtt-store-writer");
        this.retained = new RocksDbRetainedMessageStore(this.writer);
        long lastId = load();
        this.journal = new RocksDbJournal(this.writer, config.syncPolicy(), lastId);
    }

    /**
     * Open the store in the configured directory, creating it when missing.
     * @param config where and how
     * @return the store
     * @throws MqttBrokerException naming the path when the directory cannot hold or does not hold a store of this
     * format, is in use by another broker, or is damaged
     */
    public static RocksDbStore open(Persistence config) {
        Path path = config.path();
        if (path == null) {
            throw new IllegalArgumentException("persistence is off");
        }
        Path directory = path.toAbsolutePath();
        checkDirectory(directory);
        Options options = new Options().setCreateIfMissing(true).setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2).setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setMaxTotalWalSize(64L * 1024 * 1024);
        try {
            RocksDB db = RocksDB.open(options, directory.toString());
            return new RocksDbStore(directory, options, db, config);
        }
        catch (RocksDBException ex) {
            options.close();
            String reason = ex.getMessage();
            if (reason != null && (reason.contains("lock") || reason.contains("LOCK"))) {
                throw new MqttBrokerException("The broker store at " + directory + " is in use by another running "
                        + "broker (" + reason + "); give each broker its own directory", ex);
            }
            throw new MqttBrokerException("Could not open the broker store at " + directory + ": " + reason
                    + "; it is left as it is. Move it away to start with an empty store", ex);
        }
        catch (RuntimeException ex) {
            options.close();
            throw new MqttBrokerException("Could not read the broker store at " + directory + ": " + ex.getMessage()
                    + "; it is left as it is. Move it away to start with an empty store", ex);
        }
    }

    private static void checkDirectory(Path directory) {
        Path marker = directory.resolve(FORMAT_FILE);
        try {
            if (Files.exists(directory) && !Files.isDirectory(directory)) {
                throw new MqttBrokerException("The broker store path " + directory + " is a file, not a directory");
            }
            if (Files.isRegularFile(marker)) {
                String content = Files.readString(marker, StandardCharsets.UTF_8).trim();
                if (!content.equals("format=" + FORMAT)) {
                    throw new MqttBrokerException("The broker store at " + directory + " has " + content
                            + ", this broker reads format=" + FORMAT + "; it is left as it is");
                }
                return;
            }
            if (Files.isDirectory(directory)) {
                try (Stream<Path> entries = Files.list(directory)) {
                    if (entries.findAny().isPresent()) {
                        throw new MqttBrokerException("The directory " + directory + " is not empty and holds no "
                                + "broker store (no " + FORMAT_FILE + " file); choose an empty or new directory");
                    }
                }
            }
            Files.createDirectories(directory);
            Files.writeString(marker, "format=" + FORMAT + "\n", StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new MqttBrokerException("Could not use " + directory + " for the broker store: " + ex, ex);
        }
    }

    /**
     * Read everything back: sessions for {@link #loadAll()}, retained messages into memory; remove what nothing
     * refers to any more (records of sessions that ended, messages no entry refers to).
     * @return the largest identifier in use
     */
    private long load() {
        Map<String, SessionRecord> sessions = new HashMap<>();
        Map<Long, List<StoredSubscription>> subscriptions = new HashMap<>();
        Map<Long, List<StoredEntry>> entries = new HashMap<>();
        Map<Long, Set<Integer>> awaiting = new HashMap<>();
        Map<Long, MessageRecord> wills = new HashMap<>();
        Map<Long, MessageRecord> messages = new HashMap<>();
        long lastId = 0;
        try (RocksIterator iterator = this.db.newIterator()) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                byte[] key = iterator.key();
                byte[] value = iterator.value();
                switch (key[0]) {
                    case Records.SESSION -> {
                        SessionRecord record = SessionRecord.decode(value);
                        sessions.put(Records.name(key, 1), record);
                        lastId = Math.max(lastId, record.storageId());
                    }
                    case Records.SUBSCRIPTION -> subscriptions.computeIfAbsent(Records.longAt(key, 1),
                            (id) -> new ArrayList<>()).add(Records.decodeSubscription(Records.name(key, 9), value));
                    case Records.ENTRY -> {
                        long entryId = Records.longAt(key, 9);
                        entries.computeIfAbsent(Records.longAt(key, 1), (id) -> new ArrayList<>())
                                .add(Records.decodeEntry(entryId, value));
                        lastId = Math.max(lastId, entryId);
                    }
                    case Records.AWAITING_RELEASE -> awaiting.computeIfAbsent(Records.longAt(key, 1),
                            (id) -> new HashSet<>()).add((int) Records.longAt(key, 9));
                    case Records.WILL -> wills.put(Records.longAt(key, 1), Records.decodeMessage(value));
                    case Records.MESSAGE -> {
                        long messageId = Records.longAt(key, 1);
                        messages.put(messageId, Records.decodeMessage(value));
                        lastId = Math.max(lastId, messageId);
                    }
                    case Records.RETAINED -> {
                        MessageRecord record = Records.decodeMessage(value);
                        this.retained.load(new RetainedMessage(record.message(), record.at()));
                    }
                    default -> throw new IllegalStateException("Unknown record kind " + key[0]);
                }
            }
        }
        Instant now = Instant.now();
        Set<Long> live = new HashSet<>();
        Set<Long> referenced = new HashSet<>();
        List<SessionSnapshot> snapshots = new ArrayList<>(sessions.size());
        for (Map.Entry<String, SessionRecord> session : sessions.entrySet()) {
            SessionRecord record = session.getValue();
            long storageId = record.storageId();
            live.add(storageId);
            List<PendingMessage> pending = new ArrayList<>();
            for (StoredEntry entry : entries.getOrDefault(storageId, List.of())) {
                MessageRecord message = messages.get(entry.messageId());
                if (message == null) {
                    continue;
                }
                referenced.add(entry.messageId());
                pending.add(new PendingMessage(message.message().with(entry.qos(), entry.retain()),
                        entry.subscriptionIdentifiers(), message.origin(), message.at(), entry.packetId(),
                        entry.released(), entry.entryId(), entry.messageId()));
            }
            MessageRecord will = wills.get(storageId);
            // a session whose client was connected when the broker went down counts as disconnected now
            Instant disconnectedAt = (record.disconnectedAtMillis() >= 0)
                    ? Instant.ofEpochMilli(record.disconnectedAtMillis()) : now;
            snapshots.add(new SessionSnapshot(session.getKey(), record.expiryInterval(), disconnectedAt,
                    subscriptions.getOrDefault(storageId, List.of()), pending, storageId,
                    awaiting.getOrDefault(storageId, Set.of()), (will != null)
                            ? new StoredWill(will.message(), will.origin(), will.at()) : null));
        }
        this.loaded = snapshots;
        removeUnreferenced(live, referenced, messages.keySet(), subscriptions.keySet(), entries.keySet(),
                awaiting.keySet(), wills.keySet());
        logger.info("Broker store at {}: {} persistent sessions, {} queued messages, {} retained messages", this.path,
                snapshots.size(), referenced.size(), this.retained.size());
        return lastId;
    }

    @SafeVarargs
    private void removeUnreferenced(Set<Long> live, Set<Long> referenced, Set<Long> messages,
            Set<Long>... storageIds) {
        try (WriteBatch batch = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
            int removed = 0;
            for (Set<Long> ids : storageIds) {
                for (long storageId : ids) {
                    if (!live.contains(storageId)) {
                        for (byte kind : Records.SESSION_KINDS) {
                            batch.deleteRange(Records.key(kind, storageId), Records.key(kind, storageId + 1));
                        }
                        removed++;
                    }
                }
            }
            for (long messageId : messages) {
                if (!referenced.contains(messageId)) {
                    batch.delete(Records.key(Records.MESSAGE, messageId));
                    removed++;
                }
            }
            if (removed > 0) {
                this.db.write(sync, batch);
                logger.debug("Removed {} records nothing refers to from {}", removed, this.path);
            }
        }
        catch (RocksDBException ex) {
            throw new MqttBrokerException("Could not clean the broker store at " + this.path + ": " + ex.getMessage(),
                    ex);
        }
    }

    /**
     * Return the store of retained messages, kept in the same database.
     * @return the retained message store
     */
    public RetainedMessageStore retainedMessageStore() {
        return this.retained;
    }

    @Override
    public SessionJournal journal() {
        return this.journal;
    }

    @Override
    public void save(SessionSnapshot snapshot) {
        // the journal recorded every change already
    }

    @Override
    public void remove(String clientId) {
        // the journal recorded the session's end already
    }

    @Override
    public Collection<SessionSnapshot> loadAll() {
        List<SessionSnapshot> snapshots = this.loaded;
        // read once at start: the journal is the truth afterwards
        this.loaded = List.of();
        return snapshots;
    }

    @Override
    public void flush() {
        if (!this.writer.flush(Duration.ofSeconds(30))) {
            logger.warn("Broker store at {}: writes still pending after 30 s", this.path);
        }
    }

    /**
     * Return the store's directory.
     * @return the absolute path
     */
    public Path path() {
        return this.path;
    }

    /**
     * Return what the store takes on disk: its tables and its write-ahead log.
     * @return bytes
     */
    public long sizeOnDisk() {
        try (Stream<Path> files = Files.list(this.path)) {
            return files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
        }
        catch (IOException ex) {
            return -1;
        }
    }

    /**
     * Return the number of batches written.
     * @return the count
     */
    public long writes() {
        return this.writer.batches();
    }

    /**
     * Return the time spent writing (and syncing) batches.
     * @return nanoseconds
     */
    public long writeNanos() {
        return this.writer.writeNanos();
    }

    /**
     * Return whether the last write failed.
     * @return the failure, or {@code null} when writes succeed
     */
    public @Nullable String lastFailure() {
        RocksDBException failure = this.writer.failure();
        return (failure != null) ? failure.getMessage() : null;
    }

    /**
     * Return the sync policy.
     * @return the policy
     */
    public SyncPolicy syncPolicy() {
        return this.journal.acknowledgesAfterSync() ? SyncPolicy.SYNC : SyncPolicy.PERIODIC;
    }

    /**
     * Write what is pending, sync and close the database, releasing its lock.
     */
    @Override
    public void close() {
        this.writer.close(Duration.ofSeconds(30));
        try {
            this.db.syncWal();
        }
        catch (RocksDBException ex) {
            logger.warn("Could not sync the broker store at {}: {}", this.path, ex.getMessage());
        }
        this.db.close();
        this.options.close();
    }

}
