package io.mqttspring.broker.support;

import java.time.Duration;

import io.mqttspring.broker.MqttBroker;

import static org.awaitility.Awaitility.await;

/**
 * Waits on the broker's view of sessions, so tests act only once a connection's end has been processed (an expiry or
 * will delay then counts from the clock's present).
 */
public final class Sessions {

    private Sessions() {
    }

    /**
     * Wait until the broker holds the session of a client and no connection is attached to it.
     * @param broker the broker
     * @param clientId the client identifier
     */
    public static void awaitOffline(MqttBroker broker, String clientId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.sessions().stream()
                .anyMatch((session) -> session.clientId().equals(clientId) && !session.connected()));
    }

    /**
     * Wait until the broker holds no session for a client.
     * @param broker the broker
     * @param clientId the client identifier
     */
    public static void awaitGone(MqttBroker broker, String clientId) {
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.sessions().stream()
                .noneMatch((session) -> session.clientId().equals(clientId)));
    }

}
