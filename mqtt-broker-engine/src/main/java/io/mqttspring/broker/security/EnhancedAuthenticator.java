package io.mqttspring.broker.security;

/**
 * An MQTT 5 enhanced authentication method (MQTT 5.0 section 4.12), such as SCRAM or Kerberos: a challenge and
 * response exchange of AUTH packets, at CONNECT and again whenever the client asks to re-authenticate. Clients that
 * name no Authentication Method go through the plain {@link Authenticator} instead. Implementations must be
 * thread-safe; the broker calls them on its authentication pool, never on an event loop, so they may block.
 */
public interface EnhancedAuthenticator {

    /**
     * Return the Authentication Method this authenticator implements, as clients name it in CONNECT.
     * @return the method name, for instance {@code SCRAM-SHA-256}
     */
    String method();

    /**
     * Begin one exchange with a client.
     * @param request what the client presented in CONNECT
     * @return the exchange, which the broker feeds with the client's Authentication Data until it ends
     */
    AuthenticationExchange begin(AuthenticationRequest request);

}
