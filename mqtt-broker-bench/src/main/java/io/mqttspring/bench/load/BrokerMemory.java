package io.mqttspring.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of a JVM broker: a full collection through {@code jcmd}, then the used heap it reports. A JVM's RSS
 * follows how much of its heap it ever touched, not what it holds, so this is the figure that shows what
 * connections cost a Java broker.
 */
final class JvmHeap {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private JvmHeap() {
    }

    /**
     * Return the used heap after a full collection.
     * @param pid the broker's process id
     * @return KiB, or -1 when the broker is not a JVM or {@code jcmd} cannot reach it
     */
    static long liveKiB(String pid) {
        if (pid == null || !isJvm(pid)) {
            return -1;
        }
        if (jcmd(pid, "GC.run") == null) {
            return -1;
        }
        String info = jcmd(pid, "GC.heap_info");
        if (info == null) {
            return -1;
        }
        Matcher used = USED.matcher(info);
        return used.find() ? Long.parseLong(used.group(1)) : -1;
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
