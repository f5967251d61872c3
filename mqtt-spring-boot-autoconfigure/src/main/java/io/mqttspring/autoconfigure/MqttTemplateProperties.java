package io.mqttspring.autoconfigure;

import io.mqttspring.broker.message.QoS;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the {@link io.mqttspring.core.MqttTemplate}.
 */
@ConfigurationProperties("mqtt.template")
public class MqttTemplateProperties {

    /**
     * QoS of publications that name none. QoS 0 messages are not queued for offline persistent subscribers.
     */
    private QoS defaultQos = QoS.AT_LEAST_ONCE;

    /**
     * Prefix of the response topic of requests; each template appends its own unique identifier.
     */
    private String replyTopicPrefix = "replies/";

    public QoS getDefaultQos() {
        return this.defaultQos;
    }

    public void setDefaultQos(QoS defaultQos) {
        this.defaultQos = defaultQos;
    }

    public String getReplyTopicPrefix() {
        return this.replyTopicPrefix;
    }

    public void setReplyTopicPrefix(String replyTopicPrefix) {
        this.replyTopicPrefix = replyTopicPrefix;
    }

    /**
     * Whether to observe publications and requests (mqtt.publish), the trace context carried in the traceparent user property, when the application has an ObservationRegistry.
     */
    private boolean observationEnabled = true;

    public boolean isObservationEnabled() {
        return this.observationEnabled;
    }

    public void setObservationEnabled(boolean observationEnabled) {
        this.observationEnabled = observationEnabled;
    }

}
