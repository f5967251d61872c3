package io.mqttspring.broker.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.mqttspring.broker.core.BrokerClock;
import io.netty.util.concurrent.EventExecutor;

/**
 * A {@link BrokerClock} that moves only when a test {@link #advance(Duration) advances} it: expiry, will delay and
 * keep-alive are tested in milliseconds, and never early or late by a scheduler's whim. Scheduled tasks run on the
 * executor they were scheduled for (the broker's event loops), handed over when the clock passes their time, so a
 * test still awaits their effect. Thread-safe.
 */
public final class ManualClock implements BrokerClock {

    private final Instant origin = Instant.parse("2026-01-01T00:00:00Z");

    private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>(
            Comparator.comparingLong(Scheduled::dueNanos).thenComparingLong(Scheduled::sequence));

    private long nanos;

    private long sequence;

    @Override
    public synchronized long nanoTime() {
        return this.nanos;
    }

    @Override
    public synchronized Instant instant() {
        return this.origin.plusNanos(this.nanos);
    }

    @Override
    public synchronized Future<?> schedule(ScheduledExecutorService executor, Runnable task, Duration delay) {
        FutureTask<Void> future = new FutureTask<>(task, null);
        this.scheduled.add(new Scheduled(this.nanos + Math.max(0, delay.toNanos()), this.sequence++, executor,
                future));
        return future;
    }

    /**
     * Move the clock forward through every task that comes due on the way, in order of due time: the clock stands at
     * a task's time while it runs on its executor, and the next one waits for it, so a task that schedules another
     * within the step (a periodic sweep) sees it run in the same step. Call from a test thread, never from an
     * executor a task may need.
     * @param duration how far
     */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = this.nanos + duration.toNanos();
        }
        while (true) {
            Scheduled next;
            synchronized (this) {
                next = this.scheduled.peek();
                if (next == null || next.dueNanos() > target) {
                    this.nanos = target;
                    return;
                }
                this.scheduled.poll();
                this.nanos = Math.max(this.nanos, next.dueNanos());
            }
            run(next);
        }
    }

    private static void run(Scheduled due) {
        if (due.future().isCancelled()) {
            return;
        }
        if (due.executor() instanceof EventExecutor loop && loop.inEventLoop()) {
            // the calling thread is the executor's own, as with an EmbeddedChannel's loop
            due.future().run();
            return;
        }
        try {
            due.executor().execute(due.future());
            due.future().get(10, TimeUnit.SECONDS);
        }
        catch (RejectedExecutionException | CancellationException ex) {
            // the broker stopped, or the task was cancelled, meanwhile: it no longer matters
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a scheduled task ran", ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("A task scheduled on the manual clock failed or hung", ex);
        }
    }

    private record Scheduled(long dueNanos, long sequence, ScheduledExecutorService executor,
            FutureTask<Void> future) {
    }

}
