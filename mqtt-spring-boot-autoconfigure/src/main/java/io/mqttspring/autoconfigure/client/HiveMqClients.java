package io.mqttspring.autoconfigure.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.mqttspring.client.ConnectOptions;
import io.mqttspring.client.HiveMqClientConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds HiveMQ MQTT Clients from properties: client mode's ({@code mqtt.client.*}) and the bridges'. Loaded only when
 * the client is on the class path.
 */
public final class HiveMqClients {

    private HiveMqClients() {
    }

    static HiveMqClientConnection connection(MqttClientProperties properties, MqttConnectionDetails details,
            @Nullable SslBundles sslBundles) {
        String url = details.getUrl();
        Mqtt5ClientBuilder builder = builder("mqtt.client", url, properties.getClientId(),
                properties.getReconnect().getInitialDelay(), properties.getReconnect().getMaxDelay(),
                properties.getSsl().getBundle(), sslBundles);
        ConnectOptions options = new ConnectOptions(properties.isCleanStart(), properties.getSessionExpiry(),
                properties.getKeepAlive(), properties.getConnectTimeout(), details.getUsername(),
                details.getPassword());
        return new HiveMqClientConnection(builder.buildAsync(), url, options);
    }

    /**
     * Return how to connect, from a remote broker's properties.
     * @param properties the properties
     * @return the options
     */
    public static ConnectOptions options(RemoteBrokerProperties properties) {
        return new ConnectOptions(properties.isCleanStart(), properties.getSessionExpiry(), properties.getKeepAlive(),
                properties.getConnectTimeout(), properties.getUsername(), properties.getPassword());
    }

    /**
     * Start a client builder for a URL, with automatic reconnection and TLS from an SSL bundle.
     * @param prefix the properties' prefix, named in errors
     * @param url the broker's URL
     * @param clientId the client identifier, or {@code null} for one the broker assigns
     * @param initialDelay the first reconnection delay
     * @param maxDelay the longest reconnection delay
     * @param sslBundle the SSL bundle's name, or {@code null} for the JVM's default trust
     * @param sslBundles the application's SSL bundles
     * @return the builder
     */
    public static Mqtt5ClientBuilder builder(String prefix, @Nullable String url, @Nullable String clientId,
            Duration initialDelay, Duration maxDelay, @Nullable String sslBundle, @Nullable SslBundles sslBundles) {
        URI uri = parse(prefix + ".url", url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("ssl") || scheme.equals("mqtts") || scheme.equals("wss");
        boolean webSocket = scheme.equals("ws") || scheme.equals("wss");
        if (!tls && !webSocket && !scheme.equals("tcp") && !scheme.equals("mqtt")) {
            throw new InvalidConfigurationPropertyValueException(prefix + ".url", url,
                    "Use tcp://, ssl://, ws:// or wss://");
        }
        int port = (uri.getPort() != -1) ? uri.getPort() : defaultPort(tls, webSocket);
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().serverHost(uri.getHost())
                .serverPort(port).automaticReconnect()
                .initialDelay(initialDelay.toMillis(), TimeUnit.MILLISECONDS)
                .maxDelay(maxDelay.toMillis(), TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect()
                // a broker that lost the session (restarted without persistence) still gets what was unacknowledged
                .addDisconnectedListener((context) -> context.getReconnector().republishIfSessionExpired(true));
        if (clientId != null) {
            builder = builder.identifier(clientId);
        }
        if (tls) {
            builder = builder.sslConfig(sslConfig(prefix + ".ssl.bundle", sslBundle, sslBundles));
        }
        if (webSocket) {
            String path = (uri.getPath() == null || uri.getPath().isEmpty()) ? "mqtt" : uri.getPath().substring(1);
            builder = builder.webSocketConfig().serverPath(path).applyWebSocketConfig();
        }
        return builder;
    }

    private static URI parse(String property, @Nullable String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new InvalidConfigurationPropertyValueException(property, url,
                        "Give a scheme and a host, e.g. tcp://broker.example.com:1883");
            }
            return uri;
        }
        catch (URISyntaxException | NullPointerException ex) {
            throw new InvalidConfigurationPropertyValueException(property, url, "Not a URL: " + ex.getMessage());
        }
    }

    private static int defaultPort(boolean tls, boolean webSocket) {
        if (webSocket) {
            return tls ? 443 : 80;
        }
        return tls ? 8883 : 1883;
    }

    private static MqttClientSslConfig sslConfig(String property, @Nullable String name,
            @Nullable SslBundles sslBundles) {
        if (name == null) {
            return MqttClientSslConfig.builder().build();
        }
        if (sslBundles == null) {
            throw new InvalidConfigurationPropertyValueException(property, name,
                    "No SSL bundles are configured (spring.ssl.bundle.*)");
        }
        SslBundle bundle = sslBundles.getBundle(name);
        return MqttClientSslConfig.builder().trustManagerFactory(bundle.getManagers().getTrustManagerFactory())
                .keyManagerFactory(bundle.getManagers().getKeyManagerFactory()).build();
    }

}
