package io.mqttspring.autoconfigure.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.mqttspring.actuate.MqttBrokerHealthIndicator;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.AnonymousAccess;
import io.mqttspring.broker.config.Quotas;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.support.TestPki;
import io.netty.pkitesting.X509Bundle;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mqtt.broker.security.*} and {@code mqtt.broker.ssl.*}: users with encoded passwords, ACL rules and files,
 * anonymous access, and TLS from a Spring Boot SSL bundle, driven by Paho and the HiveMQ client.
 */
class MqttSecurityPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MqttBrokerAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.enabled=false", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s");

    @TempDir
    Path directory;

    @Test
    @DisplayName("Users with {bcrypt} and {noop} passwords authenticate; a wrong password gets CONNACK 0x04 and, with "
            + "allow-anonymous=false, no credentials 0x05 [MQTT-3.1.4-2]")
    void usersFromProperties() {
        String bcrypt = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("s3cret");
        this.runner.withPropertyValues("mqtt.broker.security.users.alice.password=" + bcrypt,
                "mqtt.broker.security.users.bob.password={noop}plain", "mqtt.broker.security.allow-anonymous=false")
            .run((context) -> {
                MqttBroker broker = context.getBean(MqttBroker.class);
                assertThat(broker.config().anonymousAccess()).isEqualTo(AnonymousAccess.REFUSED);
                int port = broker.port();
                assertThat(PahoLogins.login(port, "alice", "s3cret")).isZero();
                assertThat(PahoLogins.login(port, "bob", "plain")).isZero();
                assertThat(PahoLogins.login(port, "alice", "plain")).isEqualTo(4);
                assertThat(PahoLogins.login(port, null, null)).isEqualTo(5);
                assertThat(broker.statistics().authenticationFailures()).isEqualTo(2);
            });
    }

    @Test
    @DisplayName("A password without an encoding id fails start-up naming the property and not the password")
    void plainTextRefused() {
        this.runner.withPropertyValues("mqtt.broker.security.users.alice.password=hunter2").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("mqtt.broker.security.users")
                .hasMessageContaining("{noop}")
                .hasMessageNotContaining("hunter2");
        });
    }

    @Test
    @DisplayName("ACL rules from properties, then from a Mosquitto ACL file: denied subscriptions get SUBACK 0x80 "
            + "[MQTT-3.9.3-2]")
    void aclRules() throws Exception {
        Path aclFile = Files.write(this.directory.resolve("acl"), List.of("pattern read devices/%c/commands"));
        this.runner.withPropertyValues("mqtt.broker.security.acl[0].permission=deny",
                "mqtt.broker.security.acl[0].topic=test/nosubscribe", "mqtt.broker.security.acl[1].topic=test/#",
                "mqtt.broker.security.acl[1].actions=subscribe", "mqtt.broker.security.acl-file=" + aclFile)
            .run((context) -> {
                int port = context.getBean(MqttBroker.class).port();
                org.eclipse.paho.client.mqttv3.MqttClient client = new org.eclipse.paho.client.mqttv3.MqttClient(
                        "tcp://127.0.0.1:" + port, "pump-3", new MemoryPersistence());
                client.connect();
                IMqttToken token = client.subscribeWithResponse(new String[] { "test/nosubscribe", "test/other",
                        "devices/pump-3/commands", "devices/pump-4/commands" }, new int[] { 1, 1, 1, 1 });
                assertThat(token.getGrantedQos()).containsExactly(0x80, 1, 1, 0x80);
                client.disconnect();
                client.close();
            });
    }

    @Test
    @DisplayName("A rule without a topic, or with two subjects, fails start-up naming the rule")
    void badRule() {
        this.runner.withPropertyValues("mqtt.broker.security.acl[0].user=alice").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("mqtt.broker.security.acl[0]");
        });
    }

    @Test
    @DisplayName("TLS from a PEM SSL bundle with client certificates required, on OpenSSL: a HiveMQ client with a "
            + "certificate connects, its CN the user name; health shows the mqtts listener and its TLS")
    void tlsFromSslBundle() throws Exception {
        TestPki pki = TestPki.create(this.directory);
        X509Bundle device = pki.clientCertificate("meter-9", null);
        List<ClientInfo> connected = new java.util.concurrent.CopyOnWriteArrayList<>();
        this.runner.withPropertyValues("spring.ssl.bundle.pem.mqtt.keystore.certificate=file:" + pki.certificateFile(),
                "spring.ssl.bundle.pem.mqtt.keystore.private-key=file:" + pki.keyFile(),
                "spring.ssl.bundle.pem.mqtt.truststore.certificate=file:" + pki.caFile(),
                "mqtt.broker.ssl.bundle=mqtt", "mqtt.broker.ssl.port=0", "mqtt.broker.ssl.client-auth=required",
                "mqtt.broker.ssl.identity-as-username=true")
            .withBean(BrokerListener.class, () -> new BrokerListener() {

                @Override
                public void clientConnected(ClientInfo client, boolean sessionPresent) {
                    connected.add(client);
                }

            })
            .run((context) -> {
                MqttBroker broker = context.getBean(MqttBroker.class);
                Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("meter")
                    .serverHost("127.0.0.1").serverPort(broker.port("mqtts")).sslConfig()
                    .trustManagerFactory(pki.authority().toTrustManagerFactory())
                    .keyManagerFactory(device.toKeyManagerFactory()).applySslConfig().buildBlocking();
                client.connect();
                client.disconnect();
                assertThat(connected).singleElement().extracting(ClientInfo::username).isEqualTo("meter-9");
                Health health = new MqttBrokerHealthIndicator(broker).health();
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> listeners = (Map<String, Map<String, Object>>) health.getDetails()
                    .get("listeners");
                assertThat(listeners).containsOnlyKeys("mqtt", "mqtts");
                // netty-tcnative is on this module's test class path: OpenSSL serves TLS
                assertThat(listeners.get("mqtts")).containsEntry("active", true).containsEntry("tls", "OpenSSL");
            });
    }

    @Test
    @DisplayName("A reloaded SSL bundle serves the next TLS connection without a restart")
    void reloadedBundle() throws Exception {
        TestPki pki = TestPki.create(this.directory);
        DefaultSslBundleRegistry bundles = new DefaultSslBundleRegistry("mqtt", bundle(pki.server()));
        this.runner.withBean(SslBundles.class, () -> bundles)
            .withPropertyValues("mqtt.broker.ssl.bundle=mqtt", "mqtt.broker.ssl.port=0")
            .run((context) -> {
                int port = context.getBean(MqttBroker.class).port("mqtts");
                assertThat(serverSubject(pki, port)).isEqualTo("CN=broker");
                bundles.updateBundle("mqtt", bundle(pki.issueServerCertificate("CN=broker-renewed")));
                assertThat(serverSubject(pki, port)).isEqualTo("CN=broker-renewed");
            });
    }

    private static SslBundle bundle(X509Bundle server) {
        return SslBundle.of(new PemSslStoreBundle(PemSslStoreDetails.forCertificate(server.getCertificatePathPEM())
            .withPrivateKey(server.getPrivateKeyPEM()), null));
    }

    private static String serverSubject(TestPki pki, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) pki.clientSocketFactory(null).createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                .getName();
        }
    }

    @Test
    @DisplayName("An SSL bundle that does not exist fails start-up naming mqtt.broker.ssl.bundle")
    void unknownBundle() {
        this.runner.withPropertyValues("mqtt.broker.ssl.bundle=missing").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("mqtt.broker.ssl.bundle");
        });
    }

    @Test
    @DisplayName("mqtt.broker.limits.* caps reach the broker's quotas; a negative one fails naming its property")
    void limits() {
        this.runner.withPropertyValues("mqtt.broker.limits.max-connections=10",
                "mqtt.broker.limits.max-connections-per-address=5", "mqtt.broker.limits.connect-rate-per-address=20",
                "mqtt.broker.limits.max-subscriptions-per-client=100", "mqtt.broker.limits.max-retained-messages=1000",
                "mqtt.broker.limits.max-retained-bytes=1MB", "mqtt.broker.limits.max-retained-message-size=64KB",
                "mqtt.broker.limits.publish-rate-per-client=50", "mqtt.broker.limits.bandwidth-per-client=128KB",
                "mqtt.broker.limits.slow-failed-logins=false")
            .run((context) -> assertThat(context.getBean(MqttBroker.class).config().quotas()).isEqualTo(
                    new Quotas(10, 5, 20, 100, 1000, 1024 * 1024, 64 * 1024, 50, 128 * 1024, false)));
        this.runner.withPropertyValues("mqtt.broker.limits.max-connections=-1").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("mqtt.broker.limits.max-connections");
        });
    }

}
