package io.mqttspring.broker.protocol;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.security.AuthenticationRequest;
import io.mqttspring.broker.security.AuthenticationResult;
import io.mqttspring.broker.security.Authenticator;
import io.netty.util.concurrent.EventExecutor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link Authenticator} off the event loop, since it may block, and hands the result back on the loop. The
 * allow-all authenticator runs inline.
 */
final class PlainAuthentication {

    private static final Logger logger = LoggerFactory.getLogger(PlainAuthentication.class);

    private PlainAuthentication() {
    }

    /**
     * Authenticate a client.
     * @param authenticator the authenticator
     * @param pool where a blocking authenticator runs
     * @param loop the connection's event loop
     * @param request what the client presented
     * @param onResult receives the result on the event loop
     */
    static void authenticate(Authenticator authenticator, Executor pool, EventExecutor loop,
            AuthenticationRequest request, Consumer<AuthenticationResult> onResult) {
        if (authenticator == Authenticator.ALLOW_ALL) {
            onResult.accept(AuthenticationResult.success());
            return;
        }
        try {
            pool.execute(() -> {
                AuthenticationResult result;
                try {
                    result = authenticator.authenticate(request);
                }
                catch (RuntimeException ex) {
                    logger.warn("Authenticator failed for {}", request, ex);
                    result = new AuthenticationResult(ReasonCode.UNSPECIFIED_ERROR, null);
                }
                AuthenticationResult outcome = result;
                loop.execute(() -> onResult.accept(outcome));
            });
        }
        catch (RejectedExecutionException ex) {
            // too many authentications waiting, or the broker is stopping
            onResult.accept(new AuthenticationResult(ReasonCode.SERVER_BUSY, "too many connections authenticating"));
        }
    }

}
