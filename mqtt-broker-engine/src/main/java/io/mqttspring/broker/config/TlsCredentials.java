package io.mqttspring.broker.config;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;

/**
 * The key material of a TLS listener: the server's certificate chain and private key, and the authorities client
 * certificates are checked against. Three forms: PEM files (as Mosquitto's {@code certfile}, {@code keyfile} and
 * {@code cafile}), JDK key and trust manager factories (what a Spring Boot SSL bundle or a key store gives), or a
 * ready JDK {@link SSLContext} (always served by the JDK's TLS, never OpenSSL).
 */
public sealed interface TlsCredentials {

    /**
     * Key material in PEM files.
     * @param certificateChain the server certificate, then its intermediates
     * @param privateKey the PKCS#8 private key
     * @param keyPassword the password of an encrypted private key, or {@code null}
     * @param trustedCertificates the authorities that sign client certificates, or {@code null}
     * @return the credentials
     */
    static TlsCredentials pem(Path certificateChain, Path privateKey, @Nullable String keyPassword,
            @Nullable Path trustedCertificates) {
        return new Pem(certificateChain, privateKey, keyPassword, trustedCertificates);
    }

    /**
     * Key material from JDK factories.
     * @param keyManagers the server's key managers
     * @param trustManagers the trust managers for client certificates, or {@code null}
     * @return the credentials
     */
    static TlsCredentials managers(KeyManagerFactory keyManagers, @Nullable TrustManagerFactory trustManagers) {
        return new Managers(keyManagers, trustManagers);
    }

    /**
     * Key material from a key store file, and optionally a trust store file.
     * @param keyStore the key store (PKCS12 or JKS, recognised by the JDK)
     * @param password the key store and key password
     * @param trustStore the trust store for client certificates, or {@code null}
     * @param trustStorePassword its password, or {@code null}
     * @return the credentials
     * @throws IllegalArgumentException if a store cannot be read
     */
    static TlsCredentials keyStore(Path keyStore, char[] password, @Nullable Path trustStore,
            char @Nullable [] trustStorePassword) {
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(load(keyStore, password), password);
            TrustManagerFactory trustManagers = null;
            if (trustStore != null) {
                trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(load(trustStore, trustStorePassword));
            }
            return new Managers(keyManagers, trustManagers);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("Cannot use key store " + keyStore + ": " + ex.getMessage(), ex);
        }
    }

    private static KeyStore load(Path path, char @Nullable [] password) throws GeneralSecurityException {
        try {
            // recognises PKCS12 and JKS by their content
            return KeyStore.getInstance(path.toFile(), password);
        }
        catch (IOException ex) {
            throw new IllegalArgumentException("Cannot read key store " + path + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * A JDK TLS context used as it is.
     * @param context the context, holding its key and trust managers
     * @return the credentials
     */
    static TlsCredentials context(SSLContext context) {
        return new Context(context);
    }

    /**
     * PEM files.
     * @param certificateChain the certificate chain
     * @param privateKey the private key
     * @param keyPassword the key password, or {@code null}
     * @param trustedCertificates the client certificate authorities, or {@code null}
     */
    record Pem(Path certificateChain, Path privateKey, @Nullable String keyPassword,
            @Nullable Path trustedCertificates) implements TlsCredentials {

        public Pem {
            Objects.requireNonNull(certificateChain, "certificateChain");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        @Override
        public String toString() {
            // never the password
            return "Pem[certificateChain=" + this.certificateChain + ", privateKey=" + this.privateKey
                    + ", trustedCertificates=" + this.trustedCertificates + "]";
        }

    }

    /**
     * JDK factories.
     * @param keyManagers the key managers
     * @param trustManagers the trust managers, or {@code null}
     */
    record Managers(KeyManagerFactory keyManagers, @Nullable TrustManagerFactory trustManagers)
            implements TlsCredentials {

        public Managers {
            Objects.requireNonNull(keyManagers, "keyManagers");
        }

    }

    /**
     * A JDK context.
     * @param context the context
     */
    record Context(SSLContext context) implements TlsCredentials {

        public Context {
            Objects.requireNonNull(context, "context");
        }

    }

}
