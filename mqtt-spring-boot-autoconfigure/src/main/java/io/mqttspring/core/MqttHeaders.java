package io.mqttspring.core;

/**
 * Names of the message headers that carry MQTT metadata between the broker and Spring messaging: listener method
 * arguments ({@code @Header}), {@code Message<?>} payloads, the template and the Spring Integration adapters. Where
 * the meaning is the same, the names are Spring Integration MQTT's, so flows move between the two unchanged. The
 * MQTT 5 Content Type travels in {@link org.springframework.messaging.MessageHeaders#CONTENT_TYPE}.
 */
public final class MqttHeaders {

    /** Prefix of every MQTT header. */
    public static final String PREFIX = "mqtt_";

    /** Outbound: the topic to publish to. */
    public static final String TOPIC = PREFIX + "topic";

    /** Outbound: the QoS to publish with ({@link io.mqttspring.broker.message.QoS} or 0, 1, 2). */
    public static final String QOS = PREFIX + "qos";

    /** Outbound: whether the broker should retain the message. */
    public static final String RETAINED = PREFIX + "retained";

    /** Inbound: the topic the message was published to. */
    public static final String RECEIVED_TOPIC = PREFIX + "receivedTopic";

    /** Inbound: the QoS the message was delivered with, as an {@code Integer}. */
    public static final String RECEIVED_QOS = PREFIX + "receivedQos";

    /** Inbound: the retain flag of the delivery. */
    public static final String RECEIVED_RETAINED = PREFIX + "receivedRetained";

    /** Inbound: whether the message may have been delivered before. */
    public static final String DUPLICATE = PREFIX + "duplicate";

    /** MQTT 5 Message Expiry Interval in seconds, as a {@code Long}. */
    public static final String MESSAGE_EXPIRY_INTERVAL = PREFIX + "messageExpiryInterval";

    /** MQTT 5 Response Topic. */
    public static final String RESPONSE_TOPIC = PREFIX + "responseTopic";

    /** MQTT 5 Correlation Data, as {@code byte[]}. */
    public static final String CORRELATION_DATA = PREFIX + "correlationData";

    /** MQTT 5 Payload Format Indicator, as an {@code Integer} (1 for UTF-8 text). */
    public static final String PAYLOAD_FORMAT_INDICATOR = PREFIX + "payloadFormatIndicator";

    /**
     * Name of the user property a listener's answer carries when the listener failed on a request: its value says
     * why, and {@link MqttOperations#request} completes exceptionally with it.
     */
    public static final String ERROR_PROPERTY = "mqtt-error";

    /** MQTT 5 user properties, as a {@code List<UserProperty>} in their original order. */
    public static final String USER_PROPERTIES = PREFIX + "userProperties";

    /** Inbound: MQTT 5 subscription identifiers of the matching subscriptions, as a {@code List<Integer>}. */
    public static final String SUBSCRIPTION_IDENTIFIERS = PREFIX + "subscriptionIdentifiers";

    /** Inbound: the client identifier of the publisher; absent when the application published in-process. */
    public static final String CLIENT_ID = PREFIX + "clientId";

    private MqttHeaders() {
    }

}
