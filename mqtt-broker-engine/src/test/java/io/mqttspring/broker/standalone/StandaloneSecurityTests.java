package io.mqttspring.broker.standalone;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.AnonymousAccess;
import io.mqttspring.broker.config.ClientAuth;
import io.mqttspring.broker.security.AclAuthorizer;
import io.mqttspring.broker.security.UserDirectoryAuthenticator;
import io.mqttspring.broker.support.TestPki;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The standalone jar's security options, and Debian's mosquitto_pub and mosquitto_sub against a broker launched with
 * them, as a Mosquitto operator would run it.
 */
class StandaloneSecurityTests {

    @TempDir
    Path directory;

    private Path passwordFile() {
        Path file = this.directory.resolve("passwd");
        assertThat(PasswordCommand.run(new String[] { "-b", file.toString(), "alice", "secret" })).isZero();
        assertThat(PasswordCommand.run(new String[] { "-b", file.toString(), "bob", "hunter2" })).isZero();
        // replacing an entry keeps one line per user
        assertThat(PasswordCommand.run(new String[] { "-b", file.toString(), "bob", "hunter3" })).isZero();
        return file;
    }

    private Path aclFile() throws Exception {
        return Files.write(this.directory.resolve("acl"), List.of("user alice", "topic readwrite users/alice/#",
                "user bob", "topic read users/alice/#"));
    }

