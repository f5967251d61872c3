package io.mqttspring.broker.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * How a listener speaks TLS. The credentials come from a supplier asked at every new connection, so new key material
 * (a renewed certificate, a reloaded Spring Boot SSL bundle) applies to the next connection without a restart; the
 * supplier should return the same instance until the material changes, since each new instance builds a new TLS
 * context.
 *
 * @param credentials supplies the key material
 * @param clientAuth whether clients are asked for certificates
 * @param protocols the TLS versions offered, TLS 1.3 and 1.2 by default
 * @param cipherSuites the cipher suites offered, or {@code null} for the TLS implementation's defaults
 * @param identity which certificate name identifies a client
 * @param identityAsUsername whether a client with a verified certificate is authenticated by it, its identity used as
 * its user name (as Mosquitto's {@code use_identity_as_username}); its CONNECT password is then not checked
 */
public record TlsConfig(Supplier<TlsCredentials> credentials, ClientAuth clientAuth, List<String> protocols,
        @Nullable List<String> cipherSuites, CertificateIdentity identity, boolean identityAsUsername) {

    /** The TLS versions offered unless configured: no TLS 1.1 or older. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    public TlsConfig {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(identity, "identity");
        protocols = List.copyOf(protocols);
        cipherSuites = (cipherSuites != null) ? List.copyOf(cipherSuites) : null;
        if (protocols.isEmpty()) {
            throw new InvalidConfigurationException("tlsProtocols", protocols, "must name at least one protocol");
        }
    }

    /**
     * TLS with fixed credentials and every default: no client certificates, TLS 1.3 and 1.2.
     * @param credentials the key material
     * @return the configuration
     */
    public static TlsConfig of(TlsCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return reloadable(() -> credentials);
    }

    /**
     * TLS whose credentials may change while the broker runs.
     * @param credentials supplies the current key material
     * @return the configuration
     */
    public static TlsConfig reloadable(Supplier<TlsCredentials> credentials) {
        return new TlsConfig(credentials, ClientAuth.NONE, DEFAULT_PROTOCOLS, null, CertificateIdentity.SUBJECT_CN,
                false);
    }

    public TlsConfig withClientAuth(ClientAuth clientAuth) {
        return new TlsConfig(this.credentials, clientAuth, this.protocols, this.cipherSuites, this.identity,
                this.identityAsUsername);
    }

    public TlsConfig withProtocols(List<String> protocols) {
        return new TlsConfig(this.credentials, this.clientAuth, protocols, this.cipherSuites, this.identity,
                this.identityAsUsername);
    }

    public TlsConfig withCipherSuites(@Nullable List<String> cipherSuites) {
        return new TlsConfig(this.credentials, this.clientAuth, this.protocols, cipherSuites, this.identity,
                this.identityAsUsername);
    }

    public TlsConfig withIdentity(CertificateIdentity identity, boolean asUsername) {
        return new TlsConfig(this.credentials, this.clientAuth, this.protocols, this.cipherSuites, identity,
                asUsername);
    }

}
