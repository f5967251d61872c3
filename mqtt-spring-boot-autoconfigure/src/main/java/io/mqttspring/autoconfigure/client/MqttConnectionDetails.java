package io.mqttspring.autoconfigure.client;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Where client mode connects: from {@code mqtt.client.*} by default, or from a service connection (a Testcontainers
 * container or Docker Compose service) that defines a bean of this type; with such a bean client mode is on without
 * {@code mqtt.client.url}.
 */
public interface MqttConnectionDetails extends ConnectionDetails {

    /**
     * Return the broker's URL.
     * @return e.g. {@code tcp://localhost:32768}
     */
    String getUrl();

    /**
     * Return the user name to connect with.
     * @return the user name, or {@code null}
     */
    default @Nullable String getUsername() {
        return null;
    }

    /**
     * Return the password to connect with.
     * @return the password, or {@code null}
     */
    default @Nullable String getPassword() {
        return null;
    }

}
