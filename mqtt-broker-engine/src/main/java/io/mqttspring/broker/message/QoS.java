package io.mqttspring.broker.message;

/**
 * Quality of service level of an application message or subscription.
 */
public enum QoS {

    /** At most once delivery (QoS 0). */
    AT_MOST_ONCE(0),

    /** At least once delivery (QoS 1). */
    AT_LEAST_ONCE(1),

    /** Exactly once delivery (QoS 2). */
    EXACTLY_ONCE(2);

    private static final QoS[] BY_VALUE = values();

    private final int value;

    QoS(int value) {
        this.value = value;
    }

    /**
     * Return the level as it appears on the wire.
     * @return 0, 1 or 2
     */
    public int value() {
        return this.value;
    }

    /**
     * Return the lower of this level and {@code other}.
     * @param other the level to compare with
     * @return the lower level
     */
    public QoS min(QoS other) {
        return (other.value < this.value) ? other : this;
    }

    /**
     * Return the higher of this level and {@code other}.
     * @param other the level to compare with
     * @return the higher level
     */
    public QoS max(QoS other) {
        return (other.value > this.value) ? other : this;
    }

    /**
     * Return the level for a wire value.
     * @param value 0, 1 or 2
     * @return the level
     * @throws IllegalArgumentException if {@code value} is not a QoS level
     */
    public static QoS of(int value) {
        if (value < 0 || value >= BY_VALUE.length) {
            throw new IllegalArgumentException("QoS must be 0, 1 or 2, was " + value);
        }
        return BY_VALUE[value];
    }

}
