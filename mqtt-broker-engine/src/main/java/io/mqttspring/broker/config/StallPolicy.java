package io.mqttspring.broker.config;

/**
 * What the broker does with an online subscriber whose queue stays full for the stall timeout: it stopped reading,
 * or reads far slower than the publishers feeding it. Either way the publishers it held back resume.
 */
public enum StallPolicy {

    /**
     * Keep the subscriber connected and let its own queue overflow: messages that find it full are dropped for it
     * alone (by the queue overflow policy) and counted, until it catches up.
     */
    OVERFLOW,

    /**
     * Disconnect the subscriber (MQTT 5: DISCONNECT 0x97 Quota exceeded); a persistent session keeps its queue and
     * its queue limit, as any offline session does.
     */
    DISCONNECT

}
