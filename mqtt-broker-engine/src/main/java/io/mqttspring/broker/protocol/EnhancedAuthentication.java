package io.mqttspring.broker.protocol;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.security.AuthenticationExchange;
import io.mqttspring.broker.security.AuthenticationRequest;
import io.mqttspring.broker.security.AuthenticationStep;
import io.mqttspring.broker.security.EnhancedAuthenticator;
import io.netty.util.concurrent.EventExecutor;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's side of MQTT 5 enhanced authentication: runs the {@link EnhancedAuthenticator}'s exchange on the
 * authentication pool, one step at a time, and hands each step back on the connection's event loop. Event-loop
 * confined: only the step itself runs on the pool.
 */
final class EnhancedAuthentication {

    private static final Logger logger = LoggerFactory.getLogger(EnhancedAuthentication.class);

    private final EnhancedAuthenticator authenticator;

    private final Executor pool;

    private final EventExecutor loop;

    private final AuthenticationRequest request;

    private @Nullable AuthenticationExchange exchange;

    private boolean stepRunning;

    private byte @Nullable [] successData;

    EnhancedAuthentication(EnhancedAuthenticator authenticator, Executor pool, EventExecutor loop,
            AuthenticationRequest request) {
        this.authenticator = authenticator;
        this.pool = pool;
        this.loop = loop;
        this.request = request;
    }

    String method() {
        return this.authenticator.method();
    }

    /**
     * Return whether an exchange is under way (a challenge was sent and its answer is awaited).
     * @return {@code true} between {@link #begin} and the exchange's end
     */
    boolean inProgress() {
        return this.exchange != null;
    }

    /**
     * Check an AUTH packet from the client against the exchange.
     * @param reasonCode its reason code
     * @param method its Authentication Method
     * @param connected whether CONNACK was sent (re-authentication may start)
     * @return why the packet is a protocol error, or {@code null} when it is acceptable
     */
    @Nullable String check(int reasonCode, @Nullable String method, boolean connected) {
        if (this.stepRunning) {
            // the client must wait for the broker's answer before it sends the next AUTH
            return "AUTH while the previous step is being processed";
        }
        if (!method().equals(method)) {
            // [MQTT-4.12.0-5] [MQTT-4.12.1-1] the method stays the one of CONNECT
            return "authentication method changed";
        }
        boolean answer = inProgress() && reasonCode == ReasonCode.CONTINUE_AUTHENTICATION.value();
        boolean reauthenticate = !inProgress() && connected && reasonCode == ReasonCode.RE_AUTHENTICATE.value();
        // [MQTT-4.12.0-3] answers carry 0x18; 0x19 only starts a re-authentication after CONNACK
        return (answer || reauthenticate) ? null : String.format("unexpected AUTH 0x%02X", reasonCode);
    }

    byte @Nullable [] successData() {
        return this.successData;
    }

    /**
     * Start an exchange with the client's first data.
     * @param clientData Authentication Data of CONNECT or of the AUTH asking to re-authenticate
     * @param onStep receives the step on the event loop
     */
    void begin(byte @Nullable [] clientData, Consumer<AuthenticationStep> onStep) {
        run(null, clientData, onStep);
    }

    /**
     * Continue the exchange with the client's answer to a challenge.
     * @param clientData the answer's Authentication Data
     * @param onStep receives the step on the event loop
     */
    void next(byte @Nullable [] clientData, Consumer<AuthenticationStep> onStep) {
        run(this.exchange, clientData, onStep);
    }

    /**
     * Run one step on the pool; the exchange object is only read and written on the event loop.
     */
    private void run(@Nullable AuthenticationExchange current, byte @Nullable [] clientData,
            Consumer<AuthenticationStep> onStep) {
        this.stepRunning = true;
        try {
            this.pool.execute(() -> {
                AuthenticationExchange exchange = current;
                AuthenticationStep result;
                try {
                    if (exchange == null) {
                        exchange = this.authenticator.begin(this.request);
                    }
                    result = exchange.next(clientData);
                }
                catch (RuntimeException ex) {
                    logger.warn("Enhanced authenticator {} failed for {}", method(), this.request, ex);
                    result = AuthenticationStep.failure(ReasonCode.UNSPECIFIED_ERROR);
                }
                AuthenticationExchange started = exchange;
                AuthenticationStep outcome = result;
                this.loop.execute(() -> stepDone(started, outcome, onStep));
            });
        }
        catch (RejectedExecutionException ex) {
            // the pool is full or the broker stops
            stepDone(null, AuthenticationStep.failure(ReasonCode.SERVER_BUSY), onStep);
        }
    }

    private void stepDone(@Nullable AuthenticationExchange started, AuthenticationStep outcome,
            Consumer<AuthenticationStep> onStep) {
        this.stepRunning = false;
        if (outcome.outcome() == AuthenticationStep.Outcome.CONTINUE) {
            this.exchange = started;
        }
        else {
            this.exchange = null;
            this.successData = outcome.serverData();
        }
        onStep.accept(outcome);
    }

}
