package io.mqttspring.broker.config;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The TLS listeners: MQTT over TLS ({@code mqtts}, port 8883 by default) and MQTT over secure WebSocket ({@code wss},
 * port 8084 by default, on the WebSocket path), each running when it has TLS settings.
 *
 * @param tls the TLS settings of the {@code mqtts} listener, {@code null} when it does not run
 * @param host address the {@code mqtts} listener binds
 * @param port its port; 0 picks a free port
 * @param webSocketTls the TLS settings of the {@code wss} listener, {@code null} when it does not run
 * @param webSocketHost address the {@code wss} listener binds
 * @param webSocketPort its port; 0 picks a free port
 */
public record TlsListeners(@Nullable TlsConfig tls, String host, int port, @Nullable TlsConfig webSocketTls,
        String webSocketHost, int webSocketPort) {

    /** The IANA port of MQTT over TLS. */
    public static final int DEFAULT_PORT = 8883;

    /** The usual port of MQTT over secure WebSocket (EMQX's; the IANA has none). */
    public static final int DEFAULT_WEBSOCKET_PORT = 8084;

    public TlsListeners {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(webSocketHost, "webSocketHost");
        ConfigChecks.range("tlsPort", port, 0, 65_535);
        ConfigChecks.range("secureWebSocketPort", webSocketPort, 0, 65_535);
    }

}
