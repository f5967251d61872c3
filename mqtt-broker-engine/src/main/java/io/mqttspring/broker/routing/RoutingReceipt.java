package io.mqttspring.broker.routing;

/**
 * Tells the publisher's connection whether routing a publication wrote to a durable store, so that under the
 * {@code SYNC} policy its acknowledgement waits until the write is on disk. One per connection, reset before each
 * publication. Event-loop confined.
 */
public final class DurableReceipt {

    private boolean written;

    /**
     * Forget the last publication.
     */
    public void reset() {
        this.written = false;
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

}
