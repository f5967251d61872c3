package io.mqttspring.broker.message;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The MQTT 5 properties an application message carries from its publisher to its subscribers. MQTT 3.1.1
 * clients neither send nor receive them.
 *
 * @param payloadFormatIndicator 1 when the payload is UTF-8 text, 0 when unspecified bytes, {@code null} when absent
 * @param messageExpiryInterval lifetime in seconds, {@code null} when the message does not expire
 * @param contentType MIME type of the payload, or {@code null}
 * @param responseTopic topic name for a response, or {@code null}
 * @param correlationData data correlating a response with its request, or {@code null}
 * @param userProperties user properties in the order they were sent
 */
public record MessageProperties(@Nullable Integer payloadFormatIndicator, @Nullable Long messageExpiryInterval,
        @Nullable String contentType, @Nullable String responseTopic, byte @Nullable [] correlationData,
        List<UserProperty> userProperties) {

    /** Properties of a message that carries none. */
    public static final MessageProperties NONE = new MessageProperties(null, null, null, null, null, List.of());

    private static final long MAX_FOUR_BYTE_INTEGER = 0xFFFF_FFFFL;

    public MessageProperties {
        if (payloadFormatIndicator != null && payloadFormatIndicator != 0 && payloadFormatIndicator != 1) {
            throw new IllegalArgumentException("payloadFormatIndicator must be 0 or 1, was " + payloadFormatIndicator);
        }
        if (messageExpiryInterval != null
                && (messageExpiryInterval < 0 || messageExpiryInterval > MAX_FOUR_BYTE_INTEGER)) {
            throw new IllegalArgumentException(
                    "messageExpiryInterval must be between 0 and 4294967295, was " + messageExpiryInterval);
        }
        userProperties = List.copyOf(Objects.requireNonNull(userProperties, "userProperties"));
    }

    /**
     * Return whether no property is set.
     * @return {@code true} for a message without properties
     */
    public boolean isEmpty() {
        return this.payloadFormatIndicator == null && this.messageExpiryInterval == null && this.contentType == null
                && this.responseTopic == null && this.correlationData == null && this.userProperties.isEmpty();
    }

    /**
     * Return a copy of these properties with another message expiry interval.
     * @param interval the interval in seconds, or {@code null} for none
     * @return the copy
     */
    public MessageProperties withMessageExpiryInterval(@Nullable Long interval) {
        return new MessageProperties(this.payloadFormatIndicator, interval, this.contentType, this.responseTopic,
                this.correlationData, this.userProperties);
    }

    /**
     * Start building properties.
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean equals(Object other) {
        return (this == other) || (other instanceof MessageProperties that
                && Objects.equals(this.payloadFormatIndicator, that.payloadFormatIndicator)
                && Objects.equals(this.messageExpiryInterval, that.messageExpiryInterval)
                && Objects.equals(this.contentType, that.contentType)
                && Objects.equals(this.responseTopic, that.responseTopic)
                && Arrays.equals(this.correlationData, that.correlationData)
                && this.userProperties.equals(that.userProperties));
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.payloadFormatIndicator, this.messageExpiryInterval, this.contentType,
                this.responseTopic, Arrays.hashCode(this.correlationData), this.userProperties);
    }

    @Override
    public String toString() {
        return "MessageProperties[payloadFormatIndicator=" + this.payloadFormatIndicator + ", messageExpiryInterval="
                + this.messageExpiryInterval + ", contentType=" + this.contentType + ", responseTopic="
                + this.responseTopic + ", correlationData="
                + ((this.correlationData != null) ? this.correlationData.length + " bytes" : "null")
                + ", userProperties=" + this.userProperties + "]";
    }

    /**
     * Builder for {@link MessageProperties}; not thread-safe.
     */
    public static final class Builder {

        private @Nullable Integer payloadFormatIndicator;

        private @Nullable Long messageExpiryInterval;

        private @Nullable String contentType;

        private @Nullable String responseTopic;

        private byte @Nullable [] correlationData;

        private final List<UserProperty> userProperties = new ArrayList<>();

        private Builder() {
        }

        public Builder payloadFormatIndicator(@Nullable Integer payloadFormatIndicator) {
            this.payloadFormatIndicator = payloadFormatIndicator;
            return this;
        }

        public Builder messageExpiryInterval(@Nullable Long seconds) {
            this.messageExpiryInterval = seconds;
            return this;
        }

        public Builder contentType(@Nullable String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder responseTopic(@Nullable String responseTopic) {
            this.responseTopic = responseTopic;
            return this;
        }

        public Builder correlationData(byte @Nullable [] correlationData) {
            this.correlationData = correlationData;
            return this;
        }

        public Builder userProperty(String name, String value) {
            this.userProperties.add(new UserProperty(name, value));
            return this;
        }

        public Builder userProperties(List<UserProperty> userProperties) {
            this.userProperties.addAll(userProperties);
            return this;
        }

        public MessageProperties build() {
            MessageProperties properties = new MessageProperties(this.payloadFormatIndicator,
                    this.messageExpiryInterval, this.contentType, this.responseTopic, this.correlationData,
                    this.userProperties);
            return properties.isEmpty() ? NONE : properties;
        }

    }

}
