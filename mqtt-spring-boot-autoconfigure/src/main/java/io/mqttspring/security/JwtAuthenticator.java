package io.mqttspring.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;

import io.mqttspring.broker.security.AuthenticationRequest;
import io.mqttspring.broker.security.AuthenticationResult;
import io.mqttspring.broker.security.Authenticator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Authenticates clients that send a JWT as their password with the application's {@link JwtDecoder} (signature,
 * issuer, audience and expiry as Spring Security's resource server checks them); the connection ends when the token
 * expires. A password that is not a JWT goes to the next authenticator. Called on the broker's authentication pool.
 */
public final class JwtAuthenticator implements Authenticator {

    private static final Logger logger = LoggerFactory.getLogger(JwtAuthenticator.class);

    // header.payload.signature, each base64url
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final JwtDecoder decoder;

    private final Authenticator next;

    /**
     * Create a new instance.
     * @param decoder checks tokens
     * @param next authenticates clients whose password is not a token
     */
    public JwtAuthenticator(JwtDecoder decoder, Authenticator next) {
        this.decoder = decoder;
        this.next = next;
    }

    @Override
    public AuthenticationResult authenticate(AuthenticationRequest request) {
        byte[] password = request.password();
        String token = (password != null) ? new String(password, StandardCharsets.US_ASCII) : "";
        if (!COMPACT_JWS.matcher(token).matches()) {
            return this.next.authenticate(request);
        }
        Jwt jwt;
        try {
            jwt = this.decoder.decode(token);
        }
        catch (JwtException ex) {
            // never the token
            logger.debug("Token of {} refused: {}", request.clientId(), ex.getMessage());
            return AuthenticationResult.badCredentials();
        }
        Instant expiresAt = jwt.getExpiresAt();
        return (expiresAt != null) ? AuthenticationResult.successUntil(expiresAt) : AuthenticationResult.success();
    }

}
