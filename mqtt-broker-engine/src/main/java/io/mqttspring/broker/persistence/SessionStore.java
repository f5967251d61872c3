package io.mqttspring.broker.persistence;

import java.util.Collection;

/**
 * Keeps persistent sessions while their clients are away, so they survive a broker restart. Live sessions are held
 * in memory by the broker; it hands a snapshot to the store when a persistent session's client disconnects or the
 * broker stops, removes it when the session ends, and loads every snapshot when it starts. Called on a dedicated
 * broker thread, never on an event loop: implementations may block, but must be thread-safe.
 */
public interface SessionStore {

    /**
     * Store a session, replacing any earlier snapshot for the same client identifier.
     * @param snapshot the session
     */
    void save(SessionSnapshot snapshot);

    /**
     * Remove the snapshot of a session that ended.
     * @param clientId the client identifier
     */
    void remove(String clientId);

    /**
     * Return every stored session.
     * @return the snapshots
     */
    Collection<SessionSnapshot> loadAll();

    /**
     * Return the journal of a store that records changes as they happen; when it is enabled the broker calls
     * {@link #save} and {@link #remove} no more, since the journal already holds what they would write.
     * @return the journal, {@link SessionJournal#NONE} by default
     */
    default SessionJournal journal() {
        return SessionJournal.NONE;
    }

    /**
     * Make earlier writes durable; called once when the broker stops, after its last write. The broker may start
     * again and use the store afterwards, so this must not release what later calls need. The default does
     * nothing.
     */
    default void flush() {
    }

}
