package io.mqttspring.broker.config;

/**
 * When the durable store makes what it was given durable, and so when a QoS 1 or 2 publication is acknowledged.
 */
public enum SyncPolicy {

    /**
     * A QoS 1 or 2 publication is acknowledged once what it changed (the queues of persistent sessions it reached,
     * the retained message) is on disk: publications arriving together share one write and one sync (group commit).
     */
    SYNC,

    /**
     * Changes are written to the store as they come and synced to disk on an interval; publications are
     * acknowledged at once. A crash of the process loses at most what was not written yet (milliseconds); a crash
     * of the machine loses up to one interval, as Mosquitto's autosave does.
     */
    PERIODIC

}
