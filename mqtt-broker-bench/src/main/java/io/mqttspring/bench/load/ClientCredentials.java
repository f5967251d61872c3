package io.mqttspring.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * The user name and password every load client sends in CONNECT, to measure what authentication costs a broker.
 *
 * @param username UTF-8 user name, or {@code null} for none
 * @param password password bytes, or {@code null} for none
 */
record ClientCredentials(byte[] username, byte[] password) {

    static final ClientCredentials NONE = new ClientCredentials(null, null);

    static ClientCredentials of(String username, String password) {
        if (username == null) {
            return NONE;
        }
        return new ClientCredentials(username.getBytes(StandardCharsets.UTF_8),
                (password != null) ? password.getBytes(StandardCharsets.UTF_8) : null);
    }

}
