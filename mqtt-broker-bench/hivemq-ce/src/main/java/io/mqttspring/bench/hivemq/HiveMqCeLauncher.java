package io.mqttspring.bench.hivemq;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

/**
 * Runs HiveMQ CE embedded for the peer comparison:
 * {@code java -cp 'target/classes:target/lib/*' io.mqttspring.bench.hivemq.HiveMqCeLauncher --host 127.0.0.1
 * --port 1883}.
 * <p>
 * Writes a throw-away HiveMQ home (configuration, data and extensions folders) in a temporary directory: one TCP
 * listener, in-memory persistence, anonymous usage statistics off, logging to stderr. An embedded extension allows
 * every client, as the allow-all extension of the HiveMQ CE distribution does; without an authenticator HiveMQ CE
 * refuses every connection. Prints one line on stdout once it listens and stops gracefully on SIGTERM.
 * <p>
 * With {@code --startup-only} it prints one JSON line with the time from building the embedded broker until
 * {@code start().join()} returns, stops and exits: the same figure the bench jar's {@code startup} command measures
 * for our broker.
 */
public final class HiveMqCeLauncher {

    private static final long STOP_TIMEOUT_SECONDS = 60;

    private HiveMqCeLauncher() {
    }

    private static final String LOGBACK_RESOURCE = "/bench-logback.xml";

    public static void main(String[] args) throws Exception {
        // before anything logs: HiveMQ's jar carries a logback.xml that logs to stdout
        System.setProperty("logback.configurationFile",
                Objects.requireNonNull(HiveMqCeLauncher.class.getResource(LOGBACK_RESOURCE), LOGBACK_RESOURCE)
                        .toString());
        Options options;
        try {
            options = Options.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println("hivemq-ce-launcher: " + ex.getMessage());
            System.err.println("usage: HiveMqCeLauncher --host ADDRESS --port PORT [--startup-only [--round N]] "
                    + "[--tls-keystore JKS [--tls-password PASSWORD]] [--file-persistence] [--max-queue-size N]");
            System.exit(2);
            return;
        }
        Path home = Files.createTempDirectory("hivemq-ce-bench-");
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path data = Files.createDirectories(home.resolve("data"));
        Path extensions = Files.createDirectories(home.resolve("extensions"));
        String config = (options.keystore() != null) ? tlsConfigXml(options.host(), options.port(), options.keystore(),
                options.password()) : configXml(options.host(), options.port());
        if (options.filePersistence()) {
            // HiveMQ CE's own default: sessions, queues and retained messages on disk in the data folder
            config = config.replace("<mode>in-memory</mode>", "<mode>file</mode>");
        }
        if (options.maxQueueSize() > 0) {
            config = config.replace("</hivemq>", "    <mqtt><queued-messages><max-queue-size>" + options.maxQueueSize()
                    + "</max-queue-size></queued-messages></mqtt>\n</hivemq>");
        }
        Files.writeString(conf.resolve("config.xml"), config, StandardCharsets.UTF_8);
        try (InputStream logback = HiveMqCeLauncher.class.getResourceAsStream(LOGBACK_RESOURCE)) {
            Files.copy(Objects.requireNonNull(logback, LOGBACK_RESOURCE), conf.resolve("logback.xml"));
        }

        long begin = System.nanoTime();
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(extensions)
                .withEmbeddedExtension(allowAllExtension())
                .build();
        try {
            hivemq.start().join();
        }
        catch (CompletionException ex) {
            Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
            if (options.startupOnly()) {
                System.out.println(startupJson(options.round(), -1, cause.toString()));
            }
            System.err.println("hivemq-ce-launcher: could not start on " + options.host() + ":" + options.port()
                    + ": " + cause + " (HiveMQ's log above says why)");
            deleteRecursively(home);
            System.exit(1);
            return;
        }
        long startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);

