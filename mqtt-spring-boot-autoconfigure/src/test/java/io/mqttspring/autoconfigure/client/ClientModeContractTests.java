package io.mqttspring.autoconfigure.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.autoconfigure.integration.MqttIntegrationAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.UserProperty;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.client.HiveMqClientConnection;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.core.MqttHeaders;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.TopicVariable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What client mode does against any broker over the network: the template, {@code @MqttListener} methods and
 * request/response go through the HiveMQ MQTT Client to that broker. Subclasses start the broker.
 */
abstract class ClientModeContractTests {

    protected ApplicationContextRunner runner;

    /**
     * Start the external broker.
     * @return its MQTT port on 127.0.0.1
     */
    protected abstract int startBroker() throws Exception;

    protected abstract void stopBroker() throws Exception;

    protected abstract int port();

    @BeforeEach
    void startRemoteBroker() throws Exception {
        int port = startBroker();
        this.runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttClientAutoConfiguration.class,
                    MqttBrokerAutoConfiguration.class, MqttMessagingAutoConfiguration.class,
                    MqttIntegrationAutoConfiguration.class))
            .withPropertyValues("mqtt.client.url=tcp://127.0.0.1:" + port,
                    "mqtt.client.client-id=" + ClientIds.unique("app"), "mqtt.broker.port=0",
                    "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1");
    }

    @AfterEach
    void stopRemoteBroker() throws Exception {
        stopBroker();
    }

    protected Mqtt5BlockingClient device() {
        Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier(ClientIds.unique("device"))
                .serverHost("127.0.0.1").serverPort(port()).buildBlocking();
        device.connect();
        return device;
    }

    @Test
    @DisplayName("with mqtt.client.url the embedded broker does not start, and @MqttListener methods receive what a "
            + "device publishes on the remote broker, topic variables and MQTT 5 properties included")
    void listenerReceivesFromRemoteBroker() {
        this.runner.withBean(Thermostat.class).run((context) -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(MqttBroker.class);
            assertThat(context.getBean(MqttConnection.class)).isInstanceOf(HiveMqClientConnection.class);
            assertThat(context.getBean(MqttConnection.class).isRunning()).isTrue();
            Mqtt5BlockingClient device = device();
            try {
                device.publishWith().topic("rooms/kitchen/temperature").payload("21.5".getBytes(StandardCharsets.UTF_8))
                    .qos(MqttQos.AT_LEAST_ONCE).contentType("text/plain").userProperties()
                    .add("unit", "celsius").applyUserProperties().send();
                Reading reading = context.getBean(Thermostat.class).readings.poll(10, TimeUnit.SECONDS);
                assertThat(reading).isEqualTo(new Reading("kitchen", 21.5, "text/plain",
                        List.of(new UserProperty("unit", "celsius"))));
            }
            finally {
                device.disconnect();
            }
        });
    }

    @Test
    @DisplayName("MQTT 5 [MQTT-3.3.2-15] [MQTT-3.3.2-16]: the template publishes to the remote broker, with QoS, "
            + "content type and user properties, and runs request/response against a responder there")
    void templatePublishesAndRequestsThroughRemoteBroker() {
        this.runner.run((context) -> {
            MqttTemplate template = context.getBean(MqttTemplate.class);
            Mqtt5BlockingClient device = device();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = device.publishes(
                    MqttGlobalPublishFilter.ALL)) {
                device.subscribeWith().topicFilter("commands/#").qos(MqttQos.AT_LEAST_ONCE).send();
                template.publish("commands/heater", "on", QoS.AT_LEAST_ONCE, false).get(10, TimeUnit.SECONDS);
                Mqtt5Publish command = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(command.getTopic().toString()).isEqualTo("commands/heater");
                assertThat(new String(command.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("on");
                assertThat(command.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
                assertThat(command.getContentType().orElseThrow().toString()).startsWith("text/plain");
                // a responder on the remote broker answers to the response topic with the correlation data
                device.subscribeWith().topicFilter("requests/#").qos(MqttQos.AT_LEAST_ONCE).send();
                var reply = template.request("requests/setpoint", "21", String.class, Duration.ofSeconds(10));
                Mqtt5Publish request = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(request.getResponseTopic()).isPresent();
                device.publishWith().topic(request.getResponseTopic().get()).payload("accepted"
                        .getBytes(StandardCharsets.UTF_8)).correlationData(request.getCorrelationData().orElseThrow())
                    .qos(MqttQos.AT_LEAST_ONCE).send();
                assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("accepted");
            }
            finally {
                device.disconnect();
            }
        });
    }

    record Reading(String room, double value, String contentType, List<UserProperty> users) {
    }

    static class Thermostat {

        final BlockingQueue<Reading> readings = new LinkedBlockingQueue<>();

        @MqttListener(topics = "rooms/{room}/temperature")
        void onReading(@TopicVariable("room") String room, double value,
                @Header(MessageHeaders.CONTENT_TYPE) String contentType,
                @Header(MqttHeaders.USER_PROPERTIES) List<UserProperty> users) {
            this.readings.add(new Reading(room, value, contentType, users));
        }

    }

}
