package io.mqttspring.broker.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the shaded standalone jar as separate processes for integration tests: launches, reads the port it prints,
 * and kills whatever is left at the end.
 */
final class StandaloneProcesses implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("mqtt-broker listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Path jar;

    private final Path logs;

    private final List<Process> processes = new ArrayList<>();

    private StandaloneProcesses(Path jar, Path logs) {
        this.jar = jar;
        this.logs = logs;
    }

    /**
     * Find the jar failsafe names in {@code standalone.jar}; skip the test when there is none (a surefire run).
     */
    static StandaloneProcesses find(Path logs) {
        String path = System.getProperty("standalone.jar");
        assumeTrue(path != null && !path.isBlank(), "system property standalone.jar is not set");
        return new StandaloneProcesses(Path.of(path), logs);
    }

    /**
     * Launch a broker on 127.0.0.1 and a free port with more options, and wait for it to listen.
     * @return the MQTT port it listens on
     */
    int launch(String... options) throws Exception {
        Files.createDirectories(javaTemp());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djava.io.tmpdir=" + javaTemp(), "-jar", this.jar.toString(), "--host", "127.0.0.1",
                "--port", "0"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command)
                .redirectError(this.logs.resolve("stderr-" + this.processes.size() + ".txt").toFile()).start();
        this.processes.add(process);
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            }
            catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }).get(60, TimeUnit.SECONDS);
        Matcher matcher = LISTENING.matcher(String.valueOf(line));
        assertThat(matcher.matches()).as("first line: %s", line).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    /**
     * Return the temporary directory ({@code java.io.tmpdir}) the launched brokers share, so a test can see what
     * they leave there.
     */
    Path javaTemp() {
        return this.logs.resolve("java-tmp");
    }

    /**
     * Return the process launched last.
     */
    Process last() {
        return this.processes.get(this.processes.size() - 1);
    }

    @Override
    public void close() {
        this.processes.forEach(Process::destroyForcibly);
    }

}
