package io.mqttspring.broker.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.mqttspring.broker.cluster.ForwardedMessage.Outgoing;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.routing.ForwardingFailedException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way to one other node. Publications queue here and travel in batches, one batch at a time, so they arrive in
 * the order they were published, and whatever queued while a batch travelled goes in the next one: the busier the
 * link, the larger its batches. A batch is done when the other node answers that it routed it to its clients; a
 * failed attempt is made again for up to 30 s, so a passing network fault loses nothing; a node that leaves, or
 * keeps failing, fails what waited for it, so those publishers are not acknowledged. Thread-safe.
 */
final class NodeLink {

    private static final Logger logger = LoggerFactory.getLogger(NodeLink.class);

    static final int MAX_BATCH_BYTES = 256 * 1024;

    private static final int MAX_BATCH_MESSAGES = 4096;

    private static final long RETRY_DELAY_MILLIS = 100;

    // a node that keeps failing for this long fails the publications waiting for it, rather than holding them
    private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String self;

    private final Member member;

    private final IExecutorService executor;

    // where answers are handled and the next batch is sent from
    private final Executor callbacks;

    private final long maxQueuedBytes;

    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean sending = new AtomicBoolean();

    private final AtomicLong queuedBytes = new AtomicLong();

    private final LongAdder latencyNanos;

    private final LongAdder delivered;

    // once set, every publication for the node fails with it: the node left, or this one stops
    private volatile @Nullable ForwardingFailedException failure;

    NodeLink(String self, Member member, IExecutorService executor, Executor callbacks, long maxQueuedBytes,
            LongAdder delivered, LongAdder latencyNanos) {
        this.callbacks = callbacks;
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
     * @param done completed once the node took it, failed with a {@link ForwardingFailedException} when it did not,
     * or {@code null} when nobody waits (QoS 0, the application's, a will)
     * @return {@code false} when a publication nobody waits for was dropped: the node is that far behind
     */
    boolean send(byte[] message, List<String> groups, @Nullable CompletableFuture<Void> done) {
        ForwardingFailedException failed = this.failure;
        if (failed != null) {
            if (done != null) {
                done.completeExceptionally(failed);
            }
            return true;
        }
        if (done == null && this.queuedBytes.get() > this.maxQueuedBytes) {
            return false;
        }
        this.queuedBytes.addAndGet(message.length);
        this.queue.add(new Outgoing(message, groups, done, System.nanoTime()));
        if (this.failure != null) {
            // closed meanwhile: settle what close() may have missed
            drainFailed();
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
            if (batch.isEmpty()) {
                this.sending.set(false);
                continue;
            }
            byte[] encoded;
            try {
                encoded = ForwardedMessage.encodeBatch(batch, size);
            }
            catch (RuntimeException ex) {
                logger.warn("Could not encode publications for {}: {}", this.member, ex.toString());
                finish(batch, new ForwardingFailedException(ReasonCode.UNSPECIFIED_ERROR, ex.toString()));
                continue;
            }
            submit(batch, encoded, System.nanoTime());
            return;
        }
    }

    private void submit(List<Outgoing> batch, byte[] encoded, long firstAttemptNanos) {
        ForwardingFailedException failed = this.failure;
        if (failed != null) {
            finish(batch, failed);
            return;
        }
        try {
            // Hazelcast 5 answers with a CompletableFuture whose callbacks, even non-async ones, run on its default
            // executor: a new thread per call where the common pool has one thread. Ours run on the link thread.
            CompletionStage<Integer> answer = (CompletionStage<Integer>) this.executor
                    .submitToMember(new RouteBatch(this.self, encoded), this.member);
            answer.whenCompleteAsync((routed, cause) -> {
                if (cause == null) {
                    finish(batch, null);
                }
                else {
                    failed(batch, encoded, firstAttemptNanos, unwrap(cause));
                }
            }, this.callbacks);
        }
        catch (RuntimeException ex) {
            // this member is stopping: the publishers are not acknowledged, as if the node had crashed
            logger.debug("Could not forward to {}: {}", this.member, ex.toString());
            finish(batch, new ForwardingFailedException(ReasonCode.SERVER_SHUTTING_DOWN, ex.toString()));
        }
    }

    private static Throwable unwrap(Throwable cause) {
        return (cause instanceof CompletionException && cause.getCause() != null) ? cause.getCause() : cause;
    }

    private void failed(List<Outgoing> batch, byte[] encoded, long firstAttemptNanos, Throwable cause) {
        if (this.failure == null) {
            if (cause instanceof MemberLeftException || cause instanceof TargetNotMemberException) {
                close(new ForwardingFailedException(ReasonCode.UNSPECIFIED_ERROR,
                        "cluster member " + this.member + " left before taking the publication"));
            }
            else if (cause instanceof HazelcastInstanceNotActiveException) {
                close(new ForwardingFailedException(ReasonCode.SERVER_SHUTTING_DOWN, "cluster node stopped"));
            }
            else if (System.nanoTime() - firstAttemptNanos > MAX_RETRY_NANOS) {
                logger.warn("Cluster member {} did not take publications for {} s: {}", this.member,
                        TimeUnit.NANOSECONDS.toSeconds(MAX_RETRY_NANOS), cause.toString());
                finish(batch, new ForwardingFailedException(ReasonCode.UNSPECIFIED_ERROR, cause.toString()));
                return;
            }
            else {
                logger.debug("Forwarding to {} failed, trying again: {}", this.member, cause.toString());
                CompletableFuture.delayedExecutor(RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS, this.callbacks)
                        .execute(() -> submit(batch, encoded, firstAttemptNanos));
                return;
            }
        }
        finish(batch, this.failure);
    }

    /**
     * Settle a batch that is no longer in flight, and send the next.
     * @param failed why the node did not take it, or {@code null} when it did
     */
    private void finish(List<Outgoing> batch, @Nullable ForwardingFailedException failed) {
        long now = System.nanoTime();
        long latency = 0;
        long bytes = 0;
        for (Outgoing outgoing : batch) {
            bytes += outgoing.message().length;
            latency += now - outgoing.queuedAtNanos();
            settle(outgoing.done(), failed);
        }
        if (failed == null) {
            this.latencyNanos.add(latency);
            this.delivered.add(batch.size());
        }
        this.queuedBytes.addAndGet(-bytes);
        this.sending.set(false);
        sendNext();
    }

    private static void settle(@Nullable CompletableFuture<Void> done, @Nullable ForwardingFailedException failed) {
        if (done == null) {
            return;
        }
        if (failed == null) {
            done.complete(null);
        }
        else {
            done.completeExceptionally(failed);
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
     * Give up on the node, which left the cluster, or on all nodes, when this one stops: what waits fails, so its
     * publishers are not acknowledged for publications the node may not have.
     * @param cause why
     */
    void close(ForwardingFailedException cause) {
        if (this.failure == null) {
            this.failure = cause;
        }
        drainFailed();
    }

    private void drainFailed() {
        ForwardingFailedException failed = this.failure;
        Outgoing outgoing;
        while ((outgoing = this.queue.poll()) != null) {
            this.queuedBytes.addAndGet(-outgoing.message().length);
            settle(outgoing.done(), failed);
        }
    }

}
