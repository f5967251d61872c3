package io.mqttspring.broker.bridge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.mqttspring.broker.config.InvalidConfigurationException;
import io.mqttspring.broker.config.Limits;
import org.jspecify.annotations.Nullable;

/**
 * How a client connects to a broker over the network: client mode's connection and each bridge.
 *
 * @param cleanStart whether each connection starts a new session
 * @param sessionExpiry how long the broker keeps the session after the connection ends
 * @param keepAlive the keep-alive interval
 * @param connectTimeout how long connecting, subscribing and disconnecting may take
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}
 */
public record ConnectOptions(boolean cleanStart, Duration sessionExpiry, Duration keepAlive, Duration connectTimeout,
        @Nullable String username, @Nullable String password) {

    /**
     * Check the intervals against what CONNECT can carry.
     * @throws InvalidConfigurationException naming {@code session-expiry} or {@code keep-alive}
     */
    public ConnectOptions {
        if (sessionExpiry.isNegative() || sessionExpiry.toSeconds() > Limits.MAX_FOUR_BYTE_INTEGER) {
            throw new InvalidConfigurationException("session-expiry", sessionExpiry, "is from 0s to 4294967295s");
        }
        if (keepAlive.isNegative() || keepAlive.toSeconds() > 65_535) {
            throw new InvalidConfigurationException("keep-alive", keepAlive, "is from 0s to 65535s");
        }
    }

    /**
     * Send CONNECT with these options.
     * @param client the client
     * @return completes with the CONNACK
     */
    public CompletableFuture<Mqtt5ConnAck> connect(Mqtt5AsyncClient client) {
        var connect = client.connectWith().cleanStart(this.cleanStart)
                .sessionExpiryInterval(this.sessionExpiry.toSeconds()).keepAlive((int) this.keepAlive.toSeconds());
        if (this.username != null) {
            var auth = connect.simpleAuth().username(this.username);
            if (this.password != null) {
                auth.password(this.password.getBytes(StandardCharsets.UTF_8));
            }
            connect = auth.applySimpleAuth();
        }
        return connect.send();
    }

}