        if (options.startupOnly()) {
            System.out.println(startupJson(options.round(), startupMillis, null));
            System.out.flush();
            stop(hivemq, home);
            // HiveMQ leaves non-daemon threads behind after stop(); this mode is done once the line is out
            System.exit(0);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(hivemq, home);
            stopped.countDown();
        }, "hivemq-ce-launcher-shutdown"));
        // the one line run-comparison.sh waits for
        System.out.println("HiveMQ CE listening on " + options.host() + ":" + options.port() + " (started in "
                + startupMillis + " ms)");
        System.out.flush();
        stopped.await();
    }

    private static void stop(EmbeddedHiveMQ hivemq, Path home) {
        try {
            hivemq.stop().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            System.err.println("hivemq-ce-launcher: interrupted while stopping");
        }
        catch (Exception ex) {
            System.err.println("hivemq-ce-launcher: stop failed: " + ex);
        }
        try {
            deleteRecursively(home);
        }
        catch (UncheckedIOException ex) {
            System.err.println("hivemq-ce-launcher: could not delete " + home + ": " + ex.getCause());
        }
    }

    private static EmbeddedExtension allowAllExtension() {
        return EmbeddedExtension.builder()
                .withId("mqtt-spring-bench-allow-all")
                .withName("Allow every client (benchmark)")
                .withVersion("1")
                .withAuthor("mqtt-spring")
                .withPriority(0)
                .withStartPriority(1000)
                .withExtensionMain(new AllowAll())
                .build();
    }

    static String configXml(String host, int port) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, xmlText(host));
    }

    /** The same, with a TLS listener instead of the TCP one: the keystore (JKS) holds the server's key. */
    static String tlsConfigXml(String host, int port, String keystore, String password) {
        String tls = "<tls-tcp-listener><tls><keystore><path>" + xmlText(keystore) + "</path><password>"
                + xmlText(password) + "</password><private-key-password>" + xmlText(password)
                + "</private-key-password></keystore></tls>";
        return configXml(host, port).replace("<tcp-listener>", tls).replace("</tcp-listener>", "</tls-tcp-listener>");
    }

    static String startupJson(int round, long startupMillis, String failure) {
        if (failure == null) {
            return "{\"broker\":\"hivemq\",\"round\":" + round + ",\"scenario\":\"startup\",\"startupMillis\":"
                    + startupMillis + ",\"ok\":true}";
        }
        return "{\"broker\":\"hivemq\",\"round\":" + round + ",\"scenario\":\"startup\",\"startupMillis\":null,"
                + "\"ok\":false,\"failure\":\"" + jsonText(failure) + "\"}";
    }

    private static String xmlText(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String jsonText(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                }
                catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Accepts every client; with no authorizer HiveMQ then allows every publish and subscription. */
    private static final class AllowAll implements ExtensionMain {

        private static final SimpleAuthenticator AUTHENTICATOR = (input, output) -> output.authenticateSuccessfully();

        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> AUTHENTICATOR);
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
            // nothing to release: HiveMQ drops the provider with the extension
        }

    }

    private record Options(String host, int port, boolean startupOnly, int round, String keystore, String password,
            boolean filePersistence, int maxQueueSize) {

        static Options parse(String[] args) {
            String host = null;
            Integer port = null;
            boolean startupOnly = false;
            int round = 1;
            String keystore = null;
            String password = "changeit";
            boolean filePersistence = false;
            int maxQueueSize = 0;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--host" -> host = value(args, ++i, "--host");
                    case "--port" -> port = number(value(args, ++i, "--port"), "--port");
                    case "--round" -> round = number(value(args, ++i, "--round"), "--round");
                    case "--startup-only" -> startupOnly = true;
                    case "--tls-keystore" -> keystore = value(args, ++i, "--tls-keystore");
                    case "--tls-password" -> password = value(args, ++i, "--tls-password");
                    case "--file-persistence" -> filePersistence = true;
                    case "--max-queue-size" -> maxQueueSize = number(value(args, ++i, "--max-queue-size"),
                            "--max-queue-size");
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (host == null || port == null) {
                throw new IllegalArgumentException("--host and --port are required");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--port must be 1 to 65535: " + port);
            }
            return new Options(host, port, startupOnly, round, keystore, password, filePersistence, maxQueueSize);
        }

        private static String value(String[] args, int index, String name) {
            if (index >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return args[index];
        }

        private static int number(String value, String name) {
            try {
                return Integer.parseInt(value);
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException(name + ": not a number: " + value);
            }
        }

    }

}
