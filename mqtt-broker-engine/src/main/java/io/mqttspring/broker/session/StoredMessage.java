package io.mqttspring.broker.session;

import java.util.concurrent.atomic.AtomicInteger;

import io.mqttspring.broker.persistence.SessionJournal;

/**
 * A message recorded once in a {@link SessionJournal} for every persistent session that queues it, counting the
 * entries that refer to it: the last one to go removes it. Whoever creates one holds a reference until it has
 * added its entries, so that a fast acknowledgement cannot remove it while it is still being routed. Thread-safe.
 */
public final class StoredMessage {

    private final long id;

    private final AtomicInteger references;

    /**
     * Create a new instance.
     * @param id the message's identifier in the journal
     * @param references how many references exist already
     */
    public StoredMessage(long id, int references) {
        this.id = id;
        this.references = new AtomicInteger(references);
    }

    /**
     * Return the message's identifier in the journal.
     * @return the identifier
     */
    public long id() {
        return this.id;
    }

    /**
     * Add a reference.
     */
    public void retain() {
        this.references.incrementAndGet();
    }

    /**
     * Drop a reference.
     * @return whether it was the last one
     */
    public boolean release() {
        return this.references.decrementAndGet() == 0;
    }

    /**
     * Drop a reference that is not an entry's (the router's while routing), removing the message if it was the
     * last.
     * @param journal the journal it is recorded in
     */
    public void release(SessionJournal journal) {
        if (release()) {
            journal.messageRemoved(this.id);
        }
    }

}
