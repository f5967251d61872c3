package io.mqttspring.broker.subscription;

import java.util.Objects;

import io.mqttspring.broker.message.QoS;

/**
 * The options of one subscription (MQTT 5.0 section 3.8.3.1); MQTT 3.1.1 subscriptions use only the QoS.
 *
 * @param qos the maximum QoS the subscriber accepts
 * @param noLocal whether messages the subscriber itself published are withheld
 * @param retainAsPublished whether forwarded messages keep the retain flag they were published with
 * @param retainHandling 0 to send retained messages on subscribe, 1 only for a new subscription, 2 never
 */
public record SubscriptionOptions(QoS qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {

    public SubscriptionOptions {
        Objects.requireNonNull(qos, "qos");
        if (retainHandling < 0 || retainHandling > 2) {
            throw new IllegalArgumentException("retainHandling must be 0, 1 or 2, was " + retainHandling);
        }
    }

    /**
     * Return the options of a plain subscription at a QoS.
     * @param qos the QoS
     * @return options with every flag at its default
     */
    public static SubscriptionOptions of(QoS qos) {
        return new SubscriptionOptions(qos, false, false, 0);
    }

}
