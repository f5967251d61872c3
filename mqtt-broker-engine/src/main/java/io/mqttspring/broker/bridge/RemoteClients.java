package io.mqttspring.broker.bridge;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.mqttspring.broker.config.InvalidConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Builds HiveMQ MQTT Clients for a broker's URL ({@code tcp://}, {@code ssl://}, {@code ws://}, {@code wss://}) that
 * reconnect with back-off: the bridges' and the Spring Boot starter's client mode.
 */
public final class RemoteClients {

    private RemoteClients() {
    }

    /**
     * Start a client builder for a URL, with automatic reconnection.
     * @param url the broker's URL
     * @param clientId the client identifier, or {@code null} for one the broker assigns
     * @param initialDelay the first reconnection delay; it doubles with each failed attempt
     * @param maxDelay the longest reconnection delay
     * @param ssl TLS for {@code ssl://} and {@code wss://}, or {@code null} for the JVM's default trust
     * @return the builder
     * @throws InvalidConfigurationException for setting {@code url} when the URL is not one of those
     */
    public static Mqtt5ClientBuilder builder(@Nullable String url, @Nullable String clientId, Duration initialDelay,
            Duration maxDelay, @Nullable MqttClientSslConfig ssl) {
        return transport(url, clientId, initialDelay, maxDelay, ssl).useMqttVersion5();
    }

    /**
     * Start a client builder for a URL, with automatic reconnection, before choosing the MQTT version.
     * @param url the broker's URL
     * @param clientId the client identifier, or {@code null} for one the broker assigns
     * @param initialDelay the first reconnection delay; it doubles with each failed attempt
     * @param maxDelay the longest reconnection delay
     * @param ssl TLS for {@code ssl://} and {@code wss://}, or {@code null} for the JVM's default trust
     * @return the builder
     * @throws InvalidConfigurationException for setting {@code url} when the URL is not one of those
     */
    public static MqttClientBuilder transport(@Nullable String url, @Nullable String clientId, Duration initialDelay,
            Duration maxDelay, @Nullable MqttClientSslConfig ssl) {
        URI uri = parse(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("ssl") || scheme.equals("mqtts") || scheme.equals("wss");
        boolean webSocket = scheme.equals("ws") || scheme.equals("wss");
        if (!tls && !webSocket && !scheme.equals("tcp") && !scheme.equals("mqtt")) {
            throw new InvalidConfigurationException("url", url, "takes tcp://, ssl://, ws:// or wss://");
        }
        int port = (uri.getPort() != -1) ? uri.getPort() : defaultPort(tls, webSocket);
        MqttClientBuilder builder = MqttClient.builder().serverHost(uri.getHost())
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
            builder = builder.sslConfig((ssl != null) ? ssl : MqttClientSslConfig.builder().build());
        }
        if (webSocket) {
            String path = (uri.getPath() == null || uri.getPath().isEmpty()) ? "mqtt" : uri.getPath().substring(1);
            builder = builder.webSocketConfig().serverPath(path).applyWebSocketConfig();
        }
        return builder;
    }

    private static URI parse(@Nullable String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidConfigurationException("url", url, "must be given, e.g. tcp://broker.example.com:1883");
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new InvalidConfigurationException("url", url,
                        "needs a scheme and a host, e.g. tcp://broker.example.com:1883");
            }
            return uri;
        }
        catch (URISyntaxException ex) {
            throw new InvalidConfigurationException("url", url, "is not a URL: " + ex.getMessage());
        }
    }

    private static int defaultPort(boolean tls, boolean webSocket) {
        if (webSocket) {
            return tls ? 443 : 80;
        }
        return tls ? 8883 : 1883;
    }

}
