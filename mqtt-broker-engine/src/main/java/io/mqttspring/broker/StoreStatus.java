package io.mqttspring.broker;

import java.nio.file.Path;

import io.mqttspring.broker.config.SyncPolicy;

import org.jspecify.annotations.Nullable;

/**
 * How the durable store of a running broker is doing.
 *
 * @param path its directory
 * @param syncPolicy when it syncs
 * @param sizeOnDisk bytes it takes on disk, -1 if unknown
 * @param writes batches written since start
 * @param writeNanos time spent writing and syncing them
 * @param failure why the last write failed, or {@code null} when writes succeed
 */
public record StoreStatus(Path path, SyncPolicy syncPolicy, long sizeOnDisk, long writes, long writeNanos,
        @Nullable String failure) {
}
