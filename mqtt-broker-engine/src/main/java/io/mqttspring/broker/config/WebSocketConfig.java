package io.mqttspring.broker.config;

import java.util.List;
import java.util.Objects;

/**
 * The MQTT over WebSocket listener (MQTT section 6): browsers and other WebSocket clients connect to
 * {@code ws://host:port/path} with the {@code mqtt} subprotocol and speak MQTT 3.1.1 or 5.0 in binary frames.
 *
 * @param enabled whether the listener runs
 * @param host address to bind
 * @param port port to listen on; 0 picks a free port
 * @param path HTTP path of the WebSocket endpoint
 * @param allowedOrigins the browser origins allowed to connect besides the listener's own
 * ({@code https://app.example}), with {@code *} standing for any run of characters ({@code http://localhost:*});
 * {@code *} alone allows every origin.
 * Clients that send no {@code Origin} header (devices, command-line tools) are not browsers and always connect.
 */
public record WebSocketConfig(boolean enabled, String host, int port, String path, List<String> allowedOrigins) {

    public WebSocketConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        allowedOrigins = List.copyOf(allowedOrigins);
        ConfigChecks.range("webSocketPort", port, 0, 65_535);
        if (!path.startsWith("/")) {
            throw new InvalidConfigurationException("webSocketPath", path, "must start with '/'");
        }
    }

}
