package io.mqttspring.broker.config;

/**
 * Whether a TLS listener asks clients for a certificate.
 */
public enum ClientAuth {

    /** No client certificate is asked for. */
    NONE,

    /** A certificate is asked for and verified when sent; clients without one connect too. */
    OPTIONAL,

    /** Clients without a certificate the trusted authorities signed fail the TLS handshake (mutual TLS). */
    REQUIRED

}
