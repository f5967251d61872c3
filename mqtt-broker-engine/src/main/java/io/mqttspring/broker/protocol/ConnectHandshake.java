package io.mqttspring.broker.protocol;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.mqttspring.broker.config.AnonymousAccess;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.security.AuthenticationRequest;
import io.mqttspring.broker.security.AuthenticationStep;
import io.mqttspring.broker.security.Authenticator;
import io.mqttspring.broker.security.EnhancedAuthenticator;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.util.concurrent.EventExecutor;

import org.jspecify.annotations.Nullable;

/**
 * One connection's CONNECT and AUTH handshake, up to the moment its session can be attached, and re-authentication
 * after it (MQTT 5.0 section 4.12): validates the CONNECT, authenticates the client with the authenticator or with
 * the enhanced authentication method it names, and hands the connection a {@link HandshakeDecision} for each step.
 * Authenticators may block, so they run on the authentication pool; decisions arrive on the connection's event loop.
 * Knows nothing of channels, so it is tested with plain executors. Event-loop confined.
 */
final class ConnectHandshake {

    /** [MQTT-4.12.0-7] the answer to AUTH from a client that named no authentication method in CONNECT. */
    static final HandshakeDecision AUTH_WITHOUT_METHOD = new HandshakeDecision.Refuse(ReasonCode.PROTOCOL_ERROR,
            "AUTH without authentication method");

    private final ConnectValidator validator;

    private final AnonymousAccess anonymousAccess;

    private final Authenticator authenticator;

    private final Map<String, EnhancedAuthenticator> methods;

    private final Executor pool;

    private final EventExecutor loop;

    private @Nullable ConnectParameters parameters;

    private @Nullable EnhancedAuthentication exchange;

    ConnectHandshake(ConnectValidator validator, AnonymousAccess anonymousAccess, Authenticator authenticator,
            Map<String, EnhancedAuthenticator> methods, Executor pool, EventExecutor loop) {
        this.validator = validator;
        this.anonymousAccess = anonymousAccess;
        this.authenticator = authenticator;
        this.methods = methods;
        this.pool = pool;
        this.loop = loop;
    }

    /**
     * Check a CONNECT and settle the connection's parameters.
     * @param connect the packet
     * @return the verdict
     */
    ConnectDecision validate(MqttConnectMessage connect) {
        return this.validator.validate(connect);
    }

    /**
     * Authenticate the client of an accepted CONNECT.
     * @param accepted what the CONNECT settled
     * @param remoteAddress the client's address, or {@code null}
     * @param certificate the client's verified TLS certificate, or {@code null}
     * @param then receives {@link HandshakeDecision.Accept}, {@link HandshakeDecision.Refuse} or, for enhanced
     * authentication, {@link HandshakeDecision.Challenge}, on the event loop
     */
    void authenticate(ConnectParameters accepted, @Nullable InetSocketAddress remoteAddress,
            @Nullable PeerCertificate certificate, Consumer<HandshakeDecision> then) {
        this.parameters = accepted;
        AuthenticationRequest request = new AuthenticationRequest(accepted.clientId(), accepted.username(),
                accepted.password(), accepted.version(), remoteAddress,
                (certificate != null) ? certificate.identity() : null);
        String method = accepted.authenticationMethod();
        if (method == null && accepted.username() == null && certificate == null
                && !mayConnectAnonymously(remoteAddress)) {
            then.accept(new HandshakeDecision.Refuse(ReasonCode.NOT_AUTHORIZED, (this.anonymousAccess
                    == AnonymousAccess.REFUSED) ? "anonymous access is refused: send a user name"
                            : "anonymous access is limited to loopback clients: send a user name"));
            return;
        }
        if (method == null && certificate != null && certificate.asUsername()) {
            // the verified certificate authenticated the client, as Mosquitto's use_identity_as_username
            then.accept(new HandshakeDecision.Accept(accepted));
            return;
        }
        if (method != null) {
            EnhancedAuthentication started = new EnhancedAuthentication(this.methods.get(method), this.pool,
                    this.loop, request);
            this.exchange = started;
            started.begin(accepted.authenticationData(), (step) -> then.accept(connectStep(started, step)));
            return;
        }
        PlainAuthentication.authenticate(this.authenticator, this.pool, this.loop, request, (result) -> then.accept(
                result.isSuccess() ? new HandshakeDecision.Accept(accepted, result.validUntil())
                        : new HandshakeDecision.Refuse(result.reasonCode(),
                                (result.reasonString() != null) ? result.reasonString() : "authentication failed")));
    }

    private boolean mayConnectAnonymously(@Nullable InetSocketAddress remoteAddress) {
        return switch (this.anonymousAccess) {
            case ALLOWED -> true;
            case REFUSED -> false;
            // no address: an embedded channel in tests, nothing from a network
            case LOOPBACK_ONLY -> remoteAddress == null || remoteAddress.getAddress() == null
                    || remoteAddress.getAddress().isLoopbackAddress();
        };
    }

    /**
     * Handle an AUTH packet: the client's answer to a challenge, or its request to re-authenticate.
     * @param reasonCode its reason code
     * @param method its Authentication Method
     * @param data its Authentication Data
     * @param connected whether CONNACK was sent, so that the AUTH may start a re-authentication
     * @param then receives the decision, at once for a protocol error, otherwise on the event loop
     */
    void auth(int reasonCode, @Nullable String method, byte @Nullable [] data, boolean connected,
            Consumer<HandshakeDecision> then) {
        EnhancedAuthentication current = this.exchange;
        if (current == null) {
            then.accept(AUTH_WITHOUT_METHOD);
            return;
        }
        String problem = current.check(reasonCode, method, connected);
        if (problem != null) {
            then.accept(new HandshakeDecision.Refuse(ReasonCode.PROTOCOL_ERROR, problem));
        }
        else if (!connected) {
            current.next(data, (step) -> then.accept(connectStep(current, step)));
        }
        else if (current.inProgress()) {
            current.next(data, (step) -> then.accept(reauthenticationStep(current, step)));
        }
        else {
            current.begin(data, (step) -> then.accept(reauthenticationStep(current, step)));
        }
    }

    /**
     * Return the enhanced authentication method of the handshake.
     * @return the method, or {@code null} for plain authentication
     */
    @Nullable String authenticationMethod() {
        return (this.exchange != null) ? this.exchange.method() : null;
    }

    /**
     * Return the data the enhanced authentication method gave with its success, for CONNACK.
     * @return the data, or {@code null}
     */
    byte @Nullable [] successData() {
        return (this.exchange != null) ? this.exchange.successData() : null;
    }

    private HandshakeDecision connectStep(EnhancedAuthentication exchange, AuthenticationStep step) {
        return switch (step.outcome()) {
            // [MQTT-4.12.0-2] a challenge carries 0x18
            case CONTINUE -> new HandshakeDecision.Challenge(exchange.method(), step.serverData());
            case SUCCESS -> new HandshakeDecision.Accept(this.parameters);
            case FAILURE -> new HandshakeDecision.Refuse(step.reasonCode(), "enhanced authentication failed");
        };
    }

    private static HandshakeDecision reauthenticationStep(EnhancedAuthentication exchange, AuthenticationStep step) {
        return switch (step.outcome()) {
            case CONTINUE -> new HandshakeDecision.Challenge(exchange.method(), step.serverData());
            case SUCCESS -> new HandshakeDecision.Reauthenticated(exchange.method(), step.serverData());
            // [MQTT-4.12.1-2]
            case FAILURE -> new HandshakeDecision.Refuse(step.reasonCode(), "re-authentication failed");
        };
    }

}
