package io.mqttspring.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reading of a broker's memory, taken so that two readings differ by what the broker holds between them. For a
 * JVM broker, through {@code jcmd}: once its JIT compiler is idle and five and a half seconds more have passed, a full
 * collection, then the heap's live and committed size, then {@code System.trim_native_heap}, then the RSS.
 * <ul>
 * <li>The live heap, because a JVM's RSS follows how much of its heap it ever touched, not what it holds.</li>
 * <li>The committed heap, because RSS grows by the whole of it when the collector enlarges a pre-touched heap:
 * counted once in the live heap, not again in RSS.</li>
 * <li>The idle compiler, the wait and the trim (JDK 17.0.9 and later), because the JIT compiler's arenas take
 * tens of MB while it compiles. HotSpot keeps their chunks in a pool that it hands back to malloc every five
 * seconds, and glibc keeps what it gets back until it is trimmed.</li>
 * </ul>
 * Without them the RSS growth of one build moved between 0 and 3.7 KiB per idle connection from run to run, with
 * how much compiling fell into the measured half; with them it stayed within about ±0.4 KiB. A process that is not a
 * JVM is read as it is: Mosquitto has no JIT compiler, and glibc is not trimmed for it.
 * <p>
 * The heap figures are read for G1 ({@code garbage-first heap} in {@code GC.heap_info}), and subtracting the
 * committed heap from RSS assumes a pre-touched heap ({@code -XX:+AlwaysPreTouch}), as the comparison script runs
 * the Java brokers. With another collector the heap is not read and memory is RSS growth alone.
 *
 * @param rssKiB the resident set size, or -1 when {@code /proc} cannot be read
 * @param liveHeapKiB the used heap after a full collection, or -1 (not a JVM, or {@code jcmd} failed)
 * @param committedHeapKiB the heap's committed size, or -1 likewise
 */
record BrokerMemory(long rssKiB, long liveHeapKiB, long committedHeapKiB) {

    private static final Pattern HEAP = Pattern.compile("garbage-first heap\\s+total (\\d+)K, used (\\d+)K");

    // a compilation in progress: a line after "Current compiles:" before the first queue
    private static final Pattern COMPILING = Pattern.compile("Current compiles:[ \\t]*\\n[^\\n]");

    private static final Pattern QUEUED = Pattern.compile("compile queue:[ \\t]*\\n(?!Empty)");

    private static final long COMPILER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    // HotSpot's chunk pool cleaner runs every 5 s
    private static final long CHUNK_POOL_CLEANING_NANOS = TimeUnit.MILLISECONDS.toNanos(5_500);

    /**
     * Read a broker's memory now.
     * @param pid the broker's process id, or {@code null} when unknown
     * @return the reading
     */
    static BrokerMemory read(String pid) {
        long live = -1;
        long committed = -1;
        if (pid != null && isJvm(pid)) {
            awaitIdleCompiler(pid);
            LoadRun.sleepUntil(System.nanoTime() + CHUNK_POOL_CLEANING_NANOS);
            String info = (jcmd(pid, "GC.run") != null) ? jcmd(pid, "GC.heap_info") : null;
            Matcher heap = (info != null) ? HEAP.matcher(info) : null;
            if (heap != null && heap.find()) {
                committed = Long.parseLong(heap.group(1));
                live = Long.parseLong(heap.group(2));
            }
            else {
                LoadRun.log("the G1 heap of JVM broker %s could not be read: its memory is RSS alone", pid);
            }
            // an older JDK refuses the command: its RSS is read as it is
            jcmd(pid, "System.trim_native_heap");
        }
        return new BrokerMemory(ProcFs.rssKiB(pid), live, committed);
    }

    /**
     * Return the RSS beyond the committed heap: the native memory (all of the RSS for a process without a heap).
     * @return KiB
     */
    long nativeKiB() {
        return (this.committedHeapKiB > 0) ? this.rssKiB - this.committedHeapKiB : this.rssKiB;
    }

    /**
     * Return whether growth can be computed from an earlier reading: both have an RSS, and both or neither have a
     * heap (one reading without it would count the whole committed heap as native growth).
     * @param earlier the earlier reading
     * @return whether growth can be computed
     */
    boolean comparableTo(BrokerMemory earlier) {
        return this.rssKiB > 0 && earlier.rssKiB > 0 && (this.committedHeapKiB > 0) == (earlier.committedHeapKiB > 0);
    }

    /**
     * Return the native memory grown since an earlier reading.
     * @param earlier the earlier reading
     * @return KiB
     */
    long nativeGrowthKiB(BrokerMemory earlier) {
        return nativeKiB() - earlier.nativeKiB();
    }

    /**
     * Return the live heap grown since an earlier reading, or {@code null} for a broker without one.
     * @param earlier the earlier reading
     * @return KiB or {@code null}
     */
    Long heapGrowthKiB(BrokerMemory earlier) {
        return (this.liveHeapKiB > 0 && earlier.liveHeapKiB > 0) ? this.liveHeapKiB - earlier.liveHeapKiB : null;
    }

    /**
     * Return everything grown since an earlier reading: native memory and live heap.
     * @param earlier the earlier reading
     * @return KiB
     */
    long growthKiB(BrokerMemory earlier) {
        Long heap = heapGrowthKiB(earlier);
        return nativeGrowthKiB(earlier) + ((heap != null) ? heap : 0);
    }

    // at most ten seconds: a broker under load may never stop compiling
    private static void awaitIdleCompiler(String pid) {
        long deadline = System.nanoTime() + COMPILER_WAIT_NANOS;
        String queue = jcmd(pid, "Compiler.queue");
        while (queue != null && !compilerIdle(queue)) {
            if (System.nanoTime() > deadline) {
                LoadRun.log("broker %s still compiling after %d s; its memory is read all the same", pid,
                        TimeUnit.NANOSECONDS.toSeconds(COMPILER_WAIT_NANOS));
                return;
            }
            LoadRun.sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
            queue = jcmd(pid, "Compiler.queue");
        }
    }

    /**
     * Return whether {@code jcmd Compiler.queue} shows nothing compiling and nothing queued.
     * @param queue the command's output
     * @return whether the compiler is idle
     */
    static boolean compilerIdle(String queue) {
        return !COMPILING.matcher(queue).find() && !QUEUED.matcher(queue).find();
    }

    private static boolean isJvm(String pid) {
        try {
            String command = new String(Files.readAllBytes(Path.of("/proc", pid, "cmdline")), StandardCharsets.UTF_8);
            return command.startsWith("java") || command.contains("/java\0");
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static String jcmd(String pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), pid, command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) ? output : null;
        }
        catch (IOException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

}
