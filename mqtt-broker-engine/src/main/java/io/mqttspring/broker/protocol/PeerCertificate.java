package io.mqttspring.broker.protocol;

import io.netty.util.AttributeKey;

/**
 * The verified certificate a client presented in the TLS handshake, as the connection reads it at CONNECT.
 *
 * @param identity the name that identifies the client, as the listener is configured to read it
 * @param asUsername whether the identity stands for the user name and authenticates the client
 */
public record PeerCertificate(String identity, boolean asUsername) {

    /** Where the transport leaves it on the channel. */
    public static final AttributeKey<PeerCertificate> KEY = AttributeKey.valueOf(PeerCertificate.class, "peer");

}
