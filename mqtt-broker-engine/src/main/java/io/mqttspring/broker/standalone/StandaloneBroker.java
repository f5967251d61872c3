package io.mqttspring.broker.standalone;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.bridge.MqttBridge;
import io.mqttspring.broker.config.AnonymousAccess;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.CertificateIdentity;
import io.mqttspring.broker.config.ClientAuth;
import io.mqttspring.broker.config.InvalidConfigurationException;
import io.mqttspring.broker.config.QueueOverflowPolicy;
import io.mqttspring.broker.config.SyncPolicy;
import io.mqttspring.broker.config.TlsConfig;
import io.mqttspring.broker.config.TlsCredentials;
import io.mqttspring.broker.core.MqttBrokerException;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.security.AclAuthorizer;
import io.mqttspring.broker.security.AclRule;
import io.mqttspring.broker.security.Authenticator;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.security.MosquittoAclFile;
import io.mqttspring.broker.security.MosquittoPasswordFile;
import io.mqttspring.broker.security.UserDirectoryAuthenticator;

import org.jspecify.annotations.Nullable;

/**
 * Runs the broker from the command line, as one runs {@code mosquitto}:
 * {@code java -jar mqtt-broker-standalone.jar --host 127.0.0.1 --port 1883}. Prints one line once it listens and
 * stops gracefully on SIGTERM or Ctrl-C.
 */
public final class StandaloneBroker {

    static final String NETTY_JFR_PROPERTY = "io.netty.jfr.enabled";

    // the static initialisers below must not touch Netty: main() sets io.netty.jfr.enabled before Netty reads it
    private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

    private static final Map<String, LaunchOption> SECURITY_OPTIONS = new LinkedHashMap<>();

