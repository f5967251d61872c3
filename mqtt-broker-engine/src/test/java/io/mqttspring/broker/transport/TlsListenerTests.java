package io.mqttspring.broker.transport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.CertificateIdentity;
import io.mqttspring.broker.config.ClientAuth;
import io.mqttspring.broker.config.InvalidConfigurationException;
import io.mqttspring.broker.config.TlsConfig;
import io.mqttspring.broker.config.TlsCredentials;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.MqttBrokerException;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.security.AclAuthorizer;
import io.mqttspring.broker.security.AclRule;
import io.mqttspring.broker.security.AclRule.Action;
import io.mqttspring.broker.security.AclRule.Subject;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.TestPki;
import io.netty.pkitesting.X509Bundle;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MQTT over TLS and secure WebSocket, driven by Paho and the HiveMQ client with certificates made in the test.
 */
class TlsListenerTests {

    @TempDir
    Path directory;

    private TestPki pki;

    private MqttBroker broker;

    private final List<ClientInfo> connected = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createPki() {
        this.pki = TestPki.create(this.directory);
    }

    @AfterEach
    void stopBroker() {
        if (this.broker != null) {
            this.broker.stop();
        }
    }

    private MqttBroker start(Consumer<BrokerConfig.Builder> config, Consumer<MqttBroker.Builder> builder) {
        MqttBroker.Builder brokerBuilder = MqttBroker.builder()
            .config(BrokerExtension.testConfig((settings) -> {
                settings.tlsHost("127.0.0.1").tlsPort(0);
                config.accept(settings);
            }))
            .listener(new BrokerListener() {

                @Override
                public void clientConnected(ClientInfo client, boolean sessionPresent) {
                    TlsListenerTests.this.connected.add(client);
                }

            });
        builder.accept(brokerBuilder);
        this.broker = brokerBuilder.build();
        this.broker.start();
        return this.broker;
    }

    private MqttBroker start(Consumer<BrokerConfig.Builder> config) {
        return start(config, (builder) -> {
        });
    }

    private Mqtt5BlockingClient hiveMq(int port, String clientId, X509Bundle clientCertificate) throws Exception {
        var sslConfig = MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1")
            .serverPort(port).sslConfig().trustManagerFactory(this.pki.authority().toTrustManagerFactory());
        if (clientCertificate != null) {
            sslConfig = sslConfig.keyManagerFactory(clientCertificate.toKeyManagerFactory());
        }
        return sslConfig.applySslConfig().buildBlocking();
    }

