package io.mqttspring.broker.transport;

import java.time.Duration;

import javax.net.ssl.SSLException;

import io.mqttspring.broker.config.ClientAuth;
import io.mqttspring.broker.config.InvalidConfigurationException;
import io.mqttspring.broker.config.TlsConfig;
import io.mqttspring.broker.config.TlsCredentials;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of one listener: builds Netty's TLS context from the configured credentials (OpenSSL through
 * netty-tcnative when it is on the class path, the JDK's TLS otherwise) and builds it again when the credentials
 * supplier hands out new material, so a renewed certificate serves the next connection. Thread-safe.
 */
public final class ServerTls {

    private static final Logger logger = LoggerFactory.getLogger(ServerTls.class);

    private final String setting;

    private final TlsConfig config;

    private final Duration handshakeTimeout;

    private volatile Built current;

    /**
     * Create a new instance and build the first context, so bad key material fails start-up.
     * @param setting the configuration setting the TLS settings came from, for error messages
     * @param config the TLS settings
     * @param handshakeTimeout how long a TLS handshake may take
     * @throws InvalidConfigurationException naming the setting when the key material cannot be used
     */
    public ServerTls(String setting, TlsConfig config, Duration handshakeTimeout) {
        this.setting = setting;
        this.config = config;
        this.handshakeTimeout = handshakeTimeout;
        TlsCredentials credentials = config.credentials().get();
        this.current = new Built(credentials, build(credentials));
    }

    /**
     * Add TLS and the client certificate reader at the head of a new channel's pipeline, with the newest key
     * material.
     * @param channel the channel
     */
    void addTo(Channel channel) {
        SslHandler handler = context().newHandler(channel.alloc());
        handler.setHandshakeTimeoutMillis(this.handshakeTimeout.toMillis());
        channel.pipeline().addFirst(PipelineNames.TLS, handler);
        if (this.config.clientAuth() != ClientAuth.NONE) {
            channel.pipeline().addAfter(PipelineNames.TLS, PipelineNames.CLIENT_CERTIFICATE,
                    new ClientCertificateHandler(this.config.identity(), this.config.identityAsUsername()));
        }
    }

    private SslContext context() {
        Built built = this.current;
        TlsCredentials credentials = this.config.credentials().get();
        if (credentials != built.credentials) {
            try {
                built = new Built(credentials, build(credentials));
                this.current = built;
                logger.info("TLS key material for {} reloaded", this.setting);
            }
            catch (InvalidConfigurationException ex) {
                // serve with what worked until the new material does
                logger.warn("Keeping the previous TLS key material: {}", ex.getMessage());
            }
        }
        return built.context;
    }

    private SslContext build(TlsCredentials credentials) {
        try {
            if (credentials instanceof TlsCredentials.Context jdk) {
                return new JdkSslContext(jdk.context(), false, this.config.cipherSuites(),
                        IdentityCipherSuiteFilter.INSTANCE, ApplicationProtocolConfig.DISABLED, clientAuth(),
                        this.config.protocols().toArray(String[]::new), false);
            }
            SslContextBuilder builder;
            if (credentials instanceof TlsCredentials.Pem pem) {
                builder = SslContextBuilder.forServer(pem.certificateChain().toFile(), pem.privateKey().toFile(),
                        pem.keyPassword());
                if (pem.trustedCertificates() != null) {
                    builder.trustManager(pem.trustedCertificates().toFile());
                }
            }
            else {
                TlsCredentials.Managers managers = (TlsCredentials.Managers) credentials;
                builder = SslContextBuilder.forServer(managers.keyManagers());
                if (managers.trustManagers() != null) {
                    builder.trustManager(managers.trustManagers());
                }
            }
            boolean managersOnly = credentials instanceof TlsCredentials.Managers;
            boolean openSsl = OpenSsl.isAvailable() && (!managersOnly || OpenSsl.supportsKeyManagerFactory());
            return builder.sslProvider(openSsl ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols(this.config.protocols())
                .ciphers(this.config.cipherSuites())
                .clientAuth(clientAuth())
                .build();
        }
        catch (SSLException | IllegalArgumentException ex) {
            throw new InvalidConfigurationException(this.setting, credentials,
                    "cannot be used for TLS: " + rootMessage(ex));
        }
    }

    private io.netty.handler.ssl.ClientAuth clientAuth() {
        ClientAuth clientAuth = this.config.clientAuth();
        return switch (clientAuth) {
            case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
            case OPTIONAL -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
            case REQUIRED -> io.netty.handler.ssl.ClientAuth.REQUIRE;
        };
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return (root == ex) ? String.valueOf(ex.getMessage()) : ex.getMessage() + " (" + root + ")";
    }

    /**
     * Return the TLS implementation in use, for the start-up log.
     * @return {@code OpenSSL} or {@code JDK}
     */
    public String implementation() {
        return (this.current.context instanceof JdkSslContext) ? "JDK" : "OpenSSL";
    }

    private record Built(TlsCredentials credentials, SslContext context) {
    }

}
