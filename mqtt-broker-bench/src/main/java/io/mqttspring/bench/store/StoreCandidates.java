package io.mqttspring.bench.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The persistent QoS 1 scenario on each candidate store, without the network: publishers with a window of
 * unacknowledged messages hand (message, queue entry) pairs to one writer thread, which commits whatever has
 * accumulated as one batch (group commit) and then acknowledges the batch; afterwards the offline subscriber drains
 * and every pair is deleted. {@code sync} makes each batch durable before acknowledging it; {@code periodic} writes
 * each batch and makes it durable once a second.
 * <p>
 * {@code java -jar mqtt-bench.jar stores [--messages N] [--publishers P] [--window W] [--dir D]}
 */
public final class StoreCandidates {

    private static final int PAYLOAD = 64;

    private StoreCandidates() {
    }

    public static void main(String[] args) throws Exception {
        int messages = 200_000;
        int publishers = 16;
        int window = 32;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[i + 1]);
                case "--publishers" -> publishers = Integer.parseInt(args[i + 1]);
                case "--window" -> window = Integer.parseInt(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        RocksDB.loadLibrary();
        System.out.printf("%-9s %-8s %12s %12s %10s %10s%n", "store", "policy", "publish/s", "drain/s", "batch",
                "disk KiB");
        for (int round = 0; round < 2; round++) {
            for (boolean sync : new boolean[] { true, false }) {
                for (String name : new String[] { "rocksdb", "mvstore" }) {
                    Path path = Files.createTempDirectory(dir, "store-" + name);
                    try (Candidate store = name.equals("rocksdb") ? new Rocks(path) : new MvStore(path)) {
                        Result result = run(store, sync, messages, publishers, window);
                        System.out.printf("%-9s %-8s %12.0f %12.0f %10.1f %10d%n", name, sync ? "sync" : "periodic",
                                result.publishRate, result.drainRate, result.meanBatch, result.diskKiB);
                    }
                    finally {
                        delete(path);
                    }
                }
            }
        }
    }

