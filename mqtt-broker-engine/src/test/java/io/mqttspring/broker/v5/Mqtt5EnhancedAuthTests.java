package io.mqttspring.broker.v5;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientConfig;
import com.hivemq.client.mqtt.mqtt5.auth.Mqtt5EnhancedAuthMechanism;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5Auth;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5AuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5EnhancedAuthBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import io.mqttspring.broker.security.AuthenticationExchange;
import io.mqttspring.broker.security.AuthenticationRequest;
import io.mqttspring.broker.security.EnhancedAuthenticator;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.MqttBytes;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.support.RawClient.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * MQTT 5 enhanced authentication (section 4.12) end to end: the HiveMQ client runs a challenge/response method
 * against {@link HmacChallengeAuthenticator} plugged into the broker.
 */
class Mqtt5EnhancedAuthTests {

    @RegisterExtension
    final BrokerExtension broker = new BrokerExtension((config) -> {
    }, (builder) -> builder.enhancedAuthenticator(new HmacChallengeAuthenticator(Map.of("alice", "s3cret"))));

    @Test
    @DisplayName("[MQTT-4.12.0-2] [MQTT-4.12.0-3] [MQTT-4.12.0-5] challenge/response exchange authenticates the client, both sides proven")
    void challengeResponseAuthenticatesClient() {
        ClientMechanism mechanism = new ClientMechanism("s3cret");
        Mqtt5BlockingClient client = client("alice", mechanism);
        Mqtt5ConnAck connAck = client.connect();
        assertThat(connAck.getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
        assertThat(connAck.getEnhancedAuth()).hasValueSatisfying(
                (auth) -> assertThat(auth.getMethod().toString()).isEqualTo(HmacChallengeAuthenticator.METHOD));
        assertThat(mechanism.challenges).hasValue(1);
        assertThat(mechanism.serverProven).isTrue();
        client.subscribeWith().topicFilter("auth/ok").send();
        client.disconnect();
    }

    @Test
    @DisplayName("[MQTT-4.12.0-4] a wrong answer to the challenge gets CONNACK 0x86 and the connection is closed")
    void wrongSecretIsRefused() {
        Mqtt5BlockingClient client = client("alice", new ClientMechanism("wrong"));
        assertThatExceptionOfType(Mqtt5ConnAckException.class).isThrownBy(client::connect)
                .satisfies((ex) -> assertThat(ex.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    @DisplayName("[MQTT-4.12.0-1] an authentication method the broker does not know gets CONNACK 0x8C")
    void unknownMethodIsRefused() {
        try (RawClient raw = RawClient.connect(this.broker.port())) {
            raw.send(MqttBytes.packet(0x10)
                    .string("MQTT").u8(5)           // protocol name, level
                    .u8(0x02).u16(30)               // clean start, keep-alive
                    .varint(13).u8(0x15).string("KERBEROS-9") // properties: authentication method (1 + 2 + 10)
                    .string(ClientIds.unique("raw")) // client identifier
                    .build());
            Packet connack = raw.read();
            assertThat(connack.connackCode()).isEqualTo(0x8C);
            raw.awaitClose();
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.1-1] re-authentication with the same method succeeds with AUTH 0x00 while connected")
    void reauthenticationSucceeds() {
        ClientMechanism mechanism = new ClientMechanism("s3cret");
        Mqtt5BlockingClient client = client("alice", mechanism);
        client.connect();
        client.reauth();
        await().untilAsserted(() -> assertThat(mechanism.reauthenticated).isTrue());
        assertThat(mechanism.challenges).hasValue(2);
        assertThat(client.getState().isConnected()).isTrue();
        client.disconnect();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-30] a packet other than AUTH during the exchange is a protocol error (CONNACK 0x82)")
    void publishDuringExchangeIsProtocolError() {
        try (RawClient raw = RawClient.connect(this.broker.port())) {
            raw.send(MqttBytes.packet(0x10)
                    .string("MQTT").u8(5)                   // protocol name, level
                    .u8(0x82).u16(30)                       // user name flag, clean start, keep-alive
                    .varint(24 + 19).u8(0x15).string(HmacChallengeAuthenticator.METHOD) // method (1 + 2 + 21)
                    .u8(0x16).binary("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)) // data (1 + 2 + 16)
                    .string(ClientIds.unique("raw"))        // client identifier
                    .string("alice")                        // user name
                    .build());
            Packet challenge = raw.read();
            assertThat(challenge.type()).isEqualTo(15);
            assertThat(challenge.u8(0)).isEqualTo(0x18);
            raw.send(MqttBytes.publish(5, "auth/early", 0, 0, "too soon"));
            Packet refusal = raw.read();
            assertThat(refusal.connackCode()).isEqualTo(0x82);
            raw.awaitClose();
        }
    }

    @Test
    @DisplayName("[MQTT-4.12.0-7] AUTH from a client that named no authentication method is a protocol error")
    void authWithoutMethodIsProtocolError() {
        try (RawClient raw = RawClient.connect(this.broker.port())) {
            raw.send(MqttBytes.connect(5, ClientIds.unique("raw"), true, 30));
            assertThat(raw.read().connackCode()).isZero();
            raw.send(MqttBytes.packet(0xF0).u8(0x19).varint(0).build());
            Packet disconnect = raw.readType(Packet.DISCONNECT);
            assertThat(disconnect.disconnectReason()).isEqualTo(0x82);
            raw.awaitClose();
        }
    }

    @Nested
    @DisplayName("with an authenticator that takes its time")
    class WithSlowAuthenticator {

        private final CountDownLatch release = new CountDownLatch(1);

        @RegisterExtension
        final BrokerExtension slowBroker = new BrokerExtension((config) -> config.connectTimeout(
                Duration.ofMillis(500)), (builder) -> builder.enhancedAuthenticator(new EnhancedAuthenticator() {

                    private final HmacChallengeAuthenticator delegate = new HmacChallengeAuthenticator(
                            Map.of("alice", "s3cret"));

                    @Override
                    public String method() {
                        return this.delegate.method();
                    }

                    @Override
                    public AuthenticationExchange begin(AuthenticationRequest request) {
                        try {
                            WithSlowAuthenticator.this.release.await(10, TimeUnit.SECONDS);
                        }
                        catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                        return this.delegate.begin(request);
                    }

                }));

        @AfterEach
        void release() {
            this.release.countDown();
        }

        private RawClient connectWithMethod(byte[]... behind) {
            RawClient raw = RawClient.connect(this.slowBroker.port());
            raw.send(MqttBytes.concat(MqttBytes.packet(0x10)
                    .string("MQTT").u8(5)                   // protocol name, level
                    .u8(0x82).u16(30)                       // user name flag, clean start, keep-alive
                    .varint(24 + 19).u8(0x15).string(HmacChallengeAuthenticator.METHOD) // method (1 + 2 + 21)
                    .u8(0x16).binary("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)) // data (1 + 2 + 16)
                    .string(ClientIds.unique("raw"))        // client identifier
                    .string("alice")                        // user name
                    .build(), MqttBytes.concat(behind)));
            return raw;
        }

        @Test
        @DisplayName("[MQTT-4.13.1-1] AUTH sent before the broker answered the previous step is a protocol error: "
                + "CONNACK 0x82 and close")
        void authBeforeTheBrokerAnsweredIsProtocolError() {
            // in the same segment as CONNECT, so it is read while the first step runs
            byte[] auth = MqttBytes.packet(0xF0).u8(0x18).varint(3 + 21).u8(0x15)
                    .string(HmacChallengeAuthenticator.METHOD).build();
            try (RawClient raw = connectWithMethod(auth)) {
                Packet refusal = raw.read();
                assertThat(refusal.connackCode()).isEqualTo(0x82);
                raw.awaitClose();
            }
        }

        @Test
        @DisplayName("MQTT 5.0 section 3.1.4: the connect timeout covers authentication; a client still "
                + "authenticating when it runs out gets CONNACK 0x80 and is closed")
        void connectTimeoutCoversAuthentication() {
            try (RawClient raw = connectWithMethod()) {
                List<Packet> packets = raw.awaitClose(Duration.ofSeconds(5));
                assertThat(packets).singleElement().satisfies((packet) -> assertThat(packet.connackCode())
                        .isEqualTo(0x80));
            }
        }

    }

    private Mqtt5BlockingClient client(String username, Mqtt5EnhancedAuthMechanism mechanism) {
        return MqttClient.builder().useMqttVersion5().identifier(ClientIds.unique("auth"))
                .serverHost("127.0.0.1").serverPort(this.broker.port())
                .simpleAuth().username(username).applySimpleAuth()
                .enhancedAuth(mechanism).buildBlocking();
    }

    /**
     * The client side of {@link HmacChallengeAuthenticator}.
     */
    static final class ClientMechanism implements Mqtt5EnhancedAuthMechanism {

        private final String secret;

        private final SecureRandom random = new SecureRandom();

        private final AtomicInteger challenges = new AtomicInteger();

        private final AtomicBoolean reauthenticated = new AtomicBoolean();

        private volatile boolean serverProven;

        private volatile byte[] clientNonce;

        private volatile byte[] serverNonce;

        ClientMechanism(String secret) {
            this.secret = secret;
        }

        @Override
        public MqttUtf8String getMethod() {
            return MqttUtf8String.of(HmacChallengeAuthenticator.METHOD);
        }

        @Override
        public int getTimeout() {
            return 10;
        }

        private byte[] newNonce() {
            byte[] nonce = new byte[16];
            this.random.nextBytes(nonce);
            this.clientNonce = nonce;
            return nonce;
        }

        @Override
        public CompletableFuture<Void> onAuth(Mqtt5ClientConfig config, Mqtt5Connect connect,
                Mqtt5EnhancedAuthBuilder auth) {
            auth.data(newNonce());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> onReAuth(Mqtt5ClientConfig config, Mqtt5AuthBuilder auth) {
            auth.data(newNonce());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> onContinue(Mqtt5ClientConfig config, Mqtt5Auth auth,
                Mqtt5AuthBuilder answer) {
            this.challenges.incrementAndGet();
            this.serverNonce = bytes(auth.getData().orElseThrow());
            answer.data(HmacChallengeAuthenticator.proof(this.secret, "client", this.clientNonce, this.serverNonce));
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Boolean> onAuthSuccess(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
            this.serverProven = connAck.getEnhancedAuth().flatMap((auth) -> auth.getData()).map(this::verify)
                    .orElse(false);
            return CompletableFuture.completedFuture(this.serverProven);
        }

        @Override
        public CompletableFuture<Boolean> onReAuthSuccess(Mqtt5ClientConfig config, Mqtt5Auth auth) {
            boolean proven = auth.getData().map(this::verify).orElse(false);
            this.reauthenticated.set(proven);
            return CompletableFuture.completedFuture(proven);
        }

        private boolean verify(ByteBuffer data) {
            byte[] expected = HmacChallengeAuthenticator.proof(this.secret, "server", this.clientNonce,
                    this.serverNonce);
            return java.util.Arrays.equals(expected, bytes(data));
        }

        private static byte[] bytes(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }

        @Override
        public void onAuthRejected(Mqtt5ClientConfig config, Mqtt5ConnAck connAck) {
        }

        @Override
        public void onReAuthRejected(Mqtt5ClientConfig config, Mqtt5Disconnect disconnect) {
        }

        @Override
        public void onAuthError(Mqtt5ClientConfig config, Throwable cause) {
        }

        @Override
        public void onReAuthError(Mqtt5ClientConfig config, Throwable cause) {
        }

    }

}