    @Test
    @DisplayName("The passwd command writes Mosquitto entries, one line per user, readable by the owner only")
    void passwdCommand() throws Exception {
        Path file = passwordFile();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2).allMatch((line) -> line.matches("(alice|bob):\\$7\\$1000\\$.+\\$.+"));
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        assertThat(PasswordCommand.run(new String[] { "-b", file.toString(), "bad:name", "x" })).isEqualTo(1);
    }

    @Test
    @DisplayName("Security options build the authenticator, the authorizer and the TLS listener")
    void options() throws Exception {
        TestPki pki = TestPki.create(this.directory);
        StandaloneBroker.Launch launch = StandaloneBroker.launch(new String[] { "--password-file",
                passwordFile().toString(), "--acl-file", aclFile().toString(), "--allow-anonymous", "false",
                "--tls-port", "8884", "--tls-cert", pki.certificateFile().toString(), "--tls-key",
                pki.keyFile().toString(), "--tls-ca", pki.caFile().toString(), "--tls-client-auth", "required",
                "--ws-port", "9001", "--wss-port", "9002" });
        assertThat(launch.authenticator()).isInstanceOf(UserDirectoryAuthenticator.class);
        assertThat(launch.authorizer()).isInstanceOf(AclAuthorizer.class);
        assertThat(launch.config().anonymousAccess()).isEqualTo(AnonymousAccess.REFUSED);
        assertThat(launch.config().tlsListeners().port()).isEqualTo(8884);
        assertThat(launch.config().tlsListeners().tls().clientAuth()).isEqualTo(ClientAuth.REQUIRED);
        assertThat(launch.config().listeners()).extracting((listener) -> listener.name() + ":" + listener.port())
            .containsExactly("mqtt:1883", "mqtts:8884", "ws:9001", "wss:9002");
    }

    @Test
    @DisplayName("Options that cannot work together, or files that cannot be read, fail naming the option")
    void badOptions() {
        assertThatThrownBy(() -> StandaloneBroker.launch(new String[] { "--tls-port", "8883" }))
            .hasMessageContaining("--tls-port needs --tls-cert");
        assertThatThrownBy(() -> StandaloneBroker.launch(new String[] { "--wss-port", "8084" }))
            .hasMessageContaining("--wss-port needs --tls-cert");
        assertThatThrownBy(() -> StandaloneBroker.launch(new String[] { "--password-file", "/nonexistent/passwd" }))
            .hasMessageContaining("--password-file").hasMessageContaining("/nonexistent/passwd");
        assertThatThrownBy(() -> StandaloneBroker.launch(new String[] { "--tls-cert", "/nonexistent/cert.pem" }))
            .hasMessageContaining("--tls-cert").hasMessageContaining("cannot read");
    }

    @Test
    @DisplayName("mosquitto_pub and mosquitto_sub over TLS with --cafile, a client certificate and a password reach "
            + "each other; a wrong password and a topic outside the ACL are refused")
    void mosquittoClientsOverTls() throws Exception {
        assumeTrue(onPath("mosquitto_pub") && onPath("mosquitto_sub"),
                "mosquitto_pub and mosquitto_sub are not installed (apt-get install mosquitto-clients)");
        TestPki pki = TestPki.create(this.directory);
        Path clientCertificate = pki.writeClientFiles(pki.clientCertificate("alice-laptop", null), "alice");
        MqttBroker broker = StandaloneBroker.launch(new String[] { "--host", "127.0.0.1", "--port", "0",
                "--sys-interval", "0", "--tls-port", "0", "--tls-cert", pki.certificateFile().toString(),
                "--tls-key", pki.keyFile().toString(), "--tls-ca", pki.caFile().toString(), "--tls-client-auth",
                "optional", "--password-file", passwordFile().toString(), "--acl-file", aclFile().toString(),
                "--allow-anonymous", "false" }).newBroker();
        broker.start();
        try {
            String port = String.valueOf(broker.port("mqtts"));
            List<String> tls = List.of("-h", "127.0.0.1", "-p", port, "--cafile", pki.caFile().toString());
            Process subscriber = start(tls, "mosquitto_sub", "-u", "bob", "-P", "hunter3", "-t", "users/alice/#",
                    "-C", "1", "-W", "20", "-V", "mqttv5");
            // the subscription is in place once a retained-free publish reaches it: retry until it does
            String received = null;
            for (int attempt = 0; attempt < 40 && received == null; attempt++) {
                Process publisher = start(tls, "mosquitto_pub", "--cert", clientCertificate.toString(), "--key",
                        clientCertificate.resolveSibling("alice.key").toString(), "-u", "alice", "-P", "secret",
                        "-t", "users/alice/greeting", "-m", "hello over tls", "-q", "1");
                assertThat(publisher.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(publisher.exitValue()).as(output(publisher)).isZero();
                if (subscriber.waitFor(250, TimeUnit.MILLISECONDS)) {
                    received = output(subscriber).strip();
                }
            }
            assertThat(received).isEqualTo("hello over tls");
            Process wrongPassword = start(tls, "mosquitto_pub", "-u", "alice", "-P", "wrong", "-t",
                    "users/alice/x", "-m", "x");
            assertThat(wrongPassword.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(wrongPassword.exitValue()).isNotZero();
            assertThat(output(wrongPassword).toLowerCase()).contains("password");
            Process outsideAcl = start(tls, "mosquitto_sub", "-u", "bob", "-P", "hunter3", "-t", "users/bob/#",
                    "-C", "1", "-W", "5", "-V", "mqttv311");
            assertThat(outsideAcl.waitFor(20, TimeUnit.SECONDS)).isTrue();
            // SUBACK 0x80: mosquitto_sub reports the refusal and gives up
            assertThat(output(outsideAcl)).contains("denied");
            assertThat(broker.statistics().authenticationFailures()).isEqualTo(1);
        }
        finally {
            broker.stop();
        }
    }

    @Test
    @DisplayName("--config reads the starter's mqtt.broker.* keys in Spring Boot's formats, TLS from a PEM bundle in "
            + "the same file; options after it override it")
    void configFile() throws Exception {
        TestPki pki = TestPki.create(this.directory);
        Path file = Files.write(this.directory.resolve("broker.properties"), List.of(
                "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.port=1999",
                "mqtt.broker.connect-timeout=3s",
                "mqtt.broker.limits.max-packet-size=64KB",
                "mqtt.broker.limits.max-connections=500",
                "mqtt.broker.session.max-expiry=2h",
                "mqtt.broker.session.queue-overflow-policy=drop-oldest",
                "mqtt.broker.persistence.enabled=true",
                "mqtt.broker.persistence.path=/var/lib/mqtt",
                "mqtt.broker.persistence.sync-policy=periodic",
                "mqtt.broker.persistence.sync-interval=250ms",
                "mqtt.broker.capabilities.maximum-qos=at-least-once",
                "mqtt.broker.websocket.enabled=true",
                "mqtt.broker.websocket.allowed-origins=https://a.example, http://localhost:*",
                "mqtt.broker.security.allow-anonymous=false",
                "mqtt.broker.security.password-file=" + passwordFile(),
                "mqtt.broker.security.acl[0].user=alice",
                "mqtt.broker.security.acl[0].topic=users/alice/#",
                "mqtt.broker.security.acl[1].permission=deny",
                "mqtt.broker.security.acl[1].topic=#",
                "mqtt.broker.security.acl[1].actions=publish",
                "mqtt.broker.ssl.bundle=mqtt",
                "mqtt.broker.ssl.port=8884",
                "mqtt.broker.ssl.client-auth=optional",
                "spring.ssl.bundle.pem.mqtt.keystore.certificate=file:" + pki.certificateFile(),
                "spring.ssl.bundle.pem.mqtt.keystore.private-key=" + pki.keyFile(),
                "spring.ssl.bundle.pem.mqtt.truststore.certificate=file:" + pki.caFile()));
        StandaloneBroker.Launch launch = StandaloneBroker.launch(new String[] { "--config", file.toString(),
                "--port", "2000" });
        var config = launch.config();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).as("the option after --config wins").isEqualTo(2000);
        assertThat(config.connectTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(config.limits().maxPacketSize()).isEqualTo(65_536);
        assertThat(config.quotas().maxConnections()).isEqualTo(500);
        assertThat(config.limits().maxSessionExpiry()).isEqualTo(java.time.Duration.ofHours(2));
        assertThat(config.limits().queueOverflowPolicy())
            .isEqualTo(io.mqttspring.broker.config.QueueOverflowPolicy.DROP_OLDEST);
        assertThat(config.capabilities().maximumQos()).isEqualTo(io.mqttspring.broker.message.QoS.AT_LEAST_ONCE);
        assertThat(config.persistence()).isEqualTo(new io.mqttspring.broker.config.Persistence(Path.of("/var/lib/mqtt"),
                io.mqttspring.broker.config.SyncPolicy.PERIODIC, java.time.Duration.ofMillis(250)));
        assertThat(config.webSocket().allowedOrigins()).containsExactly("https://a.example", "http://localhost:*");
        assertThat(config.anonymousAccess()).isEqualTo(AnonymousAccess.REFUSED);
        assertThat(config.tlsListeners().port()).isEqualTo(8884);
        assertThat(config.tlsListeners().tls().clientAuth()).isEqualTo(ClientAuth.OPTIONAL);
        assertThat(launch.authenticator()).isInstanceOf(UserDirectoryAuthenticator.class);
        assertThat(((AclAuthorizer) launch.authorizer()).getRules()).hasSize(2);
        assertThat(config.listeners()).extracting((listener) -> listener.name()).containsExactly("mqtt", "mqtts", "ws");
    }

    @Test
    @DisplayName("An unknown key or a bad value in --config fails naming the file and the key")
    void badConfigFile() throws Exception {
        Path unknown = Files.write(this.directory.resolve("unknown.properties"), List.of("mqtt.broker.prot=1883"));
        assertThatThrownBy(() -> StandaloneBroker.launch(new String[] { "--config", unknown.toString() }))
            .hasMessageContaining("unknown.properties").hasMessageContaining("mqtt.broker.prot: unknown key");
        Path bad = Files.write(this.directory.resolve("bad.properties"), List.of("mqtt.broker.sys-interval=soon"));
        assertThatThrownBy(() -> StandaloneBroker.launch(new String[] { "--config", bad.toString() }))
            .hasMessageContaining("mqtt.broker.sys-interval").hasMessageContaining("not a duration");
        Path users = Files.write(this.directory.resolve("users.properties"),
                List.of("mqtt.broker.security.users.alice.password={noop}x"));
        assertThatThrownBy(() -> StandaloneBroker.launch(new String[] { "--config", users.toString() }))
            .hasMessageContaining("password-file");
    }

    private Process start(List<String> connection, String command, String... arguments) throws Exception {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(command);
        commandLine.addAll(connection);
        commandLine.addAll(List.of(arguments));
        return new ProcessBuilder(commandLine).redirectErrorStream(true).start();
    }

    private static String output(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (java.io.IOException ex) {
            return ex.toString();
        }
    }

    private static boolean onPath(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }

}
