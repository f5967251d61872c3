package io.mqttspring.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and resident memory of a process, read from Linux's {@code /proc}.
 */
final class ProcFs {

    private static final long CLOCK_TICKS = readClockTicks();

    private ProcFs() {
    }

    /** Clock ticks per second, the unit of {@code utime} and {@code stime}. */
    static long clockTicks() {
        return CLOCK_TICKS;
    }

    /**
     * User plus system time of all threads of {@code pid} ({@code "self"} for this process).
     * @return clock ticks, or -1 if unreadable
     */
    static long cpuTicks(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // the command name may hold spaces and parentheses; fields are counted after its closing one
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
        }
        catch (IOException | RuntimeException ex) {
            return -1;
        }
    }

    /**
     * Resident set size of {@code pid} ({@code null} for unknown).
     * @return KiB, or -1 if unreadable
     */
    static long rssKiB(String pid) {
        if (pid == null) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
            return -1;
        }
        catch (IOException | RuntimeException ex) {
            return -1;
        }
    }

    /**
     * How often, system-wide, a listening socket's accept queue was full and a connection attempt was dropped (the
     * client retries its SYN a second later).
     * @return the kernel's TcpExt ListenOverflows counter, or -1 if unreadable
     */
    static long listenOverflows() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"), StandardCharsets.US_ASCII);
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                List<String> names = List.of(lines.get(i).split(" "));
                int column = names.indexOf("ListenOverflows");
                if (names.get(0).equals("TcpExt:") && column > 0) {
                    return Long.parseLong(lines.get(i + 1).split(" ")[column]);
                }
            }
            return -1;
        }
        catch (IOException | RuntimeException ex) {
            return -1;
        }
    }

    private static long readClockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            getconf.waitFor();
            return Long.parseLong(out);
        }
        catch (IOException | RuntimeException ex) {
            return 100; // the value on every common Linux build
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

}
