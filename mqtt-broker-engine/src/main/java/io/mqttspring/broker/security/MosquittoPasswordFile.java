package io.mqttspring.broker.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users from a Mosquitto {@code password_file}, read as {@code mosquitto_passwd} writes it: one {@code user:hash} line
 * per user, the hash either {@code $7$iterations$salt$hash} (PBKDF2 with HMAC-SHA512, Mosquitto 2's default) or
 * {@code $6$salt$hash} (SHA-512 of password and salt, Mosquitto 1.6 and earlier). The file is read again when it
 * changes, at most once a second, so users can be added without a restart. Thread-safe.
 */
public final class MosquittoPasswordFile implements UserDirectory {

    private static final Logger logger = LoggerFactory.getLogger(MosquittoPasswordFile.class);

    /** Iterations of the entries {@link #entry} writes: ten times Mosquitto's 101, about a millisecond each. */
    public static final int DEFAULT_ITERATIONS = 1000;

    private static final int SALT_BYTES = 12;

    private static final int PBKDF2_HASH_BYTES = 64;

    private static final long RECHECK_NANOS = 1_000_000_000L;

    private static final SecureRandom random = new SecureRandom();

    private final Path path;

    private volatile Snapshot snapshot;

    private volatile long checkedAt;

    private MosquittoPasswordFile(Path path, Snapshot snapshot) {
        this.path = path;
        this.snapshot = snapshot;
        this.checkedAt = System.nanoTime();
    }

    /**
     * Read a password file.
     * @param path the file
     * @return the users it holds
     * @throws IllegalArgumentException if the file cannot be read or a line is not a Mosquitto entry, naming the file
     * and the line
     */
    public static MosquittoPasswordFile read(Path path) {
        Objects.requireNonNull(path, "path");
        return new MosquittoPasswordFile(path, Snapshot.read(path));
    }

    /**
     * Return how many users the file holds.
     * @return the user count
     */
    public int size() {
        return current().hashes.size();
    }

    @Override
    public PasswordCheck check(String username, byte[] password) {
        PasswordHash hash = current().hashes.get(username);
        if (hash == null) {
            return PasswordCheck.UNKNOWN_USER;
        }
        return hash.matches(password) ? PasswordCheck.MATCHES : PasswordCheck.DOES_NOT_MATCH;
    }

    private Snapshot current() {
        long now = System.nanoTime();
        if (now - this.checkedAt > RECHECK_NANOS) {
            this.checkedAt = now;
            reloadIfChanged();
        }
        return this.snapshot;
    }

    private void reloadIfChanged() {
        Snapshot known = this.snapshot;
        try {
            FileTime modified = Files.getLastModifiedTime(this.path);
            if (modified.equals(known.modified) && Files.size(this.path) == known.size) {
                return;
            }
            this.snapshot = Snapshot.read(this.path);
            logger.info("Reloaded {} users from {}", this.snapshot.hashes.size(), this.path);
        }
        catch (IOException | RuntimeException ex) {
            // a file half-written by an editor must not lock everyone out: keep the users read before
            logger.warn("Keeping the users read before: could not reload {}: {}", this.path, ex.getMessage());
        }
    }

    /**
     * Make a password file line as {@code mosquitto_passwd} would, PBKDF2-SHA512 with a random salt.
     * @param username the user name; no {@code :} or line break
     * @param password the password
     * @param iterations PBKDF2 iterations
     * @return the line, without line break
     */
    public static String entry(String username, char[] password, int iterations) {
        if (username.isEmpty() || username.indexOf(':') >= 0 || username.indexOf('\n') >= 0
                || username.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("A user name must be non-empty and hold no ':' or line break");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder();
        return username + ":$7$" + iterations + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(pbkdf2(password, salt, iterations));
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, PBKDF2_HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is not available", ex);
        }
        finally {
            spec.clearPassword();
        }
    }

    private record Snapshot(Map<String, PasswordHash> hashes, @Nullable FileTime modified, long size) {

        static Snapshot read(Path path) {
            List<String> lines;
            FileTime modified;
            long size;
            try {
                modified = Files.getLastModifiedTime(path);
                size = Files.size(path);
                lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            }
            catch (IOException ex) {
                throw new IllegalArgumentException("Cannot read password file " + path + ": " + ex, ex);
            }
            Map<String, PasswordHash> hashes = new HashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                PasswordHash hash = (colon > 0) ? PasswordHash.parse(line.substring(colon + 1)) : null;
                if (hash == null) {
                    // never echo the line: it may hold a password
                    throw new IllegalArgumentException("Password file " + path + " line " + (i + 1)
                            + " is not a user:$7$... or user:$6$... entry written by mosquitto_passwd");
                }
                hashes.put(line.substring(0, colon), hash);
            }
            return new Snapshot(Map.copyOf(hashes), modified, size);
        }

    }

    private record PasswordHash(int iterations, byte[] salt, byte[] hash) {

        /** Iterations 0 stands for the single SHA-512 of the {@code $6$} format. */
        static @Nullable PasswordHash parse(String value) {
            String[] parts = value.split("\\$", -1);
            Base64.Decoder base64 = Base64.getDecoder();
            try {
                if (parts.length == 4 && parts[0].isEmpty() && parts[1].equals("6")) {
                    return new PasswordHash(0, base64.decode(parts[2]), base64.decode(parts[3]));
                }
                if (parts.length == 5 && parts[0].isEmpty() && parts[1].equals("7")) {
                    int iterations = Integer.parseInt(parts[2]);
                    return (iterations > 0)
                            ? new PasswordHash(iterations, base64.decode(parts[3]), base64.decode(parts[4])) : null;
                }
            }
            catch (IllegalArgumentException ex) {
                return null;
            }
            return null;
        }

        boolean matches(byte[] password) {
            byte[] computed;
            if (this.iterations == 0) {
                MessageDigest digest = sha512();
                digest.update(password);
                digest.update(this.salt);
                computed = digest.digest();
            }
            else {
                // PBEKeySpec takes chars and hashes their UTF-8 bytes, as Mosquitto hashes the password's bytes
                CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(password));
                char[] text = new char[chars.remaining()];
                chars.get(text);
                computed = pbkdf2(text, this.salt, this.iterations);
                Arrays.fill(text, '\0');
            }
            return MessageDigest.isEqual(computed, this.hash);
        }

        private static MessageDigest sha512() {
            try {
                return MessageDigest.getInstance("SHA-512");
            }
            catch (GeneralSecurityException ex) {
                throw new IllegalStateException("SHA-512 is not available", ex);
            }
        }

    }

}
