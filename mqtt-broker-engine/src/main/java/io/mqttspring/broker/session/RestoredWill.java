package io.mqttspring.broker.session;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.will.WillMessage;

/**
 * A will whose delay was running when the broker stopped.
 *
 * @param client the client it belongs to, as far as the store knows it
 * @param will the will
 * @param delayNanos how long its delay still runs
 */
record RestoredWill(ClientInfo client, WillMessage will, long delayNanos) {
}
