package io.mqttspring.core.dispatch;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks on a shared executor in lanes: tasks of one lane run one at a time, in submission order; different
 * lanes run in parallel. The {@link MqttMessageDispatcher} maps each topic to a lane, so messages of one topic are
 * processed in order [MQTT-4.6.0-5] while different topics need not wait for each other. Thread-safe.
 */
final class OrderedLanes {

    private final Lane[] lanes;

    OrderedLanes(Executor executor, int count) {
        this.lanes = new Lane[count];
        for (int i = 0; i < count; i++) {
            this.lanes[i] = new Lane(executor);
        }
    }

    /**
     * Run a task in the lane of a key.
     * @param key what orders tasks, the topic
     * @param task the task
     */
    void execute(String key, Runnable task) {
        int index = (this.lanes.length == 1) ? 0 : (key.hashCode() & Integer.MAX_VALUE) % this.lanes.length;
        this.lanes[index].execute(task);
    }

    private static final class Lane {

        private final Executor executor;

        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        private final AtomicBoolean scheduled = new AtomicBoolean();

        Lane(Executor executor) {
            this.executor = executor;
        }

        /**
         * Queue a task; when the executor refuses to run the lane, the task is not kept for later either.
         */
        void execute(Runnable task) {
            this.tasks.add(task);
            try {
                schedule();
            }
            catch (RuntimeException ex) {
                this.tasks.remove(task);
                throw ex;
            }
        }

        private void schedule() {
            if (this.scheduled.compareAndSet(false, true)) {
                try {
                    this.executor.execute(this::drain);
                }
                catch (RuntimeException ex) {
                    // a rejecting executor must not leave the lane marked busy forever
                    this.scheduled.set(false);
                    throw ex;
                }
            }
        }

        private void drain() {
            try {
                boolean more = true;
                while (more) {
                    Runnable task;
                    while ((task = this.tasks.poll()) != null) {
                        task.run();
                    }
                    this.scheduled.set(false);
                    // tasks queued meanwhile: hand the lane back to the executor, or keep it on this thread when
                    // the executor refuses, so that no queued task is left behind
                    more = !this.tasks.isEmpty() && this.scheduled.compareAndSet(false, true) && !handOver();
                }
            }
            catch (Throwable ex) {
                // the failure is the executor's to report; the lane goes on with the tasks after the failed one
                this.scheduled.set(false);
                if (!this.tasks.isEmpty()) {
                    try {
                        schedule();
                    }
                    catch (RuntimeException rejected) {
                        ex.addSuppressed(rejected);
                    }
                }
                throw ex;
            }
        }

        private boolean handOver() {
            try {
                this.executor.execute(this::drain);
                return true;
            }
            catch (RejectedExecutionException ex) {
                return false;
            }
        }

    }

}
