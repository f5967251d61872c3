package io.mqttspring.broker.security;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

import io.mqttspring.broker.core.ProtocolVersion;

import org.jspecify.annotations.Nullable;

/**
 * What a client presented in CONNECT.
 *
 * @param clientId the client identifier (already assigned when the client sent none)
 * @param username the user name, or {@code null}
 * @param password the password bytes, or {@code null}
 * @param protocolVersion the protocol version
 * @param remoteAddress the peer address, or {@code null} when unknown
 * @param certificateIdentity the identity of the client's TLS certificate, or {@code null} when it presented none
 */
public record AuthenticationRequest(String clientId, @Nullable String username, byte @Nullable [] password,
        ProtocolVersion protocolVersion, @Nullable InetSocketAddress remoteAddress,
        @Nullable String certificateIdentity) {

    public AuthenticationRequest {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
    }

    /**
     * Create a new instance for a client without a certificate.
     * @param clientId the client identifier
     * @param username the user name, or {@code null}
     * @param password the password bytes, or {@code null}
     * @param protocolVersion the protocol version
     * @param remoteAddress the peer address, or {@code null} when unknown
     */
    public AuthenticationRequest(String clientId, @Nullable String username, byte @Nullable [] password,
            ProtocolVersion protocolVersion, @Nullable InetSocketAddress remoteAddress) {
        this(clientId, username, password, protocolVersion, remoteAddress, null);
    }

    @Override
    public boolean equals(Object other) {
        return (this == other) || (other instanceof AuthenticationRequest that && this.clientId.equals(that.clientId)
                && Objects.equals(this.username, that.username) && Arrays.equals(this.password, that.password)
                && this.protocolVersion == that.protocolVersion
                && Objects.equals(this.remoteAddress, that.remoteAddress)
                && Objects.equals(this.certificateIdentity, that.certificateIdentity));
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.clientId, this.username, Arrays.hashCode(this.password), this.protocolVersion,
                this.remoteAddress, this.certificateIdentity);
    }

    @Override
    public String toString() {
        // never the password
        return "AuthenticationRequest[clientId=" + this.clientId + ", username=" + this.username
                + ", protocolVersion=" + this.protocolVersion + ", remoteAddress=" + this.remoteAddress
                + ", certificateIdentity=" + this.certificateIdentity + "]";
    }

}
