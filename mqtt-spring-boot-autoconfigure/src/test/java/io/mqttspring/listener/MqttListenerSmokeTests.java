package io.mqttspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.core.MqttHeaders;
import io.mqttspring.core.MqttTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(properties = { "mqtt.broker.port=0", "mqtt.broker.host=127.0.0.1", "mqtt.broker.sys-interval=0", "mqtt.broker.websocket.port=0" })
class MqttListenerSmokeTests {

    @Value("${local.mqtt.broker.port}")
    int port;

    @Autowired
    Listener listener;

    @Autowired
    MqttTemplate template;

    @Test
    void networkPublishReachesListener() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.port, ClientIds.unique("smoke"))) {
            client.publish("sensors/kitchen/temperature", "21.5", 1);
            this.template.publish("sensors/hall/temperature", 19.0).join();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.listener.received)
                    .contains("kitchen=21.5@sensors/kitchen/temperature", "hall=19.0@sensors/hall/temperature"));
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Config {

        @Bean
        Listener listener() {
            return new Listener();
        }

    }

    static class Listener {

        final List<String> received = new CopyOnWriteArrayList<>();

        @MqttListener(topics = "sensors/{room}/temperature")
        void onReading(@TopicVariable("room") String room, double value,
                @Header(MqttHeaders.RECEIVED_TOPIC) String topic) {
            this.received.add(room + "=" + value + "@" + topic);
        }

    }

}
