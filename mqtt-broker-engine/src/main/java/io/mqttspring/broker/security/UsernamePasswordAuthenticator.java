package io.mqttspring.broker.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Objects;

/**
 * Accepts clients whose user name and password match a fixed set of credentials, compared in constant time.
 */
public final class UsernamePasswordAuthenticator implements Authenticator {

    private final Map<String, byte[]> passwords;

    private final boolean allowAnonymous;

    /**
     * Create a new instance.
     * @param credentials passwords by user name
     * @param allowAnonymous whether clients without a user name are accepted
     */
    public UsernamePasswordAuthenticator(Map<String, String> credentials, boolean allowAnonymous) {
        Objects.requireNonNull(credentials, "credentials");
        this.passwords = credentials.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, (entry) -> entry.getValue().getBytes(StandardCharsets.UTF_8)));
        this.allowAnonymous = allowAnonymous;
    }

    @Override
    public AuthenticationResult authenticate(AuthenticationRequest request) {
        if (request.username() == null) {
            return this.allowAnonymous ? AuthenticationResult.success() : AuthenticationResult.notAuthorized();
        }
        byte[] expected = this.passwords.get(request.username());
        byte[] presented = (request.password() != null) ? request.password() : new byte[0];
        if (expected == null || !MessageDigest.isEqual(expected, presented)) {
            return AuthenticationResult.badCredentials();
        }
        return AuthenticationResult.success();
    }

}
