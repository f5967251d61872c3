package io.mqttspring.broker.v5;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.security.AuthenticationExchange;
import io.mqttspring.broker.security.AuthenticationRequest;
import io.mqttspring.broker.security.AuthenticationStep;
import io.mqttspring.broker.security.EnhancedAuthenticator;

/**
 * A challenge/response authentication method for tests, with mutual proof: the client opens with a nonce, the
 * broker challenges with its own nonce, the client answers HMAC-SHA256(secret, "client" + nonces) and the broker
 * closes with HMAC-SHA256(secret, "server" + nonces). The secret never travels.
 */
final class HmacChallengeAuthenticator implements EnhancedAuthenticator {

    static final String METHOD = "HMAC-CHALLENGE-SHA256";

    private final Map<String, String> secrets;

    private final SecureRandom random = new SecureRandom();

    HmacChallengeAuthenticator(Map<String, String> secrets) {
        this.secrets = secrets;
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public AuthenticationExchange begin(AuthenticationRequest request) {
        String secret = (request.username() != null) ? this.secrets.get(request.username()) : null;
        byte[] serverNonce = new byte[16];
        this.random.nextBytes(serverNonce);
        return new AuthenticationExchange() {

            private byte[] clientNonce;

            @Override
            public AuthenticationStep next(byte[] clientData) {
                if (this.clientNonce == null) {
                    if (clientData == null || clientData.length == 0) {
                        return AuthenticationStep.failure(ReasonCode.NOT_AUTHORIZED);
                    }
                    this.clientNonce = clientData;
                    return AuthenticationStep.challenge(serverNonce);
                }
                if (secret == null || clientData == null
                        || !MessageDigest.isEqual(proof(secret, "client", this.clientNonce, serverNonce), clientData)) {
                    return AuthenticationStep.failure(ReasonCode.BAD_USER_NAME_OR_PASSWORD);
                }
                return AuthenticationStep.success(proof(secret, "server", this.clientNonce, serverNonce));
            }

        };
    }

    static byte[] proof(String secret, String side, byte[] clientNonce, byte[] serverNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(side.getBytes(StandardCharsets.UTF_8));
            mac.update(clientNonce);
            return mac.doFinal(serverNonce);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

}
