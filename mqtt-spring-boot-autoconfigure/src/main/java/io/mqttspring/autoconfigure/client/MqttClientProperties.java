package io.mqttspring.autoconfigure.client;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Client mode: the template, {@code @MqttListener} methods and Integration adapters talk to a broker over the
 * network instead of the embedded one.
 */
@ConfigurationProperties("mqtt.client")
public class MqttClientProperties extends RemoteBrokerProperties {

}
