package io.mqttspring.broker.routing;

import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;

/**
 * Tells the publisher's connection what routing a publication left pending before it may be acknowledged: a write
 * to a durable store (under the {@code SYNC} policy the acknowledgement waits until it is on disk), and the hand-over
 * to other nodes of a cluster. One per connection, reset before each publication. Event-loop confined.
 */
public final class RoutingReceipt {

    private boolean written;

    private @Nullable CompletionStage<?> forwarded;

    /**
     * Forget the last publication.
     */
    public void reset() {
        this.written = false;
        this.forwarded = null;
    }

    /**
     * Note that the publication wrote to the store.
     */
    public void written() {
        this.written = true;
    }

    /**
     * Return whether the publication wrote to the store.
     * @return {@code true} if it did
     */
    public boolean isWritten() {
        return this.written;
    }

    /**
     * Note that the publication went to other nodes, which have it once the stage completes.
     * @param stage completes when every node it went to took it, or no longer exists
     */
    public void forwarded(CompletionStage<?> stage) {
        this.forwarded = stage;
    }

    /**
     * Return what completes when the other nodes took the publication.
     * @return the stage, or {@code null} when it went to no other node or needs no acknowledgement
     */
    public @Nullable CompletionStage<?> forwarding() {
        return this.forwarded;
    }

}
