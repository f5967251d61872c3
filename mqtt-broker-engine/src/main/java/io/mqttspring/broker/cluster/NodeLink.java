package io.mqttspring.broker.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import io.mqttspring.broker.cluster.ForwardedMessage.Outgoing;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way to one other node. Publications queue here and travel in batches, one batch at a time, so they arrive in
 * the order they were published, and whatever queued while a batch travelled goes in the next one: the busier the
 * link, the larger its batches. A batch is done when the other node answers that it routed it to its clients; a
 * failed attempt is made again until the node leaves the cluster, so a publication whose publisher was acknowledged
 * is not lost to a passing network fault. Thread-safe.
 */
final class NodeLink {

    private static final Logger logger = LoggerFactory.getLogger(NodeLink.class);

    static final int MAX_BATCH_BYTES = 256 * 1024;

    private static final int MAX_BATCH_MESSAGES = 4096;

    private static final long RETRY_DELAY_MILLIS = 100;

    private static final Executor RETRY = CompletableFuture.delayedExecutor(RETRY_DELAY_MILLIS,
            TimeUnit.MILLISECONDS);

    private final String self;

    private final Member member;

    private final IExecutorService executor;

    private final long maxQueuedBytes;

    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean sending = new AtomicBoolean();

    private final AtomicLong queuedBytes = new AtomicLong();

    private final LongAdder latencyNanos;

    private final LongAdder delivered;

    private volatile boolean closed;

    private volatile @Nullable Throwable failure;

    NodeLink(String self, Member member, IExecutorService executor, long maxQueuedBytes, LongAdder delivered,
            LongAdder latencyNanos) {
        this.self = self;
        this.member = member;
        this.executor = executor;
        this.maxQueuedBytes = maxQueuedBytes;
        this.delivered = delivered;
        this.latencyNanos = latencyNanos;
    }

    /**
     * Queue a publication for the node. Never blocks.
     * @param message the encoded publication
     * @param groups the shared groups the node serves for it
     * @param done completed once the node took it, or {@code null} for a QoS 0 publication nobody waits for
     * @return {@code false} when a QoS 0 publication was dropped: the node is that far behind
     */
    boolean send(byte[] message, List<String> groups, @Nullable CompletableFuture<Void> done) {
        Throwable stopped = this.failure;
        if (stopped != null) {
            if (done != null) {
                done.completeExceptionally(stopped);
            }
            return true;
        }
        if (this.closed) {
            complete(done);
            return true;
        }
        if (done == null && this.queuedBytes.get() > this.maxQueuedBytes) {
            return false;
        }
        this.queuedBytes.addAndGet(message.length);
        this.queue.add(new Outgoing(message, groups, done, System.nanoTime()));
        if (this.closed) {
            // closed meanwhile: settle what close() may have missed
            drainClosed();
            return true;
        }
        sendNext();
        return true;
    }

    private void sendNext() {
        while (!this.queue.isEmpty() && this.sending.compareAndSet(false, true)) {
            List<Outgoing> batch = new ArrayList<>(Math.min(this.queue.size(), MAX_BATCH_MESSAGES));
            int size = 0;
            Outgoing next;
            while (size < MAX_BATCH_BYTES && batch.size() < MAX_BATCH_MESSAGES && (next = this.queue.poll()) != null) {
                batch.add(next);
                size += next.message().length;
            }
            if (!batch.isEmpty()) {
                submit(batch, ForwardedMessage.encodeBatch(batch, size));
                return;
            }
            this.sending.set(false);
        }
    }

    private void submit(List<Outgoing> batch, byte[] encoded) {
        Throwable stopped = this.failure;
        if (stopped != null) {
            fail(batch, stopped);
            return;
        }
        if (this.closed) {
            done(batch);
            return;
        }
        try {
            this.executor.submitToMember(new RouteBatch(this.self, encoded), this.member, new ExecutionCallback<Integer>() {

                @Override
                public void onResponse(Integer routed) {
                    done(batch);
                }

                @Override
                public void onFailure(Throwable failure) {
                    if (failure instanceof HazelcastInstanceNotActiveException || NodeLink.this.failure != null) {
                        fail(batch, failure);
                        return;
                    }
                    if (NodeLink.this.closed) {
                        done(batch);
                        return;
                    }
                    logger.debug("Forwarding to {} failed, trying again: {}", NodeLink.this.member, failure.toString());
                    RETRY.execute(() -> submit(batch, encoded));
                }

            });
        }
        catch (RuntimeException ex) {
            // this member is stopping: the publishers are told nothing, as if the node had crashed
            logger.debug("Could not forward to {}: {}", this.member, ex.toString());
            fail(batch, ex);
        }
    }

    private void fail(List<Outgoing> batch, Throwable failure) {
        long bytes = 0;
        for (Outgoing outgoing : batch) {
            bytes += outgoing.message().length;
            if (outgoing.done() != null) {
                outgoing.done().completeExceptionally(failure);
            }
        }
        this.queuedBytes.addAndGet(-bytes);
        this.sending.set(false);
        sendNext();
    }

    private void done(List<Outgoing> batch) {
        long now = System.nanoTime();
        long latency = 0;
        long bytes = 0;
        for (Outgoing outgoing : batch) {
            latency += now - outgoing.queuedAtNanos();
            bytes += outgoing.message().length;
            complete(outgoing.done());
        }
        this.latencyNanos.add(latency);
        this.delivered.add(batch.size());
        this.queuedBytes.addAndGet(-bytes);
        this.sending.set(false);
        sendNext();
    }

    private static void complete(@Nullable CompletableFuture<Void> done) {
        if (done != null) {
            done.complete(null);
        }
    }

    /**
     * Return the bytes of publications waiting to go.
     * @return the bytes
     */
    long queuedBytes() {
        return this.queuedBytes.get();
    }

    /**
     * Give up on the node, which left the cluster: what waits for it is released, since no client of it remains to
     * deliver to.
     */
    void close() {
        this.closed = true;
        drainClosed();
    }

    /**
     * Stop with this node: what waits is failed, so its publishers are not acknowledged for publications the other
     * node may not have.
     * @param cause why
     */
    void stop(Throwable cause) {
        this.failure = cause;
        this.closed = true;
        drainClosed();
    }

    private void drainClosed() {
        Throwable stopped = this.failure;
        Outgoing outgoing;
        while ((outgoing = this.queue.poll()) != null) {
            this.queuedBytes.addAndGet(-outgoing.message().length);
            if (stopped != null && outgoing.done() != null) {
                outgoing.done().completeExceptionally(stopped);
            }
            else {
                complete(outgoing.done());
            }
        }
    }

}
