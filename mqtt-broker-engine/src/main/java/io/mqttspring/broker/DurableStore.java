package io.mqttspring.broker;

import io.mqttspring.broker.config.InvalidConfigurationException;
import io.mqttspring.broker.config.Persistence;
import io.mqttspring.broker.persistence.rocksdb.RocksDbStore;

/**
 * Opens the RocksDB store for a broker configured with persistence. Kept apart so that a broker without
 * persistence never loads a RocksDB class, and RocksDB stays an optional dependency.
 */
final class DurableStore {

    private DurableStore() {
    }

    static RocksDbStore open(Persistence persistence) {
        try {
            return RocksDbStore.open(persistence);
        }
        catch (NoClassDefFoundError | UnsatisfiedLinkError ex) {
            throw new InvalidConfigurationException("persistence.path", persistence.path(),
                    "needs RocksDB: add org.rocksdb:rocksdbjni to the application's dependencies (" + ex + ")");
        }
    }

    static StoreStatus status(RocksDbStore store) {
        return new StoreStatus(store.path(), store.syncPolicy(), store.sizeOnDisk(), store.writes(),
                store.writeNanos(), store.lastFailure());
    }

}
