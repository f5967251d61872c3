package io.mqttspring.broker.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import io.mqttspring.broker.config.TlsCredentials;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

/**
 * A certificate authority made for one test, with a server certificate for 127.0.0.1 and localhost and client
 * certificates on demand, written as PEM files the way an operator would hand them to a broker.
 */
public final class TestPki {

    private final Path directory;

    private final X509Bundle authority;

    private final X509Bundle server;

    private TestPki(Path directory, X509Bundle authority, X509Bundle server) {
        this.directory = directory;
        this.authority = authority;
        this.server = server;
    }

    /**
     * Make an authority and a server certificate, and write their PEM files.
     * @param directory where the files go
     * @return the PKI
     */
    public static TestPki create(Path directory) {
        try {
            X509Bundle authority = new CertificateBuilder().subject("CN=Test CA, O=mqtt-spring tests").ecp256()
                .setIsCertificateAuthority(true).buildSelfSigned();
            X509Bundle server = serverCertificate(authority, "CN=broker");
            TestPki pki = new TestPki(directory, authority, server);
            Files.writeString(pki.caFile(), authority.getCertificatePEM(), StandardCharsets.US_ASCII);
            Files.writeString(pki.certificateFile(), server.getCertificatePathPEM(), StandardCharsets.US_ASCII);
            Files.writeString(pki.keyFile(), server.getPrivateKeyPEM(), StandardCharsets.US_ASCII);
            return pki;
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Issue another server certificate from the same authority, for 127.0.0.1 and localhost.
     * @param subject its subject, such as {@code CN=broker-renewed}
     * @return the certificate and its key
     */
    public X509Bundle issueServerCertificate(String subject) {
        try {
            return serverCertificate(this.authority, subject);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static X509Bundle serverCertificate(X509Bundle authority, String subject) throws Exception {
        return new CertificateBuilder().subject(subject).ecp256().addSanDnsName("localhost")
            .addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth().buildIssuedBy(authority);
    }

    /**
     * Issue another server certificate from the same authority, as a renewal would.
     * @return its credentials
     */
    public TlsCredentials renewedServerCredentials() {
        try {
            X509Bundle renewed = serverCertificate(this.authority, "CN=broker-renewed");
            return TlsCredentials.managers(renewed.toKeyManagerFactory(), this.authority.toTrustManagerFactory());
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Issue a client certificate.
     * @param commonName the subject CN
     * @param email an e-mail subject alternative name, or {@code null}
     * @return the certificate and its key
     */
    public X509Bundle clientCertificate(String commonName, String email) {
        try {
            CertificateBuilder builder = new CertificateBuilder().subject("CN=" + commonName).ecp256()
                .addExtendedKeyUsageClientAuth();
            if (email != null) {
                builder.addSanRfc822Name(email);
            }
            return builder.buildIssuedBy(this.authority);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Write a client certificate and key as PEM files, for mosquitto_pub's --cert and --key.
     * @param client the certificate
     * @param name the file name stem
     * @return the certificate file; the key is beside it with {@code .key}
     */
    public Path writeClientFiles(X509Bundle client, String name) {
        try {
            Path certificate = this.directory.resolve(name + ".crt");
            Files.writeString(certificate, client.getCertificatePathPEM(), StandardCharsets.US_ASCII);
            Files.writeString(this.directory.resolve(name + ".key"), client.getPrivateKeyPEM(),
                    StandardCharsets.US_ASCII);
            return certificate;
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public Path caFile() {
        return this.directory.resolve("ca.crt");
    }

    public Path certificateFile() {
        return this.directory.resolve("server.crt");
    }

    public Path keyFile() {
        return this.directory.resolve("server.key");
    }

    /**
     * Return the server's credentials as PEM files, client certificates checked against the authority.
     * @return the credentials
     */
    public TlsCredentials serverCredentials() {
        return TlsCredentials.pem(certificateFile(), keyFile(), null, caFile());
    }

    /**
     * Return a TLS context that trusts the authority and, when given, presents a client certificate.
     * @param client the client certificate, or {@code null}
     * @return the context
     */
    public SSLContext clientContext(X509Bundle client) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManagerFactory keyManagers = (client != null) ? client.toKeyManagerFactory() : null;
            context.init((keyManagers != null) ? keyManagers.getKeyManagers() : null,
                    this.authority.toTrustManagerFactory().getTrustManagers(), new SecureRandom());
            return context;
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public SSLSocketFactory clientSocketFactory(X509Bundle client) {
        return clientContext(client).getSocketFactory();
    }

    public X509Bundle authority() {
        return this.authority;
    }

    public X509Bundle server() {
        return this.server;
    }

}
