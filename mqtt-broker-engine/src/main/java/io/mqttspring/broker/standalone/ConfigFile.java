package io.mqttspring.broker.standalone;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mqttspring.broker.config.AnonymousAccess;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.CertificateIdentity;
import io.mqttspring.broker.config.ClientAuth;
import io.mqttspring.broker.config.QueueOverflowPolicy;
import io.mqttspring.broker.config.SharedSubscriptionStrategy;
import io.mqttspring.broker.config.SyncPolicy;
import io.mqttspring.broker.config.StallPolicy;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.security.AclRule;
import io.mqttspring.broker.security.AclRule.Action;
import io.mqttspring.broker.security.AclRule.Permission;
import io.mqttspring.broker.security.AclRule.Subject;
import io.mqttspring.broker.security.MosquittoAclFile;
import io.mqttspring.broker.security.MosquittoPasswordFile;

/**
 * Reads {@code --config FILE}: a properties file with the Spring Boot starter's {@code mqtt.broker.*} keys and values
 * in Spring Boot's formats ({@code 10s}, {@code 1MB}, {@code exactly-once}), so one file serves both. TLS comes from
 * a PEM SSL bundle the same file describes ({@code mqtt.broker.ssl.bundle=NAME} with
 * {@code spring.ssl.bundle.pem.NAME.keystore.certificate}, {@code .keystore.private-key},
 * {@code .keystore.private-key-password} and {@code .truststore.certificate}). Bridges to remote brokers are
 * {@code mqtt.broker.bridges.NAME.*}, as in the starter ({@link BridgeSettings}). An unknown key or a bad value fails,
 * naming the key.
 */
final class ConfigFile {

    private static final String PREFIX = "mqtt.broker.";

    /** The store's directory when persistence is on and no path is given, as in the starter. */
    static final String DEFAULT_DATA_DIRECTORY = "mqtt-data";

    private static final Map<String, BiConsumer<StandaloneBroker.LaunchBuilder, String>> KEYS = new LinkedHashMap<>();

    private static final Pattern ACL = Pattern.compile("mqtt\\.broker\\.security\\.acl\\[(\\d+)]\\.([a-z-]+)");

    private static final Pattern BRIDGE = Pattern.compile("mqtt\\.broker\\.bridges\\.([^.\\[]+)\\.(.+)");

