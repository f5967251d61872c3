package io.mqttspring.broker.will;

import io.mqttspring.broker.core.ClientInfo;

/**
 * Told which connected clients have a will, so that someone else can publish it should this broker fail: the other
 * nodes of a cluster. Called on event loops; must return at once.
 */
public interface WillTracker {

    /** A broker on its own: nobody else could publish a will. */
    WillTracker NONE = new WillTracker() {

        @Override
        public void connected(ClientInfo client, WillMessage will) {
        }

        @Override
        public void settled(ClientInfo client) {
        }

    };

    /**
     * A client connected with a will.
     * @param client the client
     * @param will its will
     */
    void connected(ClientInfo client, WillMessage will);

    /**
     * A client's connection ended and this broker took care of its will: published it, started its delay, or dropped
     * it after a normal DISCONNECT.
     * @param client the client
     */
    void settled(ClientInfo client);

}
