package io.mqttspring.demo;

import io.mqttspring.integration.MqttIntegration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * A Spring Integration flow on the broker: every alert becomes a one-line notification on
 * {@code notifications/log}, where the page (or any MQTT client) reads it.
 */
@Configuration(proxyBeanMethods = false)
class NotificationFlow {

    @Bean
    IntegrationFlow alertNotifications(MqttIntegration mqtt) {
        return IntegrationFlow.from(mqtt.inbound("building/+/+/alert").payloadType(RoomTelemetry.Alert.class))
            .<RoomTelemetry.Alert, String>transform((alert) -> "Room " + alert.floor() + "/" + alert.room() + " is "
                    + ("HOT".equals(alert.state()) ? "too hot" : "back to normal") + " ("
                    + String.format("%.1f", alert.temperature()) + " °C)")
            .handle(mqtt.outbound().defaultTopic("notifications/log"))
            .get();
    }

}
