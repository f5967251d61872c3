package io.mqttspring.bench.load;

/**
 * Cores a process used over an interval: its CPU time divided by wall time. Several processes (comma-separated
 * ids, the nodes of a cluster) count as one: their CPU times are summed.
 */
final class CpuMeter {

    private final String pid;
    private final long startTicks;
    private final long startNanos;

    private CpuMeter(String pid) {
        this.pid = pid;
        this.startTicks = pid == null ? -1 : ticks(pid);
        this.startNanos = System.nanoTime();
    }

    /**
     * Start measuring {@code pid} ({@code "self"} for this process, {@code null} for unknown, {@code "12,34"} for
     * the sum of several).
     */
    static CpuMeter start(String pid) {
        return new CpuMeter(pid);
    }

    /** Cores used since the start, or {@code null} if the process could not be read. */
    Double cores() {
        if (this.startTicks < 0) {
            return null;
        }
        long ticks = ticks(this.pid);
        long nanos = System.nanoTime() - this.startNanos;
        if (ticks < 0 || nanos <= 0) {
            return null;
        }
        return (ticks - this.startTicks) / (double) ProcFs.clockTicks() / (nanos / 1e9);
    }

    // user plus system time summed over the processes, -1 if any is unreadable
    private static long ticks(String pids) {
        long sum = 0;
        for (String pid : pids.split(",")) {
            long ticks = ProcFs.cpuTicks(pid);
            if (ticks < 0) {
                return -1;
            }
            sum += ticks;
        }
        return sum;
    }

}
