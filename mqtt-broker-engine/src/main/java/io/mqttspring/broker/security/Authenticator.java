package io.mqttspring.broker.security;

/**
 * Decides whether a client may connect. The broker calls it on a dedicated thread pool, never on an event loop, so
 * implementations may block (on a directory lookup, for instance); reading from the connection pauses meanwhile.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Authenticator {

    /** Accepts every client; the broker runs it inline since it cannot block. */
    Authenticator ALLOW_ALL = (request) -> AuthenticationResult.success();

    /**
     * Authenticate a client.
     * @param request what the client presented
     * @return the outcome; throwing counts as refusal with reason 0x80 (unspecified error)
     */
    AuthenticationResult authenticate(AuthenticationRequest request);

}
