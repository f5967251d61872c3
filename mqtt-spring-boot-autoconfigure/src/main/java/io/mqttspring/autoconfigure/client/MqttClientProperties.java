package io.mqttspring.autoconfigure.client;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Client mode: the template, {@code @MqttListener} methods and Integration adapters talk to a broker over the
 * network instead of the embedded one.
 */
@ConfigurationProperties("mqtt.client")
public class MqttClientProperties extends RemoteBrokerProperties {

    /**
     * MQTT version to speak: 5, or 3.1.1 for brokers that speak nothing newer. With 3.1.1, request/response and
     * publications with user properties, response topic, correlation data or message expiry fail, and the trace
     * context is not propagated.
     */
    private String protocolVersion = "5";

    public String getProtocolVersion() {
        return this.protocolVersion;
    }

    public void setProtocolVersion(String protocolVersion) {
        this.protocolVersion = protocolVersion;
    }

}
