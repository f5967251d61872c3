package io.mqttspring.autoconfigure.client;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.autoconfigure.MqttBrokerAutoConfiguration;
import io.mqttspring.autoconfigure.MqttMessagingAutoConfiguration;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.message.UserProperty;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.core.MqttConnection;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.TopicVariable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Client mode with {@code mqtt.client.protocol-version=3.1.1}, for brokers that speak nothing newer: listeners and
 * the template work, what needs MQTT 5 fails saying so, and an MQTT 5 connection to a 3.1.1-only broker fails at
 * start-up naming the property that fixes it.
 */
class Mqtt311ClientModeTests {

    private MqttBroker remote;

    private ApplicationContextRunner runner;

    @BeforeEach
    void startRemote() {
        this.remote = MqttBroker.builder().config(BrokerExtension.testConfig((config) -> {
        })).build();
        this.remote.start();
        this.runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MqttClientAutoConfiguration.class,
                    MqttBrokerAutoConfiguration.class, MqttMessagingAutoConfiguration.class))
            .withPropertyValues("mqtt.client.url=tcp://127.0.0.1:" + this.remote.port(),
                    "mqtt.client.client-id=" + ClientIds.unique("app311"), "mqtt.client.protocol-version=3.1.1");
    }

    @AfterEach
    void stopRemote() {
        this.remote.stop();
    }

    @Test
    @DisplayName("MQTT 3.1.1 [MQTT-3.1.2-2]: the connection speaks 3.1.1; a listener receives what a device publishes "
            + "and the template's publication reaches the device")
    void listenerAndTemplateWork() {
        this.runner.withBean(Thermostat.class).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MqttConnection.class).supportsMqtt5()).isFalse();
            assertThat(this.remote.sessions()).anySatisfy((session) -> {
                assertThat(session.clientId()).startsWith("app311");
                assertThat(session.client().protocolVersion()).isEqualTo(ProtocolVersion.MQTT_3_1_1);
            });
            try (Paho3Client device = Paho3Client.connected(this.remote.port(), ClientIds.unique("device"))) {
                device.subscribe("commands/#", 1);
                device.publish("rooms/kitchen/temperature", "21.5", 1);
                assertThat(context.getBean(Thermostat.class).readings.poll(10, TimeUnit.SECONDS))
                    .isEqualTo("kitchen=21.5");
                context.getBean(MqttTemplate.class).publish("commands/heater", "on", QoS.AT_LEAST_ONCE, false)
                    .get(10, TimeUnit.SECONDS);
                Paho3Client.Received command = device.next();
                assertThat(command.topic() + "=" + command.payload()).isEqualTo("commands/heater=on");
            }
        });
    }

    @Test
    @DisplayName("what needs MQTT 5 fails clearly over 3.1.1: a request, and a publication with user properties")
    void mqtt5FeaturesFailClearly() {
        this.runner.run((context) -> {
            MqttTemplate template = context.getBean(MqttTemplate.class);
            CompletableFuture<String> request = template.request("requests/setpoint", "21", String.class,
                    Duration.ofSeconds(5));
            assertThatThrownBy(() -> request.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("mqtt.client.protocol-version");
            ApplicationMessage tagged = new ApplicationMessage("tagged", new byte[] { 1 }, QoS.AT_LEAST_ONCE, false,
                    MessageProperties.builder().userProperties(java.util.List.of(new UserProperty("k", "v")))
                        .build());
            assertThatThrownBy(() -> template.publish(tagged).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(UnsupportedOperationException.class).hasMessageContaining("user properties");
        });
    }

    @Test
    @DisplayName("an MQTT 5 connection to a broker that speaks 3.1.1 only fails at start-up naming "
            + "mqtt.client.protocol-version")
    void mqtt5ToOldBrokerNamesTheProperty() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread old = new Thread(() -> answerAsOldBroker(server), "old-broker");
            old.setDaemon(true);
            old.start();
            this.runner.withPropertyValues("mqtt.client.url=tcp://127.0.0.1:" + server.getLocalPort(),
                    "mqtt.client.protocol-version=5", "mqtt.client.connect-timeout=5s")
                .run((context) -> assertThat(context).getFailure()
                    .hasStackTraceContaining("mqtt.client.protocol-version=3.1.1"));
            old.join(5_000);
        }
    }

    /** Answer CONNECT as a 3.1.1-only broker does to a version it does not know: CONNACK 0x01, then close. */
    private static void answerAsOldBroker(ServerSocket server) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            in.read(new byte[256]);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] { 0x20, 0x02, 0x00, 0x01 });
            out.flush();
        }
        catch (java.io.IOException ex) {
            // the test fails on the context's side
        }
    }

    @Test
    @DisplayName("an unknown protocol version fails at start-up naming the property")
    void unknownVersionFails() {
        this.runner.withPropertyValues("mqtt.client.protocol-version=4").run((context) -> assertThat(context)
            .getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("mqtt.client.protocol-version"));
    }

    static class Thermostat {

        final BlockingQueue<String> readings = new LinkedBlockingQueue<>();

        @MqttListener(topics = "rooms/{room}/temperature")
        void onReading(@TopicVariable("room") String room, double value) {
            this.readings.add(room + "=" + value);
        }

    }

}