    private static final Pattern PEM_BUNDLE = Pattern.compile("spring\\.ssl\\.bundle\\.pem\\.([^.]+)\\.(.+)");

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ns|us|ms|s|m|h|d)?");

    private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KB|MB|GB|TB)?");

    static {
        config("host", (b, v) -> b.host(v));
        config("port", (b, v) -> b.port(integer(v)));
        config("io-threads", (b, v) -> b.ioThreads(integer(v)));
        config("native-transport", (b, v) -> b.nativeTransport(bool(v)));
        config("connect-timeout", (b, v) -> b.connectTimeout(duration(v)));
        config("sys-interval", (b, v) -> b.sysInterval(duration(v)));
        config("shutdown-timeout", (b, v) -> b.shutdownTimeout(duration(v)));
        config("tcp-enabled", (b, v) -> b.tcpEnabled(bool(v)));
        config("limits.max-packet-size", (b, v) -> b.maxPacketSize(intSize(v)));
        config("limits.max-client-id-length", (b, v) -> b.maxClientIdLength(integer(v)));
        config("limits.max-topic-levels", (b, v) -> b.maxTopicLevels(integer(v)));
        config("limits.receive-maximum", (b, v) -> b.receiveMaximum(integer(v)));
        config("limits.max-inflight-messages", (b, v) -> b.maxInflightMessages(integer(v)));
        config("limits.max-keep-alive", (b, v) -> b.maxKeepAlive(duration(v)));
        config("limits.write-buffer-high-water-mark", (b, v) -> b.writeBufferHighWaterMark(intSize(v)));
        config("limits.write-buffer-low-water-mark", (b, v) -> b.writeBufferLowWaterMark(intSize(v)));
        config("limits.max-connections", (b, v) -> b.maxConnections(integer(v)));
        config("limits.max-connections-per-address", (b, v) -> b.maxConnectionsPerAddress(integer(v)));
        config("limits.connect-rate-per-address", (b, v) -> b.connectRatePerAddress(integer(v)));
        config("limits.max-subscriptions-per-client", (b, v) -> b.maxSubscriptionsPerClient(integer(v)));
        config("limits.max-retained-messages", (b, v) -> b.maxRetainedMessages(integer(v)));
        config("limits.max-retained-bytes", (b, v) -> b.maxRetainedBytes(size(v)));
        config("limits.max-retained-message-size", (b, v) -> b.maxRetainedMessageSize(intSize(v)));
        config("limits.publish-rate-per-client", (b, v) -> b.publishRatePerClient(integer(v)));
        config("limits.bandwidth-per-client", (b, v) -> b.bandwidthPerClient(size(v)));
        config("limits.slow-failed-logins", (b, v) -> b.slowFailedLogins(bool(v)));
        config("persistence.sync-policy", (b, v) -> b.syncPolicy(constant(SyncPolicy.class, v)));
        config("persistence.sync-interval", (b, v) -> b.syncInterval(duration(v)));
        config("cluster.enabled", (b, v) -> b.clusterEnabled(bool(v)));
        config("cluster.name", (b, v) -> b.clusterName(v));
        config("cluster.host", (b, v) -> b.clusterHost(v));
        config("cluster.port", (b, v) -> b.clusterPort(integer(v)));
        config("cluster.members", (b, v) -> b.clusterMembers(Arrays.stream(v.split(",")).map(String::strip)
                .filter((member) -> !member.isEmpty()).toList()));
        config("session.max-expiry", (b, v) -> b.maxSessionExpiry(duration(v)));
        config("session.max-queued-messages", (b, v) -> b.maxQueuedMessages(integer(v)));
        config("session.max-queued-bytes", (b, v) -> b.maxQueuedBytes(size(v)));
        config("session.queue-overflow-policy",
                (b, v) -> b.queueOverflowPolicy(constant(QueueOverflowPolicy.class, v)));
        config("capabilities.maximum-qos", (b, v) -> b.maximumQos(qos(v)));
        config("capabilities.retain-available", (b, v) -> b.retainAvailable(bool(v)));
        config("capabilities.wildcard-subscriptions-available", (b, v) -> b.wildcardSubscriptionsAvailable(bool(v)));
        config("capabilities.subscription-identifiers-available",
                (b, v) -> b.subscriptionIdentifiersAvailable(bool(v)));
        config("capabilities.shared-subscriptions-available", (b, v) -> b.sharedSubscriptionsAvailable(bool(v)));
        config("capabilities.shared-subscription-strategy",
                (b, v) -> b.sharedSubscriptionStrategy(constant(SharedSubscriptionStrategy.class, v)));
        config("capabilities.topic-alias-maximum", (b, v) -> b.topicAliasMaximum(integer(v)));
        config("capabilities.outbound-topic-alias-maximum", (b, v) -> b.outboundTopicAliasMaximum(integer(v)));
        config("capabilities.response-information", (b, v) -> b.responseInformation(v));
        config("capabilities.dollar-topic-publish-allowed", (b, v) -> b.dollarTopicPublishAllowed(bool(v)));
        config("flow-control.stall-timeout", (b, v) -> b.stallTimeout(duration(v)));
        config("flow-control.stall-policy", (b, v) -> b.stallPolicy(constant(StallPolicy.class, v)));
        config("flow-control.unwritable-timeout", (b, v) -> b.unwritableTimeout(duration(v)));
        config("flow-control.memory-budget", (b, v) -> b.memoryBudget(size(v)));
        config("websocket.enabled", (b, v) -> b.webSocketEnabled(bool(v)));
        config("websocket.host", (b, v) -> b.webSocketHost(v));
        config("websocket.port", (b, v) -> b.webSocketPort(integer(v)));
        config("websocket.path", (b, v) -> b.webSocketPath(v));
        config("websocket.allowed-origins", (b, v) -> b.webSocketAllowedOrigins(list(v)));
        config("websocket.ssl.host", (b, v) -> b.secureWebSocketHost(v));
        config("websocket.ssl.port", (b, v) -> b.secureWebSocketPort(integer(v)));
        config("ssl.host", (b, v) -> b.tlsHost(v));
        config("ssl.port", (b, v) -> b.tlsPort(integer(v)));
        launch("ssl.client-auth", (l, v) -> l.clientAuth = constant(ClientAuth.class, v));
        launch("ssl.certificate-identity", (l, v) -> l.identity = constant(CertificateIdentity.class, v));
        launch("ssl.identity-as-username", (l, v) -> l.identityAsUsername = bool(v));
        launch("security.allow-anonymous", (l, v) -> l.config.anonymousAccess(bool(v) ? AnonymousAccess.ALLOWED
                : AnonymousAccess.REFUSED));
        launch("security.password-file", (l, v) -> l.passwordFile = MosquittoPasswordFile.read(Path.of(v)));
        launch("security.acl-file", (l, v) -> l.aclRules = MosquittoAclFile.read(Path.of(v)));
        // the starter's keys that mean nothing here, accepted so one file serves both
        launch("enabled", (l, v) -> bool(v));
        launch("security.spring-security.enabled", (l, v) -> bool(v));
        launch("observation-enabled", (l, v) -> bool(v));
    }

    private ConfigFile() {
    }

    private static void config(String key, BiConsumer<BrokerConfig.Builder, String> apply) {
        KEYS.put(PREFIX + key, (launch, value) -> apply.accept(launch.config, value));
    }

    private static void launch(String key, BiConsumer<StandaloneBroker.LaunchBuilder, String> apply) {
        KEYS.put(PREFIX + key, apply);
    }

    /**
     * Apply a configuration file.
     * @param file the file
     * @param launch what the options build
     * @throws IllegalArgumentException naming the file and the key that is unknown or whose value is wrong
     */
    static void apply(Path file, StandaloneBroker.LaunchBuilder launch) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("cannot read " + file + ": " + ex.getMessage());
        }
        Map<Integer, Map<String, String>> rules = new TreeMap<>();
        Map<String, Map<String, String>> bundles = new LinkedHashMap<>();
        Map<String, BridgeSettings> bridges = new LinkedHashMap<>();
        String tlsBundle = null;
        String webSocketBundle = null;
        boolean persistenceEnabled = false;
        String persistencePath = DEFAULT_DATA_DIRECTORY;
        for (String key : new TreeMap<>(toMap(properties)).keySet()) {
            String value = properties.getProperty(key).strip();
            try {
                Matcher acl = ACL.matcher(key);
                Matcher pem = PEM_BUNDLE.matcher(key);
                Matcher bridge = BRIDGE.matcher(key);
                if (acl.matches()) {
                    rules.computeIfAbsent(Integer.valueOf(acl.group(1)), (index) -> new LinkedHashMap<>())
                        .put(acl.group(2), value);
                }
                else if (bridge.matches()) {
                    bridges.computeIfAbsent(bridge.group(1), BridgeSettings::new).put(bridge.group(2), value);
                }
                else if (pem.matches()) {
                    bundles.computeIfAbsent(pem.group(1), (name) -> new LinkedHashMap<>()).put(pem.group(2), value);
                }
                else if (key.equals(PREFIX + "ssl.bundle")) {
                    tlsBundle = value;
                }
                else if (key.equals(PREFIX + "websocket.ssl.bundle")) {
                    webSocketBundle = value;
                }
                else if (key.equals(PREFIX + "persistence.enabled")) {
                    persistenceEnabled = bool(value);
                }
                else if (key.equals(PREFIX + "persistence.path")) {
                    persistencePath = value;
                }
                else if (key.startsWith(PREFIX + "security.users.")) {
                    throw new IllegalArgumentException("users with encoded passwords need the Spring Boot starter; "
                            + "give the standalone broker a password file (mqtt.broker.security.password-file)");
                }
                else if (KEYS.containsKey(key)) {
                    KEYS.get(key).accept(launch, value);
                }
                else {
                    throw new IllegalArgumentException("unknown key");
                }
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(file + ": " + key + ": " + ex.getMessage());
            }
        }
        for (BridgeSettings bridge : bridges.values()) {
            try {
                launch.bridges.add(bridge.build(bundles));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(file + ": " + ex.getMessage());
            }
        }
        if (!rules.isEmpty()) {
            launch.configuredRules = aclRules(rules, file);
        }
        if (persistenceEnabled) {
            // relative to the working directory, as the starter's default is
            launch.config.persistencePath(Path.of(persistencePath));
        }
        if (tlsBundle != null) {
            pemBundle(file, "mqtt.broker.ssl.bundle", tlsBundle, bundles, launch);
        }
        if (webSocketBundle != null) {
            if (!webSocketBundle.equals(tlsBundle)) {
                throw new IllegalArgumentException(file + ": mqtt.broker.websocket.ssl.bundle: the standalone broker "
                        + "serves wss with the bundle of mqtt.broker.ssl.bundle");
            }
            launch.config.secureWebSocketEnabled(true);
        }
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach((name) -> map.put(name, properties.getProperty(name)));
        return map;
    }

    private static void pemBundle(Path file, String key, String name, Map<String, Map<String, String>> bundles,
            StandaloneBroker.LaunchBuilder launch) {
        Map<String, String> bundle = bundles.get(name);
        if (bundle == null || !bundle.containsKey("keystore.certificate")
                || !bundle.containsKey("keystore.private-key")) {
            throw new IllegalArgumentException(file + ": " + key + ": needs spring.ssl.bundle.pem." + name
                    + ".keystore.certificate and .keystore.private-key in the same file");
        }
        for (String entry : bundle.keySet()) {
            if (!Set.of("keystore.certificate", "keystore.private-key", "keystore.private-key-password",
                    "truststore.certificate").contains(entry)) {
                throw new IllegalArgumentException(file + ": spring.ssl.bundle.pem." + name + "." + entry
                        + ": unknown key");
            }
        }
        launch.tlsCertificate = readable(file, bundle.get("keystore.certificate"));
        launch.tlsKey = readable(file, bundle.get("keystore.private-key"));
        launch.keyPassword = bundle.get("keystore.private-key-password");
        if (bundle.containsKey("truststore.certificate")) {
            launch.tlsCa = readable(file, bundle.get("truststore.certificate"));
        }
    }

    private static Path readable(Path file, String location) {
        Path path = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(file + ": cannot read " + path);
        }
        return path;
    }

    private static List<AclRule> aclRules(Map<Integer, Map<String, String>> rules, Path file) {
        List<AclRule> result = new ArrayList<>();
        rules.forEach((index, fields) -> {
            String key = PREFIX + "security.acl[" + index + "]";
            try {
                String topic = fields.get("topic");
                if (topic == null) {
                    throw new IllegalArgumentException("a rule needs a topic");
                }
                Permission permission = constant(Permission.class, fields.getOrDefault("permission", "allow"));
                Set<Action> actions = EnumSet.noneOf(Action.class);
                for (String action : list(fields.getOrDefault("actions", "publish,subscribe"))) {
                    actions.add(constant(Action.class, action));
                }
                Subject subject = Subject.anyone();
                for (Map.Entry<String, String> field : fields.entrySet()) {
                    subject = switch (field.getKey()) {
                        case "user" -> Subject.user(field.getValue());
                        case "client-id" -> Subject.clientId(field.getValue());
                        case "certificate" -> Subject.certificate(field.getValue());
                        case "topic", "permission", "actions" -> subject;
                        default -> throw new IllegalArgumentException("unknown field " + field.getKey());
                    };
                }
                result.add(new AclRule(permission, actions, subject, topic));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(file + ": " + key + ": " + ex.getMessage());
            }
        });
        return result;
    }

    private static int integer(String value) {
        return Integer.parseInt(value);
    }

    private static boolean bool(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("not true or false: " + value);
        }
        return Boolean.parseBoolean(value);
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    static <E extends Enum<E>> E constant(Class<E> type, String value) {
        return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static QoS qos(String value) {
        return value.matches("[0-2]") ? QoS.of(Integer.parseInt(value)) : constant(QoS.class, value);
    }

    // Spring Boot's simple format: a number and a unit, milliseconds without one; or ISO-8601 (PT10S)
    static Duration duration(String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            return Duration.parse(value);
        }
        Matcher matcher = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration such as 10s or 500ms: " + value);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = (matcher.group(2) != null) ? matcher.group(2) : "ms";
        return switch (unit) {
            case "ns" -> Duration.ofNanos(amount);
            case "us" -> Duration.ofNanos(amount * 1000);
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    // Spring Boot's DataSize: a number and B, KB, MB, GB or TB (powers of 1024), bytes without a unit
    private static long size(String value) {
        Matcher matcher = SIZE.matcher(value.toUpperCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a size such as 64KB or 1MB: " + value);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = (matcher.group(2) != null) ? matcher.group(2) : "B";
        int shift = switch (unit) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            case "TB" -> 40;
            default -> 0;
        };
        return amount << shift;
    }

    private static int intSize(String value) {
        return (int) Math.min(size(value), Integer.MAX_VALUE);
    }

}
