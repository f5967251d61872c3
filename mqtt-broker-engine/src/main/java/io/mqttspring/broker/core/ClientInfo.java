package io.mqttspring.broker.core;

import java.net.InetSocketAddress;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the broker knows about a connected client.
 *
 * @param clientId the client identifier (assigned by the broker when the client sent none)
 * @param username the user name from CONNECT, or {@code null}
 * @param protocolVersion the protocol version
 * @param remoteAddress the peer address, or {@code null} for in-process clients
 * @param certificateIdentity the identity of the client's TLS certificate (its subject CN or the subject alternative
 * name the listener is configured to read), or {@code null} when the client presented none
 */
public record ClientInfo(String clientId, @Nullable String username, ProtocolVersion protocolVersion,
        @Nullable InetSocketAddress remoteAddress, @Nullable String certificateIdentity) {

    public ClientInfo {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
    }

    /**
     * Create a new instance for a client without a certificate.
     * @param clientId the client identifier
     * @param username the user name, or {@code null}
     * @param protocolVersion the protocol version
     * @param remoteAddress the peer address, or {@code null} for in-process clients
     */
    public ClientInfo(String clientId, @Nullable String username, ProtocolVersion protocolVersion,
            @Nullable InetSocketAddress remoteAddress) {
        this(clientId, username, protocolVersion, remoteAddress, null);
    }

    /**
     * Describe the client for log lines, in one format everywhere: {@code clientId@address}.
     * @return the description
     */
    public String describe() {
        return this.clientId + "@" + ((this.remoteAddress != null) ? this.remoteAddress : "in-process");
    }

}
