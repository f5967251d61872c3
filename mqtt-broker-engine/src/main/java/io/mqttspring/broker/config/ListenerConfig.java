package io.mqttspring.broker.config;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One listening socket of the broker, derived from the {@link BrokerConfig}: MQTT over TCP ({@code mqtt}), over TLS
 * ({@code mqtts}), over WebSocket ({@code ws}) or secure WebSocket ({@code wss}).
 *
 * @param name {@code mqtt}, {@code mqtts}, {@code ws} or {@code wss}: also the URI scheme clients use
 * @param host the address to bind
 * @param port the port, 0 for any free one
 * @param webSocketPath the HTTP path of a WebSocket listener, {@code null} for TCP
 * @param tls the TLS settings, {@code null} for a plain listener
 */
public record ListenerConfig(String name, String host, int port, @Nullable String webSocketPath,
        @Nullable TlsConfig tls) {

    public ListenerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
    }

    /**
     * Return whether clients speak MQTT over WebSocket here.
     * @return {@code true} for {@code ws} and {@code wss}
     */
    public boolean isWebSocket() {
        return this.webSocketPath != null;
    }

    /**
     * Return the URI clients connect to, for logs and health.
     * @param boundPort the port actually bound
     * @return {@code scheme://host:port[/path]}
     */
    public String uri(int boundPort) {
        String path = (this.webSocketPath != null) ? this.webSocketPath : "";
        return this.name + "://" + this.host + ":" + boundPort + path;
    }

}
