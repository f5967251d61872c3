package io.mqttspring.broker.interop;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.HiveMqClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which WebSocket upgrades the broker accepts: browser pages of other origins are refused unless allowed, clients that
 * do not offer the mqtt subprotocol are refused.
 */
class WebSocketUpgradeCheckTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> config.webSocketEnabled(true)
        .webSocketHost("127.0.0.1").webSocketPort(0).webSocketAllowedOrigins(List.of("https://dashboard.example",
                "http://localhost:*")));

    @ParameterizedTest(name = "Origin {0}, subprotocol {1}: HTTP {2}")
    @CsvSource(nullValues = "-", value = {
            "-, mqtt, 101",
            "SELF, mqtt, 101",
            "https://dashboard.example, mqtt, 101",
            "http://localhost:8080, mqtt, 101",
            "https://evil.example, mqtt, 403",
            "http://127.0.0.1:1, mqtt, 403",
            "https://dashboard.example.evil.example, mqtt, 403",
            "-, -, 400",
            "-, 'chat, superchat', 400",
            "-, 'chat, mqtt', 101" })
    @DisplayName("Cross-origin browser pages get 403 unless allowed; no mqtt subprotocol gets 400 [MQTT-6.0.0-3]")
    void upgrade(String origin, String subprotocol, int expectedStatus) throws Exception {
        int port = this.broker.broker().webSocketPort();
        StringBuilder request = new StringBuilder("GET /mqtt HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n");
        if (origin != null) {
            request.append("Origin: ").append(origin.equals("SELF") ? "http://127.0.0.1:" + port : origin)
                .append("\r\n");
        }
        if (subprotocol != null) {
            request.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int read = 0;
            while (read < head.length) {
                int n = in.read(head, read, head.length - read);
                assertThat(n).as("response so far: %s", new String(head, 0, read, StandardCharsets.US_ASCII))
                    .isPositive();
                read += n;
            }
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 " + expectedStatus);
        }
    }

    @Test
    @DisplayName("A real client (HiveMQ, no Origin header, subprotocol mqtt) still connects over WebSocket")
    void realClientConnects() {
        try (HiveMqClient client = HiveMqClient.overWebSocket(this.broker.broker().webSocketPort(), "ws-check")) {
            client.client().connect();
            assertThat(client.client().getState().isConnected()).isTrue();
        }
    }

}
