package io.mqttspring.broker.transport;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

import io.mqttspring.broker.config.CertificateIdentity;
import io.mqttspring.broker.protocol.PeerCertificate;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the TLS handshake succeeds, reads the identity of the client's verified certificate, if it sent one, and
 * leaves it on the channel for the connection; then leaves the pipeline.
 */
final class ClientCertificateHandler extends ChannelInboundHandlerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(ClientCertificateHandler.class);

    private static final int SAN_EMAIL = 1;

    private static final int SAN_DNS = 2;

    private static final int SAN_URI = 6;

    private final CertificateIdentity identity;

    private final boolean asUsername;

    ClientCertificateHandler(CertificateIdentity identity, boolean asUsername) {
        this.identity = identity;
        this.asUsername = asUsername;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent completion) {
            if (completion.isSuccess()) {
                SslHandler tls = ctx.pipeline().get(SslHandler.class);
                String name = (tls != null) ? identityOf(tls) : null;
                if (name != null) {
                    ctx.channel().attr(PeerCertificate.KEY).set(new PeerCertificate(name, this.asUsername));
                }
            }
            else {
                logger.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(),
                        completion.cause().toString());
            }
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, event);
    }

    private @Nullable String identityOf(SslHandler tls) {
        Certificate[] chain;
        try {
            chain = tls.engine().getSession().getPeerCertificates();
        }
        catch (SSLPeerUnverifiedException ex) {
            return null;
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            return null;
        }
        try {
            return switch (this.identity) {
                case SUBJECT_CN -> commonName(certificate);
                case SAN_DNS -> alternativeName(certificate, SAN_DNS);
                case SAN_EMAIL -> alternativeName(certificate, SAN_EMAIL);
                case SAN_URI -> alternativeName(certificate, SAN_URI);
            };
        }
        catch (InvalidNameException | CertificateParsingException ex) {
            logger.debug("Cannot read the {} of a client certificate: {}", this.identity, ex.toString());
            return null;
        }
    }

    private static @Nullable String commonName(X509Certificate certificate) throws InvalidNameException {
        List<Rdn> rdns = new LdapName(certificate.getSubjectX500Principal().getName()).getRdns();
        // the most specific CN comes last in LdapName's order
        for (int i = rdns.size() - 1; i >= 0; i--) {
            if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                return rdns.get(i).getValue().toString();
            }
        }
        return null;
    }

    private static @Nullable String alternativeName(X509Certificate certificate, int type)
            throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return null;
        }
        for (List<?> name : names) {
            if (name.size() >= 2 && name.get(0) instanceof Integer kind && kind == type
                    && name.get(1) instanceof String value) {
                return value;
            }
        }
        return null;
    }

}
