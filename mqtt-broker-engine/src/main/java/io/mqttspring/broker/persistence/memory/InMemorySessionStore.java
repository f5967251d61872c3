package io.mqttspring.broker.persistence.memory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mqttspring.broker.persistence.SessionSnapshot;
import io.mqttspring.broker.persistence.SessionStore;

/**
 * Keeps session snapshots in memory: persistent sessions survive a stop and start of a broker that is given the same
 * store instance, but not the end of the JVM.
 */
public final class InMemorySessionStore implements SessionStore {

    private final Map<String, SessionSnapshot> sessions = new ConcurrentHashMap<>();

    @Override
    public void save(SessionSnapshot snapshot) {
        this.sessions.put(snapshot.clientId(), snapshot);
    }

    @Override
    public void remove(String clientId) {
        this.sessions.remove(clientId);
    }

    @Override
    public Collection<SessionSnapshot> loadAll() {
        return List.copyOf(this.sessions.values());
    }

}
