package io.mqttspring.broker.persistence.rocksdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.mqttspring.broker.config.SyncPolicy;

import org.jspecify.annotations.Nullable;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to the store. Changes arrive from event loops in a queue; the thread takes whatever
 * has accumulated and writes it as one atomic batch, with one sync under {@link SyncPolicy#SYNC} (group commit), then
 * runs the tasks that waited for that batch, on their executors, in order. Under {@link SyncPolicy#PERIODIC} batches
 * are written without sync and the log is synced on an interval.
 */
final class StoreWriter {

    private static final Logger logger = LoggerFactory.getLogger(StoreWriter.class);

    // bounds one batch, so a burst is written in slices and the first publishers hear back early
    private static final int MAX_BATCH = 4096;

    /** A change to apply to the next batch. */
    @FunctionalInterface
    interface Change {

        void apply(WriteBatch batch) throws RocksDBException;

    }

    private record AfterDurable(Executor executor, Runnable task) {
    }

    private final RocksDB db;

    private final SyncPolicy policy;

    private final long syncIntervalNanos;

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    private final Thread thread;

    private final WriteOptions writeOptions;

    private final LongAdder batches = new LongAdder();

    private final LongAdder changes = new LongAdder();

    private final LongAdder writeNanos = new LongAdder();

    private volatile boolean running = true;

    private volatile @Nullable RocksDBException failure;

    StoreWriter(RocksDB db, SyncPolicy policy, Duration syncInterval, String name) {
        this.db = db;
        this.policy = policy;
        this.syncIntervalNanos = syncInterval.toNanos();
        this.writeOptions = new WriteOptions().setSync(policy == SyncPolicy.SYNC);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void submit(Change change) {
        this.queue.add(change);
    }

    void afterDurable(Executor executor, Runnable task) {
        this.queue.add(new AfterDurable(executor, task));
    }

    /**
     * Wait until everything submitted before is written and synced.
     * @param timeout how long to wait
     * @return whether it was
     */
    boolean flush(Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        this.queue.add(done);
        try {
            done.get(Math.max(timeout.toMillis(), 1), TimeUnit.MILLISECONDS);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (Exception ex) {
            return false;
        }
    }

    /**
     * Write what is queued, sync, and stop the thread.
     * @param timeout how long to wait
     */
    void close(Duration timeout) {
        flush(timeout);
        this.running = false;
        this.thread.interrupt();
        try {
            this.thread.join(Math.max(timeout.toMillis(), 1));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        this.writeOptions.close();
    }

    long batches() {
        return this.batches.sum();
    }

    long changes() {
        return this.changes.sum();
    }

    long writeNanos() {
        return this.writeNanos.sum();
    }

    private void run() {
        List<Object> pending = new ArrayList<>();
        long lastSync = System.nanoTime();
        boolean unsynced = false;
        while (this.running) {
            try {
                if (pending.isEmpty()) {
                    Object first = (this.policy == SyncPolicy.PERIODIC)
                            ? this.queue.poll(this.syncIntervalNanos, TimeUnit.NANOSECONDS) : this.queue.take();
                    if (first != null) {
                        pending.add(first);
                        this.queue.drainTo(pending, MAX_BATCH - 1);
                    }
                }
                unsynced |= write(pending);
                boolean flushRequested = pending.stream().anyMatch(CompletableFuture.class::isInstance);
                if (unsynced && (flushRequested || System.nanoTime() - lastSync >= this.syncIntervalNanos)) {
                    this.db.syncWal();
                    unsynced = false;
                    lastSync = System.nanoTime();
                }
                complete(pending);
                pending.clear();
            }
            catch (InterruptedException ex) {
                if (this.running) {
                    Thread.currentThread().interrupt();
                    logger.warn("Store writer interrupted; stopping");
                }
                return;
            }
            catch (RocksDBException ex) {
                // the disk refused: the batch is kept and written again, its waiters are not acknowledged meanwhile
                if (this.failure == null) {
                    logger.error("Could not write to the broker store: {}; publications to persistent sessions are "
                            + "not acknowledged until it works again", ex.getMessage(), ex);
                }
                this.failure = ex;
                pauseAfterFailure();
            }
            catch (RuntimeException ex) {
                // a bug, not the disk: writing the batch again would fail again; the writer lives on
                this.failure = new RocksDBException(String.valueOf(ex));
                logger.error("Broker store writer failed on a batch of {} changes", pending.size(), ex);
                pending.clear();
            }
        }
    }

    private void pauseAfterFailure() {
        try {
            Thread.sleep(1000);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Write the changes among the items as one batch; return whether something was written without sync.
     */
    private boolean write(List<Object> items) throws RocksDBException {
        int count = 0;
        try (WriteBatch batch = new WriteBatch()) {
            for (Object item : items) {
                if (item instanceof Change change) {
                    change.apply(batch);
                    count++;
                }
            }
            if (count == 0) {
                // only waiters, or nothing: what they wait for was written by an earlier batch
                return false;
            }
            long start = System.nanoTime();
            this.db.write(this.writeOptions, batch);
            this.writeNanos.add(System.nanoTime() - start);
        }
        this.batches.increment();
        this.changes.add(count);
        if (this.failure != null) {
            logger.info("Writing to the broker store again");
            this.failure = null;
        }
        return this.policy == SyncPolicy.PERIODIC;
    }

    private static void complete(List<Object> items) {
        // one task per executor, running its waiters in order
        Map<Executor, List<Runnable>> byExecutor = null;
        for (Object item : items) {
            if (item instanceof AfterDurable waiter) {
                if (byExecutor == null) {
                    byExecutor = new IdentityHashMap<>();
                }
                byExecutor.computeIfAbsent(waiter.executor(), (executor) -> new ArrayList<>()).add(waiter.task());
            }
            else if (item instanceof CompletableFuture<?> flush) {
                flush.complete(null);
            }
        }
        if (byExecutor != null) {
            byExecutor.forEach((executor, tasks) -> {
                try {
                    executor.execute(() -> tasks.forEach(Runnable::run));
                }
                catch (RuntimeException ex) {
                    // the event loop shut down: its connections are gone, nobody waits for these
                    logger.debug("Acknowledgements dropped: {}", ex.getMessage());
                }
            });
        }
    }

    @Nullable RocksDBException failure() {
        return this.failure;
    }

}
