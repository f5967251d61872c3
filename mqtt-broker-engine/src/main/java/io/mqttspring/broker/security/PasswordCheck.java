package io.mqttspring.broker.security;

/**
 * What a {@link UserDirectory} says about a user name and password.
 */
public enum PasswordCheck {

    /** The user is known and the password is theirs. */
    MATCHES,

    /** The user is known and the password is not theirs. */
    DOES_NOT_MATCH,

    /** The directory does not know the user; the next directory may. */
    UNKNOWN_USER

}
