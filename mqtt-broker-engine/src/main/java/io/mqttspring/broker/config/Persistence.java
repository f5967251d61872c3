package io.mqttspring.broker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Whether and where the broker keeps its state on disk: persistent sessions (subscriptions, queued and in-flight
 * messages, QoS 2 identifiers awaiting release, delayed wills) and retained messages, so they survive a restart and
 * a crash. Off by default: the state lives in memory.
 *
 * @param path the store's directory, or {@code null} when persistence is off
 * @param syncPolicy when changes are made durable
 * @param syncInterval how often {@link SyncPolicy#PERIODIC} syncs to disk
 */
public record Persistence(@Nullable Path path, SyncPolicy syncPolicy, Duration syncInterval) {

    /** Default of {@link #syncInterval()}. */
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);

    /** State in memory only. */
    public static final Persistence NONE = new Persistence(null, SyncPolicy.SYNC, DEFAULT_SYNC_INTERVAL);

    public Persistence {
        Objects.requireNonNull(syncPolicy, "syncPolicy");
        Objects.requireNonNull(syncInterval, "syncInterval");
        if (syncInterval.isNegative() || syncInterval.isZero()) {
            throw new InvalidConfigurationException("persistence.syncInterval", syncInterval, "must be positive");
        }
    }

    /**
     * Return whether state is kept on disk.
     * @return {@code true} when a path is set
     */
    public boolean enabled() {
        return this.path != null;
    }

}
