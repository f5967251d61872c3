package io.mqttspring.broker.session;

import java.util.Objects;

import io.mqttspring.broker.persistence.SessionJournal;
import io.mqttspring.broker.persistence.SessionJournal.StoredEntry;

/**
 * What a delivery to a persistent session holds of its record in the journal: the entry as written and the
 * message it refers to.
 *
 * @param storageId the storage identifier of the session the entry belongs to
 * @param entry the entry as it was written when queued
 * @param message the stored message
 */
public record JournalEntry(long storageId, StoredEntry entry, StoredMessage message) {

    public JournalEntry {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Remove the entry from the journal, and the message when no other entry refers to it.
     * @param journal the journal
     */
    void remove(SessionJournal journal) {
        journal.entryRemoved(this.storageId, this.entry.entryId(), this.entry.messageId(), this.message.release());
    }

    /**
     * Record the entry's new state.
     * @param journal the journal
     * @param state the entry as it is now
     */
    void update(SessionJournal journal, StoredEntry state) {
        journal.entryWritten(this.storageId, state);
    }

}
