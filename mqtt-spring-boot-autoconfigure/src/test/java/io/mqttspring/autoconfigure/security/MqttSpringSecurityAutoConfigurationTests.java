package io.mqttspring.autoconfigure.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Spring Security authenticating MQTT clients: a {@code UserDetailsService}, an {@code AuthenticationManager}, and JWT
 * bearer tokens through a {@code JwtDecoder}, driven by Paho and the HiveMQ client.
 */
class MqttSpringSecurityAutoConfigurationTests {

    private static final SecretKey KEY = new SecretKeySpec(
            "a secret of at least thirty-two bytes, for HS256".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MqttSpringSecurityAutoConfiguration.class,
                MqttBrokerAutoConfiguration.class))
        .withPropertyValues("mqtt.broker.port=0", "mqtt.broker.websocket.enabled=false", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.io-threads=1", "mqtt.broker.shutdown-timeout=1s");

    @Test
    @DisplayName("The application's UserDetailsService with its password encoder authenticates MQTT clients")
    void userDetailsService() {
        this.runner.withBean(UserDetailsService.class, () -> new InMemoryUserDetailsManager(
                User.withUsername("carol").password("{noop}tulips").roles("DEVICE").build(),
                User.withUsername("locked").password("{noop}tulips").accountLocked(true).roles("DEVICE").build()))
            .run((context) -> {
                int port = context.getBean(MqttBroker.class).port();
                assertThat(PahoLogins.login(port, "carol", "tulips")).isZero();
                assertThat(PahoLogins.login(port, "carol", "roses")).isEqualTo(4);
                assertThat(PahoLogins.login(port, "locked", "tulips")).isEqualTo(4);
                assertThat(PahoLogins.login(port, "nobody", "tulips")).isEqualTo(4);
            });
    }

    @Test
    @DisplayName("An AuthenticationManager bean is asked after the users of mqtt.broker.security.users")
    void authenticationManager() {
        AuthenticationManager manager = (authentication) -> {
            if ("dave".equals(authentication.getName()) && "pw".equals(authentication.getCredentials())) {
                return UsernamePasswordAuthenticationToken.authenticated("dave", null, java.util.List.of());
            }
            throw new BadCredentialsException("no");
        };
        this.runner.withBean(AuthenticationManager.class, () -> manager)
            .withPropertyValues("mqtt.broker.security.users.erin.password={noop}secret")
            .run((context) -> {
                int port = context.getBean(MqttBroker.class).port();
                assertThat(PahoLogins.login(port, "dave", "pw")).isZero();
                assertThat(PahoLogins.login(port, "erin", "secret")).isZero();
                assertThat(PahoLogins.login(port, "dave", "wrong")).isEqualTo(4);
            });
        this.runner.withBean(AuthenticationManager.class, () -> manager)
            .withPropertyValues("mqtt.broker.security.spring-security.enabled=false")
            .run((context) -> assertThat(PahoLogins.login(context.getBean(MqttBroker.class).port(), "anyone", "x"))
                .isZero());
    }

    @Test
    @DisplayName("A JWT as password is checked by the JwtDecoder; a forged one gets CONNACK 0x86, and the connection "
            + "ends with DISCONNECT 0x87 when the token expires")
    void jwtBearerTokens() {
        this.runner.withBean(JwtDecoder.class, () -> NimbusJwtDecoder.withSecretKey(KEY).build())
            .withPropertyValues("mqtt.broker.security.users.frank.password={noop}plain")
            .run((context) -> {
                int port = context.getBean(MqttBroker.class).port();
                Mqtt5BlockingClient device = client(port, "token-device");
                device.connectWith().simpleAuth().username("device-1")
                    .password(token(KEY, Instant.now().plusSeconds(2)).getBytes(StandardCharsets.US_ASCII))
                    .applySimpleAuth().send();
                assertThat(device.getState().isConnected()).isTrue();
                await().atMost(Duration.ofSeconds(15)).until(() -> !device.getState().isConnected());
                SecretKey other = new SecretKeySpec("another secret, also thirty-two bytes long or more"
                    .getBytes(StandardCharsets.UTF_8), "HmacSHA256");
                Mqtt5BlockingClient forger = client(port, "forger");
                assertThatThrownBy(() -> forger.connectWith().simpleAuth().username("device-1")
                    .password(token(other, Instant.now().plusSeconds(600)).getBytes(StandardCharsets.US_ASCII))
                    .applySimpleAuth().send())
                    .isInstanceOfSatisfying(Mqtt5ConnAckException.class, (ex) -> assertThat(ex.getMqttMessage()
                        .getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
                // a password that is not a token goes to the users behind
                assertThat(PahoLogins.login(port, "frank", "plain")).isZero();
            });
    }

    @Test
    @DisplayName("The DISCONNECT at token expiry carries 0x87 Not authorized")
    void expiryReasonCode() {
        this.runner.withBean(JwtDecoder.class, () -> NimbusJwtDecoder.withSecretKey(KEY).build()).run((context) -> {
            int port = context.getBean(MqttBroker.class).port();
            CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
            Mqtt5BlockingClient withListener = MqttClient.builder().useMqttVersion5().identifier("expiring-2")
                .serverHost("127.0.0.1").serverPort(port)
                .addDisconnectedListener((ctx) -> disconnected.complete(ctx.getCause()))
                .buildBlocking();
            withListener.connectWith().simpleAuth().username("device-2")
                .password(token(KEY, Instant.now().plusSeconds(2)).getBytes(StandardCharsets.US_ASCII))
                .applySimpleAuth().send();
            Throwable cause = disconnected.get(15, TimeUnit.SECONDS);
            assertThat(cause).isInstanceOfSatisfying(Mqtt5DisconnectException.class, (ex) -> assertThat(ex
                .getMqttMessage().getReasonCode()).isEqualTo(Mqtt5DisconnectReasonCode.NOT_AUTHORIZED));
        });
    }

    private static Mqtt5BlockingClient client(int port, String clientId) {
        return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1").serverPort(port)
            .buildBlocking();
    }

    private static String token(SecretKey key, Instant expiresAt) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        JwtClaimsSet claims = JwtClaimsSet.builder().subject("device").issuedAt(Instant.now()).expiresAt(expiresAt)
            .build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
            .getTokenValue();
    }

}
