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

    // every combination, 36 in all: a subscription refers to one of these instead of holding its own (24 B each)
    private static final SubscriptionOptions[] ALL = new SubscriptionOptions[QoS.values().length * 12];

    static {
        for (QoS qos : QoS.values()) {
            for (int flags = 0; flags < 4; flags++) {
                for (int retainHandling = 0; retainHandling <= 2; retainHandling++) {
                    SubscriptionOptions options = new SubscriptionOptions(qos, (flags & 2) != 0, (flags & 1) != 0,
                            retainHandling);
                    ALL[index(options.qos, options.noLocal, options.retainAsPublished, retainHandling)] = options;
                }
            }
        }
    }

    /**
     * Return the options of a plain subscription at a QoS.
     * @param qos the QoS
     * @return options with every flag at its default
     */
    public static SubscriptionOptions of(QoS qos) {
        return of(qos, false, false, 0);
    }

    /**
     * Return options, shared with every subscription that has the same.
     * @param qos the maximum QoS the subscriber accepts
     * @param noLocal whether messages the subscriber itself published are withheld
     * @param retainAsPublished whether forwarded messages keep the retain flag they were published with
     * @param retainHandling 0, 1 or 2
     * @return the options
     */
    public static SubscriptionOptions of(QoS qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
        Objects.requireNonNull(qos, "qos");
        if (retainHandling < 0 || retainHandling > 2) {
            // the constructor says what is wrong
            return new SubscriptionOptions(qos, noLocal, retainAsPublished, retainHandling);
        }
        return ALL[index(qos, noLocal, retainAsPublished, retainHandling)];
    }

    private static int index(QoS qos, boolean noLocal, boolean retainAsPublished, int retainHandling) {
        return ((qos.ordinal() * 2 + (noLocal ? 1 : 0)) * 2 + (retainAsPublished ? 1 : 0)) * 3 + retainHandling;
    }

}
