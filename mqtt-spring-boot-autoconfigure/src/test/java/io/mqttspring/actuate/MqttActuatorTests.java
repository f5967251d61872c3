package io.mqttspring.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.support.ClientIds;
import io.mqttspring.broker.support.Paho3Client;
import io.mqttspring.broker.support.Paho5Client;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.MqttListenerEndpointRegistry;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health, metrics and the {@code mqtt} endpoint read over HTTP from a running web application.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "mqtt.broker.port=0", "mqtt.broker.websocket.port=0", "mqtt.broker.host=127.0.0.1",
                "mqtt.broker.sys-interval=0", "mqtt.broker.shutdown-timeout=1s",
                "management.endpoints.web.exposure.include=health,metrics,mqtt",
                "management.endpoint.health.show-details=always" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MqttActuatorTests {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_ARRAY = new ParameterizedTypeReference<>() {
    };

    @LocalServerPort
    int httpPort;

    @Value("${local.mqtt.broker.port}")
    int mqttPort;

    @Autowired
    MqttBroker broker;

    @Autowired
    MqttTemplate template;

    @Autowired
    WebListener listener;

    @Autowired
    MqttListenerEndpointRegistry registry;

    @Test
    void healthShowsTheBrokerUpWithItsListenersAndFigures() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.mqttPort, ClientIds.unique("health-http"))) {
            client.subscribe("web/health/#", 1);
            ResponseEntity<Map<String, Object>> response = get("/actuator/health", JSON_OBJECT);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
            Map<String, Object> mqtt = map(map(response.getBody(), "components"), "mqttBroker");
            assertThat(mqtt).containsEntry("status", "UP");
            Map<String, Object> details = map(mqtt, "details");
            assertThat(map(map(details, "listeners"), "mqtt")).containsEntry("uri", "mqtt://127.0.0.1:" + this.mqttPort)
                .containsEntry("active", true);
            assertThat(((Number) details.get("connections")).intValue()).isPositive();
            assertThat(details).containsKeys("sessions", "subscriptions", "retainedMessages");
        }
        ResponseEntity<Map<String, Object>> component = get("/actuator/health/mqttBroker", JSON_OBJECT);
        assertThat(component.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(component.getBody()).containsEntry("status", "UP");
    }

    @Test
    void everyDocumentedMeterIsListed() {
        Map<String, Object> metrics = get("/actuator/metrics", JSON_OBJECT).getBody();
        assertThat(metrics.get("names")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
            .contains("mqtt.connections", "mqtt.sessions", "mqtt.subscriptions", "mqtt.retained.messages",
                    "mqtt.messages.inflight", "mqtt.messages.queued", "mqtt.messages.received", "mqtt.messages.sent",
                    "mqtt.messages.dropped", "mqtt.bytes.received", "mqtt.bytes.sent", "mqtt.listener.invocations",
                    "mqtt.listener.failures", "mqtt.listener.pending");
    }

    @Test
    void metricsFollowTheTraffic() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.mqttPort, ClientIds.unique("metrics-http"))) {
            assertThat(measurement("/actuator/metrics/mqtt.connections", "VALUE")).isGreaterThanOrEqualTo(1.0);
            client.publish("web/listener/in", "counted", 1);
            assertThat(this.listener.received.poll(10, TimeUnit.SECONDS)).isEqualTo("counted");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    measurement("/actuator/metrics/mqtt.listener.invocations?tag=listener:web-listener", "COUNT"))
                .isGreaterThanOrEqualTo(1.0));
            assertThat(measurement("/actuator/metrics/mqtt.messages.received?tag=qos:1", "COUNT"))
                .isGreaterThanOrEqualTo(1.0);
            assertThat(measurement("/actuator/metrics/mqtt.bytes.received", "COUNT")).isPositive();
        }
    }

    @Test
    void endpointDescribesTheBroker() {
        Map<String, Object> broker = get("/actuator/mqtt", JSON_OBJECT).getBody();
        assertThat(broker).containsEntry("running", true)
            .containsEntry("acceptingConnections", true)
            .containsEntry("host", "127.0.0.1")
            .containsEntry("port", this.mqttPort)
            .containsKey("uptimeSeconds");
        assertThat(map(broker, "figures")).containsKeys("connections", "connectionsAccepted", "sessions",
                "subscriptions", "retainedMessages", "inflightMessages", "queuedMessages", "messagesReceived",
                "messagesSent", "messagesDropped", "bytesReceived", "bytesSent");
    }

    @Test
    void endpointListsClientsWithTheirSubscriptions() throws Exception {
        try (Paho5Client client = Paho5Client.connected(this.mqttPort, ClientIds.unique("clients-http"))) {
            client.subscribe("web/clients/+/state", 2);
            List<Map<String, Object>> clients = get("/actuator/mqtt/clients", JSON_ARRAY).getBody();
            assertThat(clients).filteredOn((c) -> client.clientId().equals(c.get("clientId")))
                .singleElement()
                .satisfies((c) -> {
                    assertThat(c).containsEntry("connected", true).containsEntry("protocolVersion", "MQTT_5");
                    assertThat((String) c.get("address")).contains("127.0.0.1");
                    assertThat(map(c, "subscriptions")).containsEntry("web/clients/+/state", 2);
                });
        }
    }

    @Test
    void deleteDisconnectsAClientWithAdministrativeAction() throws Exception {
        try (Paho5Client client = Paho5Client.connected(this.mqttPort, ClientIds.unique("delete-http"))) {
            ResponseEntity<Map<String, Object>> response = RestClient.create()
                .delete()
                .uri(url("/actuator/mqtt/clients/" + client.clientId()))
                .retrieve()
                .toEntity(JSON_OBJECT);
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(response.getBody()).containsEntry("clientId", client.clientId())
                .containsEntry("disconnected", true);
            assertThat(client.disconnects().next().getReturnCode()).isEqualTo(0x98);
        }
        Map<String, Object> unknown = RestClient.create()
            .delete()
            .uri(url("/actuator/mqtt/clients/nobody-here"))
            .retrieve()
            .body(JSON_OBJECT);
        assertThat(unknown).containsEntry("disconnected", false);
    }

    @Test
    void endpointListsListeners() {
        List<Map<String, Object>> listeners = get("/actuator/mqtt/listeners", JSON_ARRAY).getBody();
        assertThat(listeners).filteredOn((l) -> "web-listener".equals(l.get("id")))
            .singleElement()
            .satisfies((l) -> {
                assertThat(l).containsEntry("topics", List.of("web/listener/{name}")).containsEntry("running", true);
                assertThat(l).containsKeys("invocations", "failures", "pending");
            });
    }

    @Test
    void postStopsAndStartsAListener() throws Exception {
        Map<String, Object> stopped = post("/actuator/mqtt/listeners/web-listener", Map.of("running", false));
        assertThat(stopped).containsEntry("id", "web-listener").containsEntry("running", false);
        assertThat(this.registry.getListenerContainer("web-listener").isRunning()).isFalse();
        this.template.publish("web/listener/in", "while stopped").join();
        Map<String, Object> started = post("/actuator/mqtt/listeners/web-listener", Map.of("running", true));
        assertThat(started).containsEntry("running", true);
        this.template.publish("web/listener/in", "after restart").join();
        assertThat(this.listener.received.poll(10, TimeUnit.SECONDS)).isEqualTo("after restart");
    }

    @Test
    void unknownSectionIsNotFound() {
        assertThat(get("/actuator/mqtt/nothing", JSON_OBJECT).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void changingAnUnknownListenerIsNotFoundWithTheReason() {
        ResponseEntity<String> unknownListener = RestClient.create()
            .post()
            .uri(url("/actuator/mqtt/listeners/no-such-listener"))
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("running", false))
            .retrieve()
            .onStatus(HttpStatusCode::isError, (request, response) -> {
            })
            .toEntity(String.class);
        assertThat(unknownListener.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknownListener.getBody()).contains("No MQTT listener with id 'no-such-listener'")
            .contains("web-listener");
    }

    @Test
    void validPayloadIsValidatedInAWebApplication() throws Exception {
        try (Paho3Client client = Paho3Client.connected(this.mqttPort, ClientIds.unique("validation-web"))) {
            client.publish("web/validated", "{\"name\":\"\"}", 1);
            client.publish("web/validated", "{\"name\":\"ok\"}", 1);
        }
        assertThat(this.listener.validated.poll(10, TimeUnit.SECONDS)).isEqualTo(new Named("ok"));
        assertThat(this.registry.getListenerContainer("web-validated").getFailures()).isEqualTo(1);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    @DirtiesContext
    void healthGoesDownWhenTheBrokerStops() {
        this.broker.stop();
        ResponseEntity<Map<String, Object>> response = get("/actuator/health", JSON_OBJECT);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        Map<String, Object> mqtt = map(map(response.getBody(), "components"), "mqttBroker");
        assertThat(mqtt).containsEntry("status", "DOWN");
        assertThat(map(mqtt, "details")).containsEntry("reason", "broker is not running");
        Map<String, Object> endpoint = get("/actuator/mqtt", JSON_OBJECT).getBody();
        assertThat(endpoint).containsEntry("running", false).containsEntry("acceptingConnections", false);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + this.httpPort + path;
    }

    private <T> ResponseEntity<T> get(String path, ParameterizedTypeReference<T> type) {
        return RestClient.create()
            .get()
            .uri(url(path))
            .retrieve()
            .onStatus(HttpStatusCode::isError, (request, response) -> {
            })
            .toEntity(type);
    }

    private Map<String, Object> post(String path, Map<String, Object> body) {
        return RestClient.create()
            .post()
            .uri(url(path))
            .contentType(MediaType.APPLICATION_JSON)
            .body(body)
            .retrieve()
            .body(JSON_OBJECT);
    }

    private double measurement(String path, String statistic) {
        Map<String, Object> metric = get(path, JSON_OBJECT).getBody();
        assertThat(metric).as(path).isNotNull().containsKey("measurements");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> measurements = (List<Map<String, Object>>) metric.get("measurements");
        return measurements.stream()
            .filter((m) -> statistic.equals(m.get("statistic")))
            .map((m) -> ((Number) m.get("value")).doubleValue())
            .findFirst()
            .orElseThrow(() -> new AssertionError("No " + statistic + " in " + metric));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> source, String key) {
        assertThat(source).containsKey(key);
        return (Map<String, Object>) source.get(key);
    }

    record Named(@NotBlank String name) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Config {

        @Bean
        WebListener webListener() {
            return new WebListener();
        }

    }

    static class WebListener {

        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        final BlockingQueue<Named> validated = new LinkedBlockingQueue<>();

        @MqttListener(id = "web-listener", topics = "web/listener/{name}")
        void onMessage(String payload) {
            this.received.add(payload);
        }

        @MqttListener(id = "web-validated", topics = "web/validated")
        void onValidated(@Payload @Valid Named named) {
            this.validated.add(named);
        }

    }

}
