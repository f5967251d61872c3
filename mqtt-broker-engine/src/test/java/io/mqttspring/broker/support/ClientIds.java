package io.mqttspring.broker.support;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique client identifiers, so tests never share sessions by accident.
 */
public final class ClientIds {

    private static final AtomicInteger counter = new AtomicInteger();

    private ClientIds() {
    }

    /**
     * Return a client identifier no other test of this run uses.
     * @param name a prefix saying what the client is for
     * @return {@code name-pid-counter}
     */
    public static String unique(String name) {
        return name + "-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet();
    }

}