    static {
        option("--host", "ADDRESS", "address to bind (default 0.0.0.0)", (b, v) -> b.host(v));
        option("--port", "PORT", "TCP port, 0 for any free one (default 1883)", (b, v) -> b.port(integer(v)));
        option("--max-packet-size", "BYTES", "largest packet accepted (default 1048576)",
                (b, v) -> b.maxPacketSize(integer(v)));
        option("--max-inflight", "N", "unacknowledged QoS 1/2 messages per client (default 32)",
                (b, v) -> b.maxInflightMessages(integer(v)));
        option("--max-queued", "N", "QoS 1/2 messages queued per session (default 1000)",
                (b, v) -> b.maxQueuedMessages(integer(v)));
        option("--max-queued-bytes", "BYTES", "payload bytes queued per session, 0 for no cap (default 0)",
                (b, v) -> b.maxQueuedBytes(Long.parseLong(v)));
        option("--queue-overflow", "POLICY", "drop-newest or drop-oldest when a queue is full (default drop-newest)",
                (b, v) -> b.queueOverflowPolicy(
                        QueueOverflowPolicy.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'))));
        option("--receive-maximum", "N", "QoS 1/2 publications a client may leave unacknowledged (default 256)",
                (b, v) -> b.receiveMaximum(integer(v)));
        option("--max-session-expiry", "SECONDS",
                "longest session expiry granted, 4294967295 for never (default 604800: 7 days)",
                (b, v) -> b.maxSessionExpiry(Duration.ofSeconds(Long.parseLong(v))));
        option("--max-keep-alive", "SECONDS", "longest keep-alive granted to MQTT 5 clients (default 65535)",
                (b, v) -> b.maxKeepAlive(Duration.ofSeconds(Long.parseLong(v))));
        option("--connect-timeout", "SECONDS", "time allowed between connecting and CONNECT (default 10)",
                (b, v) -> b.connectTimeout(Duration.ofSeconds(Long.parseLong(v))));
        option("--maximum-qos", "QOS", "highest QoS granted, 0 to 2 (default 2)",
                (b, v) -> b.maximumQos(QoS.of(integer(v))));
        option("--topic-alias-maximum", "N", "topic aliases a client may define (default 10)",
                (b, v) -> b.topicAliasMaximum(integer(v)));
        option("--dollar-topic-publish-allowed", "BOOLEAN",
                "whether clients may publish to topics starting with $ (default false)",
                (b, v) -> b.dollarTopicPublishAllowed(bool(v)));
        option("--sys-interval", "SECONDS", "$SYS publication interval, 0 for none (default 10)",
                (b, v) -> b.sysInterval(Duration.ofSeconds(Long.parseLong(v))));
        option("--io-threads", "N", "event-loop threads, 0 for one per processor (default 0)",
                (b, v) -> b.ioThreads(integer(v)));
        option("--max-connections", "N", "open connections in all, 0 for no cap (default 0)",
                (b, v) -> b.maxConnections(integer(v)));
        option("--max-connections-per-address", "N", "open connections per source address (default 0: no cap)",
                (b, v) -> b.maxConnectionsPerAddress(integer(v)));
        option("--connect-rate-per-address", "N", "new connections per second per source address (default 0: no cap)",
                (b, v) -> b.connectRatePerAddress(integer(v)));
        option("--max-subscriptions-per-client", "N", "subscriptions per session (default 0: no cap)",
                (b, v) -> b.maxSubscriptionsPerClient(integer(v)));
        option("--max-retained-messages", "N", "retained messages in all (default 0: no cap)",
                (b, v) -> b.maxRetainedMessages(integer(v)));
        option("--max-retained-bytes", "BYTES", "payload bytes of all retained messages (default 0: no cap)",
                (b, v) -> b.maxRetainedBytes(Long.parseLong(v)));
        option("--max-retained-message-size", "BYTES", "payload bytes of one retained message (default 0: no cap)",
                (b, v) -> b.maxRetainedMessageSize(integer(v)));
        option("--publish-rate-per-client", "N", "PUBLISH packets per second per connection (default 0: no cap)",
                (b, v) -> b.publishRatePerClient(integer(v)));
        option("--bandwidth-per-client", "BYTES", "payload bytes per second per connection (default 0: no cap)",
                (b, v) -> b.bandwidthPerClient(Long.parseLong(v)));
        option("--slow-failed-logins", "BOOLEAN", "answer repeated bad credentials from one address later and later "
                + "(default true)", (b, v) -> b.slowFailedLogins(bool(v)));
        option("--data-dir", "DIR", "keep sessions and retained messages in this directory, so they survive "
                + "restarts and crashes (default: in memory)", (b, v) -> b.persistencePath(Path.of(v)));
        option("--sync-policy", "POLICY", "with --data-dir: sync (acknowledge once on disk, the default) or periodic "
                + "(acknowledge at once, sync every --sync-interval)",
                (b, v) -> b.syncPolicy(SyncPolicy.valueOf(v.toUpperCase(Locale.ROOT))));
        option("--sync-interval", "MILLIS", "how often the periodic policy syncs to disk (default 1000)",
                (b, v) -> b.syncInterval(Duration.ofMillis(Long.parseLong(v))));
        option("--cluster-port", "PORT", "join a cluster of brokers (Hazelcast) with a member on this port",
                (b, v) -> b.clusterEnabled(true).clusterPort(integer(v)));
        option("--cluster-members", "LIST", "the other members, host:port comma-separated (multicast stays off)",
                (b, v) -> b.clusterEnabled(true).clusterMembers(List.of(v.split(","))));
        option("--cluster-host", "ADDRESS", "the address the cluster member binds and announces",
                (b, v) -> b.clusterHost(v));
        option("--cluster-name", "NAME", "only members with the same name join each other (default mqtt)",
                (b, v) -> b.clusterName(v));
        option("--ws-port", "PORT", "run MQTT over WebSocket on this port", (b, v) -> b.webSocketEnabled(true)
            .webSocketPort(integer(v)));
        option("--ws-path", "PATH", "HTTP path of the WebSocket listeners (default /mqtt)",
                (b, v) -> b.webSocketPath(v));
        option("--ws-allowed-origins", "LIST", "browser origins allowed besides the listener's own, comma-separated, "
                + "* for any (default none)", (b, v) -> b.webSocketAllowedOrigins(List.of(v.split(","))));
        security("--config", "FILE", "a properties file with the Spring Boot starter's mqtt.broker.* keys, bridges "
                + "(mqtt.broker.bridges.NAME.*) included; options given after it override it", (l, v) -> ConfigFile.apply(Path.of(v), l));
        security("--allow-anonymous", "BOOLEAN", "true: clients without credentials connect from anywhere; "
                + "false: from nowhere (default: from loopback only)", (l, v) -> l.config.anonymousAccess(
                        bool(v) ? AnonymousAccess.ALLOWED : AnonymousAccess.REFUSED));
        security("--password-file", "FILE", "users, as mosquitto_passwd or the passwd command writes them",
                (l, v) -> l.passwordFile = MosquittoPasswordFile.read(Path.of(v)));
        security("--acl-file", "FILE", "access rules in Mosquitto's acl_file syntax",
                (l, v) -> l.aclRules = MosquittoAclFile.read(Path.of(v)));
        security("--tls-port", "PORT", "MQTT over TLS port (default 8883; TLS runs when --tls-cert is given)",
                (l, v) -> {
                    l.config.tlsPort(integer(v));
                    l.tlsPortGiven = true;
                });
        security("--tls-cert", "PEM", "server certificate chain", (l, v) -> l.tlsCertificate = readable(v));
        security("--tls-key", "PEM", "server private key (PKCS#8)", (l, v) -> l.tlsKey = readable(v));
        security("--tls-ca", "PEM", "authorities that sign client certificates", (l, v) -> l.tlsCa = readable(v));
        security("--tls-client-auth", "MODE", "none, optional or required client certificates (default none)",
                (l, v) -> l.clientAuth = ClientAuth.valueOf(v.toUpperCase(Locale.ROOT)));
        security("--use-identity-as-username", "BOOLEAN",
                "a verified client certificate's CN is the user name and authenticates (default false)",
                (l, v) -> l.identityAsUsername = bool(v));
        security("--exit-after-start", "BOOLEAN", "start, print the listening line, serve one connection of its own "
                + "and stop: a training run for a class-data sharing archive (-XX:ArchiveClassesAtExit=FILE, then "
                + "-XX:SharedArchiveFile=FILE on every start)", (l, v) -> l.exitAfterStart = bool(v));
        security("--wss-port", "PORT", "run MQTT over secure WebSocket on this port, with the TLS options",
                (l, v) -> l.config.secureWebSocketEnabled(true).secureWebSocketPort(integer(v)));
    }

    private StandaloneBroker() {
    }

    /**
     * Turn Netty's JFR events for buffers off unless the command line sets {@code io.netty.jfr.enabled}: where JFR
     * is available Netty registers them on the first buffer it allocates, which cost the first client of this
     * process about 110 ms and 2 MB (see mqtt-broker-bench/OPTIMISATIONS.md). A recording that wants them runs
     * the jar with {@code -Dio.netty.jfr.enabled=true}. Called before any Netty class reads it.
     * @param properties the system properties
     */
    static void nettyJfrOffUnlessAsked(Properties properties) {
        properties.putIfAbsent(NETTY_JFR_PROPERTY, "false");
    }

    public static void main(String[] args) throws InterruptedException {
        nettyJfrOffUnlessAsked(System.getProperties());
        if (args.length > 0 && args[0].equals("passwd")) {
            System.exit(PasswordCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        Launch launch;
        try {
            launch = launch(args);
        }
        catch (HelpRequested ex) {
            usage(System.out);
            return;
        }
        catch (IllegalArgumentException ex) {
            System.err.println("mqtt-broker: " + ex.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        MqttBroker broker = launch.newBroker();
        try {
            broker.start();
        }
        catch (MqttBrokerException ex) {
            System.err.println("mqtt-broker: " + ex.getMessage());
            System.exit(1);
            return;
        }
        // started once the broker listens, stopped before it: what they carry out waits in their sessions meanwhile
        List<MqttBridge> bridges = new ArrayList<>();
        try {
            launch.bridges().forEach((bridge) -> bridges.add(bridge.start(broker)));
        }
        catch (RuntimeException ex) {
            bridges.forEach(MqttBridge::stop);
            broker.stop();
            System.err.println("mqtt-broker: a bridge did not start: " + ex.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bridges.forEach(MqttBridge::stop);
            broker.stop();
            stopped.countDown();
        }, "mqtt-shutdown"));
        // the one line scripts wait for; the launcher's console is its user interface
        MqttBroker.ListenerInfo first = broker.listeners().get(0);
        System.out.println("mqtt-broker listening on " + first.uri().substring(first.uri().indexOf("://") + 3));
        System.out.flush();
        if (launch.exitAfterStart()) {
            TrainingConnection.run(broker);
            System.exit(0);
        }
        stopped.await();
    }

    static BrokerConfig parse(String[] args) {
        return launch(args).config();
    }

    static Launch launch(String[] args) {
        LaunchBuilder launch = new LaunchBuilder();
        BrokerConfig.Builder builder = launch.config;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new HelpRequested();
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            Option option = OPTIONS.get(name);
            LaunchOption securityOption = SECURITY_OPTIONS.get(name);
            if (option == null && securityOption == null) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            try {
                if (option != null) {
                    option.apply().accept(builder, value);
                }
                else {
                    securityOption.apply().accept(launch, value);
                }
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException(name + ": not a number: " + value);
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(name + ": " + ex.getMessage());
            }
        }
        try {
            return launch.build();
        }
        catch (MqttBrokerException ex) {
            throw new IllegalArgumentException(ex.getMessage());
        }
    }

    private static void usage(PrintStream out) {
        out.println("Usage: java -jar mqtt-broker-standalone.jar [OPTION VALUE]...");
        out.println("An MQTT 3.1, 3.1.1 and 5.0 broker. Options:");
        for (Map.Entry<String, Option> entry : OPTIONS.entrySet()) {
            out.printf("  %-34s %s%n", entry.getKey() + " " + entry.getValue().argument(),
                    entry.getValue().description());
        }
        for (Map.Entry<String, LaunchOption> entry : SECURITY_OPTIONS.entrySet()) {
            out.printf("  %-34s %s%n", entry.getKey() + " " + entry.getValue().argument(),
                    entry.getValue().description());
        }
        out.printf("  %-34s %s%n", "--help", "show this help");
        out.println("Or: java -jar mqtt-broker-standalone.jar passwd [-b] FILE USER [PASSWORD]");
        out.println("  adds or replaces USER in a Mosquitto password file (PBKDF2-SHA512); -b takes the password");
        out.println("  from the command line, otherwise it is read from the console");
    }

    private static void option(String name, String argument, String description,
            BiConsumer<BrokerConfig.Builder, String> apply) {
        OPTIONS.put(name, new Option(argument, description, apply));
    }

    private static void security(String name, String argument, String description,
            BiConsumer<LaunchBuilder, String> apply) {
        SECURITY_OPTIONS.put(name, new LaunchOption(argument, description, apply));
    }

    private static Path readable(String value) {
        Path path = Path.of(value);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("cannot read " + path);
        }
        return path;
    }

    private static int integer(String value) {
        return Integer.parseInt(value);
    }

    private static boolean bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("not true or false: " + value);
        }
        return Boolean.parseBoolean(value);
    }

    private record Option(String argument, String description, BiConsumer<BrokerConfig.Builder, String> apply) {
    }

    private record LaunchOption(String argument, String description, BiConsumer<LaunchBuilder, String> apply) {
    }

    /**
     * What the options ask for: the configuration, and the users and rules the broker is built with.
     *
     * @param config the configuration
     * @param authenticator checks users, or allows all when no password file was given
     * @param authorizer applies the ACL rules, or allows all when no ACL file was given
     * @param bridges the bridges to remote brokers the configuration file describes
     * @param exitAfterStart whether to stop once started and tried: a class-data sharing training run
     */
    record Launch(BrokerConfig config, Authenticator authenticator, Authorizer authorizer,
            List<BridgeSettings.Bridge> bridges, boolean exitAfterStart) {

        MqttBroker newBroker() {
            return MqttBroker.builder().config(this.config).authenticator(this.authenticator)
                .authorizer(this.authorizer).build();
        }

    }

    static final class LaunchBuilder {

        final BrokerConfig.Builder config = BrokerConfig.builder();

        final List<BridgeSettings.Bridge> bridges = new ArrayList<>();

        @Nullable MosquittoPasswordFile passwordFile;

        @Nullable List<AclRule> aclRules;

        @Nullable List<AclRule> configuredRules;

        @Nullable String keyPassword;

        CertificateIdentity identity = CertificateIdentity.SUBJECT_CN;

        boolean secureWebSocket;

        @Nullable Path tlsCertificate;

        @Nullable Path tlsKey;

        @Nullable Path tlsCa;

        ClientAuth clientAuth = ClientAuth.NONE;

        boolean identityAsUsername;

        boolean tlsPortGiven;

        boolean exitAfterStart;

        Launch build() {
            if (this.tlsPortGiven && this.tlsCertificate == null) {
                throw new IllegalArgumentException("--tls-port needs --tls-cert and --tls-key");
            }
            if ((this.tlsCertificate == null) != (this.tlsKey == null)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
            if (this.tlsCertificate != null) {
                if (this.clientAuth != ClientAuth.NONE && this.tlsCa == null) {
                    throw new IllegalArgumentException("--tls-client-auth " + this.clientAuth.name()
                        .toLowerCase(Locale.ROOT) + " needs --tls-ca");
                }
                this.config.tls(TlsConfig.of(TlsCredentials.pem(this.tlsCertificate, this.tlsKey, this.keyPassword,
                        this.tlsCa)).withClientAuth(this.clientAuth).withIdentity(this.identity,
                                this.identityAsUsername));
            }
            BrokerConfig built;
            try {
                built = this.config.build();
            }
            catch (InvalidConfigurationException ex) {
                if (ex.getSetting().equals("secureWebSocketEnabled")) {
                    throw new IllegalArgumentException("--wss-port needs --tls-cert and --tls-key");
                }
                throw ex;
            }
            Authenticator authenticator = (this.passwordFile != null)
                    ? new UserDirectoryAuthenticator(List.of(this.passwordFile)) : Authenticator.ALLOW_ALL;
            List<AclRule> rules = new ArrayList<>();
            if (this.configuredRules != null) {
                rules.addAll(this.configuredRules);
            }
            if (this.aclRules != null) {
                rules.addAll(this.aclRules);
            }
            boolean anyRules = this.configuredRules != null || this.aclRules != null;
            Authorizer authorizer = anyRules ? new AclAuthorizer(rules) : Authorizer.ALLOW_ALL;
            return new Launch(built, authenticator, authorizer, List.copyOf(this.bridges), this.exitAfterStart);
        }

    }

    private static final class HelpRequested extends RuntimeException {

        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super(null, null, false, false);
        }

    }

}
