package io.mqttspring.broker.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.mqttspring.broker.persistence.SessionSnapshot;

import org.jspecify.annotations.Nullable;

/**
 * Sessions other brokers hold: the other nodes of a cluster. Asked, off the caller's thread, when a client connects
 * and this broker has no session for it.
 */
@FunctionalInterface
public interface RemoteSessions {

    /** A broker on its own. */
    RemoteSessions NONE = (clientId, cleanStart) -> CompletableFuture.completedFuture(null);

    /**
     * Take a client's session and connection over from the node that holds them, if any: that node disconnects the
     * client and gives up the session.
     * @param clientId the client identifier
     * @param cleanStart whether the client starts clean, so that nothing carries over
     * @return completes with the session to resume, or {@code null} when there is none; never waits on the caller
     */
    CompletionStage<@Nullable SessionSnapshot> takeOver(String clientId, boolean cleanStart);

}
