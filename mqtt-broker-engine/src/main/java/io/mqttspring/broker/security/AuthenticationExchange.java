package io.mqttspring.broker.security;

import org.jspecify.annotations.Nullable;

/**
 * One enhanced authentication exchange with one client. The broker calls {@link #next} with the Authentication Data
 * of CONNECT (or of the AUTH packet that asked for re-authentication), then with that of each AUTH packet the client
 * answers a challenge with, one call at a time, until a step succeeds or fails.
 */
@FunctionalInterface
public interface AuthenticationExchange {

    /**
     * Take the client's next Authentication Data.
     * @param clientData the data, or {@code null} when the packet had none
     * @return a challenge to send, or the end of the exchange
     */
    AuthenticationStep next(byte @Nullable [] clientData);

}
