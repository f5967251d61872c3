package io.mqttspring.broker.security;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading Mosquitto password files; the lines below were written by Debian's {@code mosquitto_passwd} 2.0.
 */
class MosquittoPasswordFileTests {

    // mosquitto_passwd -c -b pw alice secret; mosquitto_passwd -H sha512 -b pw bob hunter2
    static final String ALICE = "alice:$7$101$GFZvnH9cyYPaiyTC$OgdXw0Qb8qX6loJ1gOG1Y9BVxvZX8nr6aM6/aQAY3HgrqQEwQna3f7g"
            + "+cpzpD2jsCuoU65Mzh9nOsFZsZ1WNkw==";

    static final String BOB = "bob:$6$pfas1dL3p+nYJO2M$UZDc+NWKN/P5yjSkKyuBWBeGOQLCdTDWZrz9V9IISs1G9X10vL5RPG2PZT"
            + "yaC/154RZsCQ8YRtxAFgMn77VrGw==";

    @TempDir
    Path directory;

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("$7$ (PBKDF2-SHA512) and $6$ (SHA-512) entries written by mosquitto_passwd check as Mosquitto does")
    void readsMosquittoEntries() throws Exception {
        Path file = Files.write(this.directory.resolve("passwd"), List.of("# users", ALICE, BOB));
        MosquittoPasswordFile users = MosquittoPasswordFile.read(file);
        assertThat(users.size()).isEqualTo(2);
        assertThat(users.check("alice", bytes("secret"))).isEqualTo(PasswordCheck.MATCHES);
        assertThat(users.check("alice", bytes("Secret"))).isEqualTo(PasswordCheck.DOES_NOT_MATCH);
        assertThat(users.check("bob", bytes("hunter2"))).isEqualTo(PasswordCheck.MATCHES);
        assertThat(users.check("bob", bytes(""))).isEqualTo(PasswordCheck.DOES_NOT_MATCH);
        assertThat(users.check("carol", bytes("secret"))).isEqualTo(PasswordCheck.UNKNOWN_USER);
    }

    @Test
    @DisplayName("Entries this broker writes check against themselves, with a fresh salt each time")
    void writesEntries() throws Exception {
        String first = MosquittoPasswordFile.entry("carol", "pässword".toCharArray(), 1000);
        String second = MosquittoPasswordFile.entry("carol", "pässword".toCharArray(), 1000);
        assertThat(first).startsWith("carol:$7$1000$").isNotEqualTo(second);
        MosquittoPasswordFile users = MosquittoPasswordFile.read(Files.write(this.directory.resolve("p"),
                List.of(first)));
        assertThat(users.check("carol", bytes("pässword"))).isEqualTo(PasswordCheck.MATCHES);
        assertThatThrownBy(() -> MosquittoPasswordFile.entry("a:b", new char[1], 1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("A changed file is read again; a broken one keeps the users read before")
    void reloads() throws Exception {
        Path file = Files.write(this.directory.resolve("passwd"), List.of(ALICE));
        MosquittoPasswordFile users = MosquittoPasswordFile.read(file);
        assertThat(users.check("bob", bytes("hunter2"))).isEqualTo(PasswordCheck.UNKNOWN_USER);
        Files.write(file, List.of(ALICE, BOB));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
            .until(() -> users.check("bob", bytes("hunter2")) == PasswordCheck.MATCHES);
        Files.write(file, List.of("garbage line"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        Thread.sleep(1100);
        assertThat(users.check("alice", bytes("secret"))).isEqualTo(PasswordCheck.MATCHES);
    }

    @Test
    @DisplayName("A line that is not an entry fails naming the file and line, never echoing it")
    void refusesPlainText() throws Exception {
        Path file = Files.write(this.directory.resolve("passwd"), List.of(ALICE, "dave:plaintext-password"));
        assertThatThrownBy(() -> MosquittoPasswordFile.read(file)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(file + " line 2")
            .hasMessageNotContaining("plaintext-password");
        assertThatThrownBy(() -> MosquittoPasswordFile.read(this.directory.resolve("missing")))
            .hasMessageContaining("missing");
    }

}
