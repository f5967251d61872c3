package io.mqttspring.bench.load;

/**
 * Cores a process used over an interval: its CPU time divided by wall time.
 */
final class CpuMeter {

    private final String pid;
    private final long startTicks;
    private final long startNanos;

    private CpuMeter(String pid) {
        this.pid = pid;
        this.startTicks = pid == null ? -1 : ProcFs.cpuTicks(pid);
        this.startNanos = System.nanoTime();
    }

    /** Start measuring {@code pid} ({@code "self"} for this process, {@code null} for unknown). */
    static CpuMeter start(String pid) {
        return new CpuMeter(pid);
    }

    /** Cores used since the start, or {@code null} if the process could not be read. */
    Double cores() {
        if (this.startTicks < 0) {
            return null;
        }
        long ticks = ProcFs.cpuTicks(this.pid);
        long nanos = System.nanoTime() - this.startNanos;
        if (ticks < 0 || nanos <= 0) {
            return null;
        }
        return (ticks - this.startTicks) / (double) ProcFs.clockTicks() / (nanos / 1e9);
    }

}
