package io.mqttspring.autoconfigure.client;

import java.time.Duration;
import java.util.function.Supplier;

import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import io.mqttspring.broker.bridge.ConnectOptions;
import io.mqttspring.broker.bridge.RemoteClients;
import io.mqttspring.broker.config.InvalidConfigurationException;
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
        ConnectOptions options = checked("mqtt.client", () -> new ConnectOptions(properties.isCleanStart(),
                properties.getSessionExpiry(), properties.getKeepAlive(), properties.getConnectTimeout(),
                details.getUsername(), details.getPassword()));
        MqttClientBuilder builder = transport("mqtt.client", url, properties.getClientId(),
                properties.getReconnect().getInitialDelay(), properties.getReconnect().getMaxDelay(),
                properties.getSsl().getBundle(), sslBundles);
        return switch (properties.getProtocolVersion().strip()) {
            case "5", "5.0" -> HiveMqClientConnection.build(builder, true, url, options);
            case "3.1.1" -> HiveMqClientConnection.build(builder, false, url, options);
            default -> throw new InvalidConfigurationPropertyValueException("mqtt.client.protocol-version",
                    properties.getProtocolVersion(), "Use 5 or 3.1.1");
        };
    }

    /**
     * Return how to connect, from a remote broker's properties.
     * @param prefix the properties' prefix, named in errors
     * @param properties the properties
     * @return the options
     */
    public static ConnectOptions options(String prefix, RemoteBrokerProperties properties) {
        return checked(prefix, () -> new ConnectOptions(properties.isCleanStart(), properties.getSessionExpiry(),
                properties.getKeepAlive(), properties.getConnectTimeout(), properties.getUsername(),
                properties.getPassword()));
    }

    // the engine names the setting; the property is the prefix and that name
    private static <T> T checked(String prefix, Supplier<T> build) {
        try {
            return build.get();
        }
        catch (InvalidConfigurationException ex) {
            throw new InvalidConfigurationPropertyValueException(prefix + "." + ex.getSetting(), ex.getValue(),
                    ex.getMessage());
        }
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
        return transport(prefix, url, clientId, initialDelay, maxDelay, sslBundle, sslBundles).useMqttVersion5();
    }

    private static MqttClientBuilder transport(String prefix, @Nullable String url, @Nullable String clientId,
            Duration initialDelay, Duration maxDelay, @Nullable String sslBundle, @Nullable SslBundles sslBundles) {
        MqttClientSslConfig ssl = (sslBundle != null) ? sslConfig(prefix + ".ssl.bundle", sslBundle, sslBundles)
                : null;
        return checked(prefix, () -> RemoteClients.transport(url, clientId, initialDelay, maxDelay, ssl));
    }

    private static MqttClientSslConfig sslConfig(String property, String name, @Nullable SslBundles sslBundles) {
        if (sslBundles == null) {
            throw new InvalidConfigurationPropertyValueException(property, name,
                    "No SSL bundles are configured (spring.ssl.bundle.*)");
        }
        SslBundle bundle = sslBundles.getBundle(name);
        return MqttClientSslConfig.builder().trustManagerFactory(bundle.getManagers().getTrustManagerFactory())
                .keyManagerFactory(bundle.getManagers().getKeyManagerFactory()).build();
    }

}
