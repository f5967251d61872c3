package io.mqttspring.broker.security;

import java.util.List;

/**
 * Authenticates clients by user name and password against one or more {@link UserDirectory directories}, asked in
 * order until one knows the user. Clients without a user name pass: whether anonymous clients may connect at all is
 * the broker's anonymous-access setting, checked before any authenticator.
 */
public final class UserDirectoryAuthenticator implements Authenticator {

    private final List<UserDirectory> directories;

    /**
     * Create a new instance.
     * @param directories the directories, asked in order
     */
    public UserDirectoryAuthenticator(List<? extends UserDirectory> directories) {
        this.directories = List.copyOf(directories);
    }

    @Override
    public AuthenticationResult authenticate(AuthenticationRequest request) {
        String username = request.username();
        if (username == null) {
            return AuthenticationResult.success();
        }
        byte[] password = (request.password() != null) ? request.password() : new byte[0];
        for (UserDirectory directory : this.directories) {
            switch (directory.check(username, password)) {
                case MATCHES:
                    return AuthenticationResult.success();
                case DOES_NOT_MATCH:
                    return AuthenticationResult.badCredentials();
                default:
                    break;
            }
        }
        // an unknown user gets the same answer as a wrong password, so user names cannot be probed
        return AuthenticationResult.badCredentials();
    }

}
