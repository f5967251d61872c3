package io.mqttspring.bench.jmh;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * Runs JMH's benchmark threads as Netty {@link FastThreadLocalThread}s, as the broker's event loops are. Netty 4.2
 * pools {@code Recycler} objects (outbound buffer entries, codec output lists) and gives the adaptive allocator's
 * thread-local magazines only to such threads; on a plain JMH worker thread every write allocates those objects anew
 * and buffers come from the allocator's shared magazines, which is not what the broker runs. Benchmarks that use Netty
 * select it with {@link #EXECUTOR} and {@link #EXECUTOR_CLASS} in {@code @Fork(jvmArgsPrepend = ...)}, which leaves
 * {@code -jvmArgsAppend} to the command line, and call {@link #check()} in their set-up.
 */
public final class EventLoopThreads extends ThreadPoolExecutor {

    /** The forked JVM's argument that makes JMH use a custom executor. */
    public static final String EXECUTOR = "-Djmh.executor=CUSTOM";

    /** The forked JVM's argument naming this class. */
    public static final String EXECUTOR_CLASS = "-Djmh.executor.class=io.mqttspring.bench.jmh.EventLoopThreads";

    /**
     * Called by JMH with its thread count and name prefix.
     * @param threads the number of benchmark threads
     * @param prefix the thread name prefix
     */
    public EventLoopThreads(int threads, String prefix) {
        super(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix, true));
    }

    /**
     * Fail unless the calling thread is one Netty treats as an event loop thread.
     * @throws IllegalStateException on a plain thread, for example when JMH runs without forking
     */
    public static void check() {
        if (!FastThreadLocalThread.currentThreadWillCleanupFastThreadLocals()) {
            throw new IllegalStateException("not on a FastThreadLocalThread: run forked (-f 1 or more), where @Fork "
                    + "selects " + EventLoopThreads.class.getSimpleName());
        }
    }

}
