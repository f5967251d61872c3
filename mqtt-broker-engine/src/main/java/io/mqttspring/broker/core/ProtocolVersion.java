package io.mqttspring.broker.core;

/**
 * The MQTT protocol version a client connected with.
 */
public enum ProtocolVersion {

    /** MQTT 3.1 (protocol name {@code MQIsdp}, level 3). */
    MQTT_3_1(3),

    /** MQTT 3.1.1 (level 4). */
    MQTT_3_1_1(4),

    /** MQTT 5.0 (level 5). */
    MQTT_5(5),

    /** A client inside the application, using the broker's in-process API. */
    IN_PROCESS(5);

    private final int level;

    ProtocolVersion(int level) {
        this.level = level;
    }

    /**
     * Return the protocol level sent in CONNECT.
     * @return the level
     */
    public int level() {
        return this.level;
    }

    /**
     * Return whether clients of this version understand MQTT 5 properties and reason codes.
     * @return {@code true} for MQTT 5 and in-process clients
     */
    public boolean isMqtt5() {
        return this.level == 5;
    }

}
