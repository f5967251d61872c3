package io.mqttspring.security;

import java.nio.charset.StandardCharsets;

import io.mqttspring.broker.security.PasswordCheck;
import io.mqttspring.broker.security.UserDirectory;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * MQTT users checked by a Spring Security {@link AuthenticationManager}, so whatever authenticates the application's
 * HTTP users (a {@code UserDetailsService} over JDBC, LDAP, an identity provider) authenticates MQTT clients too.
 * Called on the broker's authentication pool, where blocking is fine.
 */
public final class AuthenticationManagerUsers implements UserDirectory {

    private final AuthenticationManager authenticationManager;

    public AuthenticationManagerUsers(AuthenticationManager authenticationManager) {
        this.authenticationManager = authenticationManager;
    }

    @Override
    public PasswordCheck check(String username, byte[] password) {
        try {
            this.authenticationManager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username,
                    new String(password, StandardCharsets.UTF_8)));
            return PasswordCheck.MATCHES;
        }
        catch (UsernameNotFoundException ex) {
            return PasswordCheck.UNKNOWN_USER;
        }
        catch (AuthenticationException ex) {
            // locked, disabled, expired or a wrong password: the same answer, so nothing can be probed
            return PasswordCheck.DOES_NOT_MATCH;
        }
    }

}
