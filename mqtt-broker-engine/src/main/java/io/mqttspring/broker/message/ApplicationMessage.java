package io.mqttspring.broker.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An application message as a publisher sends it: topic name, payload, QoS, retain flag and MQTT 5 properties.
 * The payload array is not copied: treat it as immutable once the message is built.
 *
 * @param topic the topic name, without wildcards
 * @param payload the payload bytes, possibly empty
 * @param qos the quality of service
 * @param retain whether the broker should retain the message
 * @param properties the MQTT 5 properties
 */
public record ApplicationMessage(String topic, byte[] payload, QoS qos, boolean retain, MessageProperties properties) {

    private static final byte[] EMPTY = new byte[0];

    public ApplicationMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(properties, "properties");
    }

    /**
     * Create a QoS 0, non-retained message without properties.
     * @param topic the topic name
     * @param payload the payload
     * @return the message
     */
    public static ApplicationMessage of(String topic, byte[] payload) {
        return new ApplicationMessage(topic, payload, QoS.AT_MOST_ONCE, false, MessageProperties.NONE);
    }

    /**
     * Create a QoS 0, non-retained message with a UTF-8 text payload.
     * @param topic the topic name
     * @param payload the text
     * @return the message
     */
    public static ApplicationMessage of(String topic, String payload) {
        return of(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Start building a message.
     * @param topic the topic name
     * @return a new builder
     */
    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    /**
     * Return the payload decoded as UTF-8.
     * @return the payload text
     */
    public String payloadAsString() {
        return new String(this.payload, StandardCharsets.UTF_8);
    }

    /**
     * Return a copy of this message with another QoS and retain flag.
     * @param qos the QoS
     * @param retain the retain flag
     * @return the copy, or this message when nothing changes
     */
    public ApplicationMessage with(QoS qos, boolean retain) {
        return (qos == this.qos && retain == this.retain) ? this
                : new ApplicationMessage(this.topic, this.payload, qos, retain, this.properties);
    }

    /**
     * Return a copy of this message with other properties.
     * @param properties the properties
     * @return the copy
     */
    public ApplicationMessage withProperties(MessageProperties properties) {
        return new ApplicationMessage(this.topic, this.payload, this.qos, this.retain, properties);
    }

    @Override
    public boolean equals(Object other) {
        return (this == other) || (other instanceof ApplicationMessage that && this.topic.equals(that.topic)
                && Arrays.equals(this.payload, that.payload) && this.qos == that.qos && this.retain == that.retain
                && this.properties.equals(that.properties));
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.topic, Arrays.hashCode(this.payload), this.qos, this.retain, this.properties);
    }

    @Override
    public String toString() {
        return "ApplicationMessage[topic=" + this.topic + ", payload=" + this.payload.length + " bytes, qos="
                + this.qos + ", retain=" + this.retain + ", properties=" + this.properties + "]";
    }

    /**
     * Builder for {@link ApplicationMessage}; not thread-safe.
     */
    public static final class Builder {

        private final String topic;

        private byte[] payload = EMPTY;

        private QoS qos = QoS.AT_MOST_ONCE;

        private boolean retain;

        private MessageProperties properties = MessageProperties.NONE;

        private Builder(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
        }

        public Builder payload(byte[] payload) {
            this.payload = Objects.requireNonNull(payload, "payload");
            return this;
        }

        public Builder payload(String payload) {
            return payload(payload.getBytes(StandardCharsets.UTF_8));
        }

        public Builder qos(QoS qos) {
            this.qos = Objects.requireNonNull(qos, "qos");
            return this;
        }

        public Builder retain(boolean retain) {
            this.retain = retain;
            return this;
        }

        public Builder properties(MessageProperties properties) {
            this.properties = Objects.requireNonNull(properties, "properties");
            return this;
        }

        public ApplicationMessage build() {
            return new ApplicationMessage(this.topic, this.payload, this.qos, this.retain, this.properties);
        }

    }

}