    private static Result run(Candidate store, boolean sync, int messages, int publishers, int window)
            throws Exception {
        BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(publishers * window + 16);
        AtomicLong sequence = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        int perPublisher = messages / publishers;
        int total = perPublisher * publishers;
        CountDownLatch done = new CountDownLatch(total);
        Thread writer = new Thread(() -> writeLoop(store, sync, queue, batches, total), "writer");
        writer.start();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            Thread publisher = new Thread(() -> {
                Semaphore inflight = new Semaphore(window);
                byte[] payload = new byte[PAYLOAD];
                for (int i = 0; i < perPublisher; i++) {
                    inflight.acquireUninterruptibly();
                    long seq = sequence.incrementAndGet();
                    byte[] message = message(seq, payload);
                    queue.add(new Pending(seq, message, () -> {
                        inflight.release();
                        done.countDown();
                    }));
                }
            });
            threads.add(publisher);
            publisher.start();
        }
        done.await();
        double publishSeconds = (System.nanoTime() - start) / 1e9;
        writer.join();
        long diskKiB = store.diskBytes() / 1024;
        start = System.nanoTime();
        // the subscriber acknowledges in windows of 32, each acknowledgement deleting the pair
        for (long seq = 1; seq <= total; seq += 32) {
            store.delete(seq, Math.min(seq + 32, total + 1), sync);
        }
        double drainSeconds = (System.nanoTime() - start) / 1e9;
        return new Result(total / publishSeconds, total / drainSeconds, (double) total / batches.get(), diskKiB);
    }

    private static void writeLoop(Candidate store, boolean sync, BlockingQueue<Pending> queue, AtomicLong batches,
            int total) {
        List<Pending> batch = new ArrayList<>();
        int written = 0;
        long lastSync = System.nanoTime();
        try {
            while (written < total) {
                batch.add(queue.take());
                queue.drainTo(batch);
                store.write(batch, sync);
                if (!sync && System.nanoTime() - lastSync > TimeUnit.SECONDS.toNanos(1)) {
                    store.sync();
                    lastSync = System.nanoTime();
                }
                batches.incrementAndGet();
                written += batch.size();
                batch.forEach((pending) -> pending.acknowledge.run());
                batch.clear();
            }
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] message(long seq, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + 2 + 24 + payload.length);
        buffer.putLong(System.currentTimeMillis()).putShort((short) 24)
                .put(String.format("devices/%08d/data", seq % 1000).getBytes()).put(payload);
        return buffer.array();
    }

    static byte[] messageKey(long seq) {
        return ByteBuffer.allocate(9).put((byte) 'm').putLong(seq).array();
    }

    static byte[] entryKey(long seq) {
        byte[] client = "subscriber-1".getBytes();
        return ByteBuffer.allocate(3 + client.length + 8).put((byte) 'q').putShort((short) client.length).put(client)
                .putLong(seq).array();
    }

    static byte[] entryValue(long seq) {
        return ByteBuffer.allocate(12).putLong(seq).put((byte) 1).put((byte) 0).putShort((short) 0).array();
    }

    private static void delete(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private record Pending(long seq, byte[] message, Runnable acknowledge) {
    }

    private record Result(double publishRate, double drainRate, double meanBatch, long diskKiB) {
    }

    private interface Candidate extends AutoCloseable {

        void write(List<Pending> batch, boolean sync) throws Exception;

        void delete(long fromSeq, long toSeq, boolean sync) throws Exception;

        void sync() throws Exception;

        long diskBytes() throws IOException;

        @Override
        void close();

    }

    private static final class Rocks implements Candidate {

        private final Path path;

        private final Options options = new Options().setCreateIfMissing(true);

        private final RocksDB db;

        private final WriteOptions synced = new WriteOptions().setSync(true);

        private final WriteOptions unsynced = new WriteOptions();

        Rocks(Path path) throws RocksDBException {
            this.path = path;
            this.db = RocksDB.open(this.options, path.toString());
        }

        @Override
        public void write(List<Pending> batch, boolean sync) throws RocksDBException {
            try (WriteBatch write = new WriteBatch()) {
                for (Pending pending : batch) {
                    write.put(messageKey(pending.seq()), pending.message());
                    write.put(entryKey(pending.seq()), entryValue(pending.seq()));
                }
                this.db.write(sync ? this.synced : this.unsynced, write);
            }
        }

        @Override
        public void delete(long fromSeq, long toSeq, boolean sync) throws RocksDBException {
            try (WriteBatch write = new WriteBatch()) {
                for (long seq = fromSeq; seq < toSeq; seq++) {
                    write.delete(messageKey(seq));
                    write.delete(entryKey(seq));
                }
                this.db.write(sync ? this.synced : this.unsynced, write);
            }
        }

        @Override
        public void sync() throws RocksDBException {
            this.db.flushWal(true);
        }

        @Override
        public long diskBytes() throws IOException {
            try (Stream<Path> files = Files.walk(this.path)) {
                return files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
            }
        }

        @Override
        public void close() {
            this.db.close();
            this.options.close();
            this.synced.close();
            this.unsynced.close();
        }

    }

    private static final class MvStore implements Candidate {

        private final Path file;

        private final MVStore store;

        private final MVMap<byte[], byte[]> map;

        MvStore(Path dir) {
            this.file = dir.resolve("broker.mv.db");
            this.store = new MVStore.Builder().fileName(this.file.toString()).autoCommitDisabled().open();
            this.map = this.store.openMap("state");
        }

        @Override
        public void write(List<Pending> batch, boolean sync) {
            for (Pending pending : batch) {
                this.map.put(messageKey(pending.seq()), pending.message());
                this.map.put(entryKey(pending.seq()), entryValue(pending.seq()));
            }
            this.store.commit();
            if (sync) {
                this.store.sync();
            }
        }

        @Override
        public void delete(long fromSeq, long toSeq, boolean sync) {
            for (long seq = fromSeq; seq < toSeq; seq++) {
                this.map.remove(messageKey(seq));
                this.map.remove(entryKey(seq));
            }
            this.store.commit();
            if (sync) {
                this.store.sync();
            }
        }

        @Override
        public void sync() {
            this.store.sync();
        }

        @Override
        public long diskBytes() {
            return this.file.toFile().length();
        }

        @Override
        public void close() {
            this.store.close();
        }

    }

}