    @Test
    @DisplayName("Paho MQTT 3.1.1 publishes and subscribes over TLS on the mqtts listener, TLS 1.3 negotiated")
    void pahoOverTls() throws Exception {
        start((config) -> config.tls(TlsConfig.of(this.pki.serverCredentials())));
        int port = this.broker.port("mqtts");
        assertThat(this.broker.listenerUris()).contains("mqtts://127.0.0.1:" + port);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(this.pki.clientSocketFactory(null));
        MqttClientPersistence persistence = new MemoryPersistence();
        org.eclipse.paho.client.mqttv3.MqttClient paho = new org.eclipse.paho.client.mqttv3.MqttClient(
                "ssl://127.0.0.1:" + port, ClientIds.unique("tls-paho"), persistence);
        try {
            paho.connect(options);
            List<String> received = new CopyOnWriteArrayList<>();
            paho.subscribe("tls/test", 1, (topic, message) -> received.add(new String(message.getPayload(),
                    StandardCharsets.UTF_8)));
            paho.publish("tls/test", "over tls".getBytes(StandardCharsets.UTF_8), 1, false);
            org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> received.contains("over tls"));
        }
        finally {
            paho.disconnect();
            paho.close();
        }
        try (SSLSocket socket = (SSLSocket) this.pki.clientSocketFactory(null).createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    @DisplayName("Bytes are counted as on the wire over TLS: the handshake and the records, not the MQTT plaintext")
    void countsTlsBytes() throws Exception {
        start((config) -> config.tls(TlsConfig.of(this.pki.serverCredentials())));
        byte[] connect = MqttBytes.connect(4, ClientIds.unique("tls-bytes"), true, 60);
        try (SSLSocket socket = (SSLSocket) this.pki.clientSocketFactory(null).createSocket("127.0.0.1",
                this.broker.port("mqtts"))) {
            socket.getOutputStream().write(connect);
            socket.getOutputStream().flush();
            byte[] connack = socket.getInputStream().readNBytes(4);
            assertThat(connack).containsExactly(0x20, 0x02, 0x00, 0x00);
        }
        // plaintext would be the CONNECT's bytes and 4: a TLS 1.3 handshake alone takes hundreds more each way,
        // the server's certificate most of them
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(this.broker.statistics().bytesReceived()).isGreaterThan(connect.length + 200L);
            assertThat(this.broker.statistics().bytesSent()).isGreaterThan(4 + 500L);
        });
    }

    @Test
    @DisplayName("TLS 1.3 and 1.2 only by default: the server's TLS engine enables nothing older, and a TLS 1.2 "
            + "client negotiates 1.2")
    void onlyCurrentProtocols() throws Exception {
        ServerTls tls = new ServerTls("tls", TlsConfig.of(this.pki.serverCredentials()),
                java.time.Duration.ofSeconds(5));
        io.netty.channel.embedded.EmbeddedChannel channel = new io.netty.channel.embedded.EmbeddedChannel();
        tls.addTo(channel);
        String[] enabled = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class).engine()
            .getEnabledProtocols();
        assertThat(enabled).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        channel.finishAndReleaseAll();
        start((config) -> config.tls(TlsConfig.of(this.pki.serverCredentials())));
        try (SSLSocket socket = (SSLSocket) this.pki.clientSocketFactory(null).createSocket("127.0.0.1",
                this.broker.port("mqtts"))) {
            socket.setEnabledProtocols(new String[] { "TLSv1.2" });
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
    }

    @Test
    @DisplayName("Mutual TLS: with client certificates required, a client without one fails the handshake and a "
            + "client with one connects, its certificate CN its identity")
    void mutualTls() throws Exception {
        start((config) -> config.tls(TlsConfig.of(this.pki.serverCredentials()).withClientAuth(ClientAuth.REQUIRED)));
        int port = this.broker.port("mqtts");
        Mqtt5BlockingClient anonymous = hiveMq(port, "no-certificate", null);
        assertThatThrownBy(anonymous::connect).hasRootCauseInstanceOf(SSLHandshakeException.class);
        Mqtt5BlockingClient device = hiveMq(port, "sensor-client", this.pki.clientCertificate("sensor-7", null));
        device.connect();
        device.disconnect();
        assertThat(this.connected).singleElement().satisfies((client) -> {
            assertThat(client.certificateIdentity()).isEqualTo("sensor-7");
            assertThat(client.username()).isNull();
        });
    }

    @Test
    @DisplayName("The certificate identity stands for the user name when configured: a subject alternative name "
            + "read as identity, used by an ACL rule with %u")
    void identityAsUsername() throws Exception {
        AclAuthorizer acl = new AclAuthorizer(List.of(AclRule.allow(Subject.anyone(), "devices/%u/#",
                Action.PUBLISH, Action.SUBSCRIBE)));
        start((config) -> config.tls(TlsConfig.of(this.pki.serverCredentials()).withClientAuth(ClientAuth.REQUIRED)
            .withIdentity(CertificateIdentity.SAN_EMAIL, true)), (builder) -> builder.authorizer(acl));
        Mqtt5BlockingClient device = hiveMq(this.broker.port("mqtts"), "device-client",
                this.pki.clientCertificate("ignored-cn", "pump@example.org"));
        // a password nobody checks: the certificate authenticated the client
        device.connectWith().simpleAuth().username("someone-else").password("x".getBytes()).applySimpleAuth().send();
        try (Mqtt5Publishes publishes = device.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            device.subscribeWith().topicFilter("devices/pump@example.org/#").qos(MqttQos.AT_LEAST_ONCE).send();
            assertThatThrownBy(() -> device.subscribeWith().topicFilter("devices/other/#").qos(MqttQos.AT_LEAST_ONCE)
                .send()).isInstanceOf(com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException.class);
            device.publishWith().topic("devices/pump@example.org/state").qos(MqttQos.AT_LEAST_ONCE)
                .payload("on".getBytes()).send();
            Mqtt5Publish received = publishes.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(received.getTopic().toString()).isEqualTo("devices/pump@example.org/state");
        }
        device.disconnect();
        assertThat(this.connected).singleElement().satisfies((client) -> {
            assertThat(client.username()).isEqualTo("pump@example.org");
            assertThat(client.certificateIdentity()).isEqualTo("pump@example.org");
        });
    }

    @Test
    @DisplayName("MQTT over secure WebSocket (wss) beside plain TCP and TLS: each listener has its own port")
    void secureWebSocket() throws Exception {
        start((config) -> config.tls(TlsConfig.of(this.pki.serverCredentials())).secureWebSocketEnabled(true)
            .secureWebSocketHost("127.0.0.1").secureWebSocketPort(0));
        assertThat(this.broker.listeners()).extracting(MqttBroker.ListenerInfo::name)
            .containsExactly("mqtt", "mqtts", "wss");
        assertThat(this.broker.listeners()).filteredOn((listener) -> listener.tls() != null).hasSize(2);
        Mqtt5BlockingClient browserLike = MqttClient.builder().useMqttVersion5().identifier("wss-client")
            .serverHost("127.0.0.1").serverPort(this.broker.port("wss")).sslConfig()
            .trustManagerFactory(this.pki.authority().toTrustManagerFactory()).applySslConfig().webSocketConfig()
            .serverPath("mqtt").applyWebSocketConfig().buildBlocking();
        browserLike.connect();
        try (Mqtt5Publishes publishes = browserLike.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            browserLike.subscribeWith().topicFilter("wss/#").qos(MqttQos.AT_LEAST_ONCE).send();
            this.broker.publish(ApplicationMessage.of("wss/hello", "hi").with(QoS.AT_LEAST_ONCE, false));
            assertThat(publishes.receive(5, TimeUnit.SECONDS)).isPresent();
        }
        browserLike.disconnect();
    }

    @Test
    @DisplayName("New key material from the credentials supplier serves the next connection without a restart")
    void reloadedCredentials() throws Exception {
        AtomicReference<TlsCredentials> credentials = new AtomicReference<>(this.pki.serverCredentials());
        start((config) -> config.tls(TlsConfig.reloadable(credentials::get)));
        int port = this.broker.port("mqtts");
        assertThat(serverSubject(port)).isEqualTo("CN=broker");
        credentials.set(this.pki.renewedServerCredentials());
        assertThat(serverSubject(port)).isEqualTo("CN=broker-renewed");
    }

    private String serverSubject(int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) this.pki.clientSocketFactory(null).createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                .getName();
        }
    }

    @Test
    @DisplayName("A missing key file fails start-up naming the setting, and nothing stays bound")
    void missingKeyFailsStartUp() throws Exception {
        Files.delete(this.pki.keyFile());
        assertThatThrownBy(() -> start((config) -> config.tls(TlsConfig.of(this.pki.serverCredentials()))))
            .isInstanceOf(MqttBrokerException.class)
            .satisfies((ex) -> assertThat(ex).isInstanceOfAny(InvalidConfigurationException.class)
                .hasMessageContaining("tls"));
    }

}
