package io.mqttspring.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mqttspring.broker.security.PasswordCheck;
import io.mqttspring.broker.security.UserDirectory;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Users whose passwords are stored as Spring Security {@link PasswordEncoder} strings ({@code {bcrypt}...},
 * {@code {pbkdf2}...}, {@code {argon2}...}); a password without an encoding id is refused when the users are
 * created, so plain text must be marked {@code {noop}} on purpose.
 */
public final class EncodedPasswordUsers implements UserDirectory {

    private static final Pattern ENCODING_ID = Pattern.compile("^\\{([^}]+)}.+", Pattern.DOTALL);

    // the ids PasswordEncoderFactories maps
    private static final Set<String> KNOWN_IDS = Set.of("bcrypt", "ldap", "MD4", "MD5", "noop", "pbkdf2",
            "pbkdf2@SpringSecurity_v5_8", "scrypt", "scrypt@SpringSecurity_v5_8", "SHA-1", "SHA-256", "sha256",
            "argon2", "argon2@SpringSecurity_v5_8");

    private final Map<String, String> passwords;

    private final PasswordEncoder encoder;

    /**
     * Create users checked with Spring Security's delegating password encoder.
     * @param passwords encoded passwords by user name
     * @throws IllegalArgumentException naming the user whose password has no known encoding id
     */
    public EncodedPasswordUsers(Map<String, String> passwords) {
        this(passwords, PasswordEncoderFactories.createDelegatingPasswordEncoder());
        passwords.forEach((user, password) -> {
            Matcher matcher = ENCODING_ID.matcher(password);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("The password of user '" + user + "' has no encoding id: store "
                        + "it encoded, such as {bcrypt}..., or mark plain text with {noop}");
            }
            if (!KNOWN_IDS.contains(matcher.group(1))) {
                throw new IllegalArgumentException("The password of user '" + user + "' has an unknown encoding id {"
                        + matcher.group(1) + "}; known: " + KNOWN_IDS);
            }
        });
    }

    /**
     * Create users checked with the given encoder.
     * @param passwords encoded passwords by user name
     * @param encoder the encoder the passwords were encoded with
     */
    public EncodedPasswordUsers(Map<String, String> passwords, PasswordEncoder encoder) {
        this.passwords = Map.copyOf(passwords);
        this.encoder = encoder;
    }

    @Override
    public PasswordCheck check(String username, byte[] password) {
        String encoded = this.passwords.get(username);
        if (encoded == null) {
            return PasswordCheck.UNKNOWN_USER;
        }
        return this.encoder.matches(new String(password, StandardCharsets.UTF_8), encoded) ? PasswordCheck.MATCHES
                : PasswordCheck.DOES_NOT_MATCH;
    }

}
