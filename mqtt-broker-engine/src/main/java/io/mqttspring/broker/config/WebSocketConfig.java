package io.mqttspring.broker.config;

import java.util.Objects;

/**
 * The MQTT over WebSocket listener (MQTT section 6): browsers and other WebSocket clients connect to
 * {@code ws://host:port/path} with the {@code mqtt} subprotocol and speak MQTT 3.1.1 or 5.0 in binary frames.
 *
 * @param enabled whether the listener runs
 * @param host address to bind
 * @param port port to listen on; 0 picks a free port
 * @param path HTTP path of the WebSocket endpoint
 */
public record WebSocketConfig(boolean enabled, String host, int port, String path) {

    public WebSocketConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        ConfigChecks.range("webSocketPort", port, 0, 65_535);
        if (!path.startsWith("/")) {
            throw new InvalidConfigurationException("webSocketPath", path, "must start with '/'");
        }
    }

}
