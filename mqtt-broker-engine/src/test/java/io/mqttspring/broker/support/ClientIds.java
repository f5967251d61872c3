package io.mqttspring.broker.support;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique client identifiers, so tests never share sessions by accident.
 */
public final class ClientIds {

    private static final AtomicInteger counter = new AtomicInteger();

    private ClientIds() {
    }

    public static String unique(String name) {
        return name + "-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet();
    }

}
