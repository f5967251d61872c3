package io.mqttspring.autoconfigure.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.mqttspring.client.HiveMqClientConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds the HiveMQ MQTT Client of client mode from {@code mqtt.client.*}. Loaded only when the client is on the
 * class path.
 */
final class HiveMqClients {

    private HiveMqClients() {
    }

    static HiveMqClientConnection connection(MqttClientProperties properties, @Nullable SslBundles sslBundles) {
        String url = properties.getUrl();
        URI uri = parse(url);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("ssl") || scheme.equals("mqtts") || scheme.equals("wss");
        boolean webSocket = scheme.equals("ws") || scheme.equals("wss");
        if (!tls && !webSocket && !scheme.equals("tcp") && !scheme.equals("mqtt")) {
            throw new InvalidConfigurationPropertyValueException("mqtt.client.url", url,
                    "Use tcp://, ssl://, ws:// or wss://");
        }
        int port = (uri.getPort() != -1) ? uri.getPort() : defaultPort(tls, webSocket);
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().serverHost(uri.getHost())
                .serverPort(port).automaticReconnect()
                .initialDelay(properties.getReconnect().getInitialDelay().toMillis(), TimeUnit.MILLISECONDS)
                .maxDelay(properties.getReconnect().getMaxDelay().toMillis(), TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect();
        if (properties.getClientId() != null) {
            builder = builder.identifier(properties.getClientId());
        }
        if (tls) {
            builder = builder.sslConfig(sslConfig(properties, sslBundles));
        }
        if (webSocket) {
            String path = (uri.getPath() == null || uri.getPath().isEmpty()) ? "mqtt" : uri.getPath().substring(1);
            builder = builder.webSocketConfig().serverPath(path).applyWebSocketConfig();
        }
        HiveMqClientConnection.ConnectOptions options = new HiveMqClientConnection.ConnectOptions(
                properties.isCleanStart(), properties.getSessionExpiry(), properties.getKeepAlive(),
                properties.getConnectTimeout(), properties.getUsername(), properties.getPassword());
        return new HiveMqClientConnection(builder.buildAsync(), url, options);
    }

    private static URI parse(@Nullable String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new InvalidConfigurationPropertyValueException("mqtt.client.url", url,
                        "Give a scheme and a host, e.g. tcp://broker.example.com:1883");
            }
            return uri;
        }
        catch (URISyntaxException ex) {
            throw new InvalidConfigurationPropertyValueException("mqtt.client.url", url, ex.getMessage());
        }
    }

    private static int defaultPort(boolean tls, boolean webSocket) {
        if (webSocket) {
            return tls ? 443 : 80;
        }
        return tls ? 8883 : 1883;
    }

    private static MqttClientSslConfig sslConfig(MqttClientProperties properties, @Nullable SslBundles sslBundles) {
        String name = properties.getSsl().getBundle();
        if (name == null) {
            return MqttClientSslConfig.builder().build();
        }
        if (sslBundles == null) {
            throw new InvalidConfigurationPropertyValueException("mqtt.client.ssl.bundle", name,
                    "No SSL bundles are configured (spring.ssl.bundle.*)");
        }
        SslBundle bundle = sslBundles.getBundle(name);
        return MqttClientSslConfig.builder().trustManagerFactory(bundle.getManagers().getTrustManagerFactory())
                .keyManagerFactory(bundle.getManagers().getKeyManagerFactory()).build();
    }

}
