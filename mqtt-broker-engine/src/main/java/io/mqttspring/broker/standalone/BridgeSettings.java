package io.mqttspring.broker.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.TrustManagerFactory;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.bridge.BridgeTopic;
import io.mqttspring.broker.bridge.ConnectOptions;
import io.mqttspring.broker.bridge.MqttBridge;
import io.mqttspring.broker.bridge.RemoteClients;
import io.mqttspring.broker.config.InvalidConfigurationException;
import io.mqttspring.broker.message.QoS;

import org.jspecify.annotations.Nullable;

/**
 * One bridge of a configuration file, {@code mqtt.broker.bridges.NAME.*} with the starter's keys and defaults: the
 * remote broker ({@code url}, {@code client-id}, {@code username}, {@code password}, {@code clean-start},
 * {@code session-expiry}, {@code keep-alive}, {@code connect-timeout}, {@code reconnect.initial-delay},
 * {@code reconnect.max-delay}, {@code ssl.bundle} naming a PEM bundle whose trust store is used) and the topics it
 * carries ({@code topics[i].filter}, {@code .direction}, {@code .qos}, {@code .local-prefix},
 * {@code .remote-prefix}).
 */
final class BridgeSettings {

    private static final Pattern TOPIC = Pattern.compile("topics\\[(\\d+)]\\.([a-z-]+)");

    private static final Set<String> KEYS = Set.of("url", "client-id", "username", "password", "clean-start",
            "session-expiry", "keep-alive", "connect-timeout", "reconnect.initial-delay", "reconnect.max-delay",
            "ssl.bundle");

    private static final Set<String> TOPIC_KEYS = Set.of("filter", "direction", "qos", "local-prefix",
            "remote-prefix");

    private final String name;

    private final Map<String, String> values = new TreeMap<>();

    private final Map<Integer, Map<String, String>> topics = new TreeMap<>();

    BridgeSettings(String name) {
        this.name = name;
    }

    void put(String key, String value) {
        Matcher topic = TOPIC.matcher(key);
        if (topic.matches() && TOPIC_KEYS.contains(topic.group(2))) {
            this.topics.computeIfAbsent(Integer.valueOf(topic.group(1)), (index) -> new TreeMap<>())
                .put(topic.group(2), value);
        }
        else if (KEYS.contains(key)) {
            this.values.put(key, value);
        }
        else {
            throw new IllegalArgumentException("unknown key");
        }
    }

    /**
     * Check the settings and make the bridge's client, not connected yet.
     * @param pemBundles the file's PEM bundles by name, their keys without prefix
     * @return the bridge, to start once the broker runs
     * @throws IllegalArgumentException naming the key that is missing or wrong
     */
    Bridge build(Map<String, Map<String, String>> pemBundles) {
        String prefix = "mqtt.broker.bridges." + this.name + ".";
        List<BridgeTopic> carried = new ArrayList<>();
        if (this.topics.isEmpty()) {
            throw new IllegalArgumentException(prefix + "topics: a bridge carries at least one topic filter");
        }
        this.topics.forEach((index, fields) -> {
            String key = prefix + "topics[" + index + "]";
            try {
                carried.add(topic(fields));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(key + ": " + ex.getMessage());
            }
        });
        String url = this.values.get("url");
        Mqtt5AsyncClient client;
        ConnectOptions options;
        try {
            MqttClientSslConfig ssl = this.values.containsKey("ssl.bundle")
                    ? trust(prefix + "ssl.bundle", this.values.get("ssl.bundle"), pemBundles) : null;
            client = RemoteClients.builder(url, this.values.getOrDefault("client-id", this.name),
                    duration("reconnect.initial-delay", Duration.ofSeconds(1)),
                    duration("reconnect.max-delay", Duration.ofSeconds(30)), ssl).buildAsync();
            String cleanStart = this.values.get("clean-start");
            if (cleanStart != null && !cleanStart.equalsIgnoreCase("true") && !cleanStart.equalsIgnoreCase("false")) {
                throw new InvalidConfigurationException("clean-start", cleanStart, "is true or false");
            }
            // ConnectOptions checks the intervals' ranges, for the starter's bridges and client mode too
            options = new ConnectOptions(!"false".equalsIgnoreCase(cleanStart),
                    duration("session-expiry", Duration.ZERO), duration("keep-alive", Duration.ofSeconds(60)),
                    duration("connect-timeout", Duration.ofSeconds(10)), this.values.get("username"),
                    this.values.get("password"));
        }
        catch (InvalidConfigurationException ex) {
            throw new IllegalArgumentException(prefix + ex.getSetting() + ": " + ex.getMessage());
        }
        return new Bridge(this.name, url, client, carried, options);
    }

    private BridgeTopic topic(Map<String, String> fields) {
        String filter = fields.get("filter");
        if (filter == null || filter.isBlank()) {
            throw new IllegalArgumentException("give the topic filter to carry (filter)");
        }
        String localPrefix = fields.getOrDefault("local-prefix", "");
        String remotePrefix = fields.getOrDefault("remote-prefix", "");
        // the client's own check of MQTT's filter rules
        MqttTopicFilter.of(localPrefix + filter);
        MqttTopicFilter.of(remotePrefix + filter);
        BridgeTopic.Direction direction = ConfigFile.constant(BridgeTopic.Direction.class,
                fields.getOrDefault("direction", "out"));
        QoS qos = ConfigFile.qos(fields.getOrDefault("qos", "1"));
        return new BridgeTopic(filter, direction, qos, localPrefix, remotePrefix);
    }

    private Duration duration(String key, Duration fallback) {
        String value = this.values.get(key);
        try {
            return (value != null) ? ConfigFile.duration(value) : fallback;
        }
        catch (RuntimeException ex) {
            throw new InvalidConfigurationException(key, value, "is not a duration such as 10s or 500ms");
        }
    }

    /** The PEM bundle's trust store: the authorities that sign the remote broker's certificate. */
    private static MqttClientSslConfig trust(String key, String bundleName,
            Map<String, Map<String, String>> pemBundles) {
        Map<String, String> bundle = pemBundles.get(bundleName);
        if (bundle == null || !bundle.containsKey("truststore.certificate")) {
            throw new IllegalArgumentException(key + ": needs spring.ssl.bundle.pem." + bundleName
                    + ".truststore.certificate in the same file");
        }
        String location = bundle.get("truststore.certificate");
        Path path = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return MqttClientSslConfig.builder().trustManagerFactory(trust).build();
        }
        catch (IOException | GeneralSecurityException ex) {
            throw new IllegalArgumentException(key + ": cannot read the certificates in " + path + ": "
                    + ex.getMessage());
        }
    }

    /**
     * A bridge ready to start.
     *
     * @param name its name
     * @param url the remote broker
     * @param client the client, not connected
     * @param topics what it carries
     * @param options how it connects
     */
    record Bridge(String name, @Nullable String url, Mqtt5AsyncClient client, List<BridgeTopic> topics,
            ConnectOptions options) {

        MqttBridge start(MqttBroker broker) {
            MqttBridge bridge = new MqttBridge(this.name, broker, this.client, this.topics, this.options);
            bridge.start();
            return bridge;
        }

    }

}
