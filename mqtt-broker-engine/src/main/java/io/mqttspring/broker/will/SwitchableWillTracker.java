package io.mqttspring.broker.will;

import java.util.Objects;

import io.mqttspring.broker.core.ClientInfo;

/**
 * A {@link WillTracker} that passes on to another, chosen once the broker knows it: sessions are made before a
 * cluster node joins. Thread-safe.
 */
public final class SwitchableWillTracker implements WillTracker {

    private volatile WillTracker target = WillTracker.NONE;

    /**
     * Pass on to this tracker from now on.
     * @param target the tracker
     */
    public void switchTo(WillTracker target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    public void connected(ClientInfo client, WillMessage will) {
        this.target.connected(client, will);
    }

    @Override
    public void settled(ClientInfo client) {
        this.target.settled(client);
    }

}
