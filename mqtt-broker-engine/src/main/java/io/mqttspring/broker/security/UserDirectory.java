package io.mqttspring.broker.security;

/**
 * A set of users with their passwords: a Mosquitto password file, users from application properties, a database.
 * Called on the authentication pool, never on an event loop, so implementations may block. Thread-safe.
 */
@FunctionalInterface
public interface UserDirectory {

    /**
     * Check a password.
     * @param username the user name from CONNECT
     * @param password the password from CONNECT, empty when none was sent
     * @return whether the user is known and the password theirs
     */
    PasswordCheck check(String username, byte[] password);

}
