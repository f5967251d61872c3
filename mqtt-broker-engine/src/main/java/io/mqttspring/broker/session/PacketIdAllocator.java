package io.mqttspring.broker.session;

import java.util.function.IntPredicate;

/**
 * Hands out packet identifiers 1 to 65535 in turn, skipping those still in use. Not thread-safe: owned by a session.
 */
final class PacketIdAllocator {

    private static final int MAX_ID = 65_535;

    private int last;

    /**
     * Return the next free identifier.
     * @param inUse tells which identifiers are taken
     * @return an identifier from 1 to 65535
     * @throws IllegalStateException if every identifier is in use
     */
    int next(IntPredicate inUse) {
        for (int attempt = 0; attempt < MAX_ID; attempt++) {
            this.last = (this.last == MAX_ID) ? 1 : this.last + 1;
            if (!inUse.test(this.last)) {
                return this.last;
            }
        }
        throw new IllegalStateException("All 65535 packet identifiers are in use");
    }

}
