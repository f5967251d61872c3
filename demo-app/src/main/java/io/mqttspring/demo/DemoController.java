package io.mqttspring.demo;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the page needs besides MQTT: where the WebSocket listener is, the aggregated rooms, and a button to drop a
 * device's connection.
 */
@RestController
@RequestMapping("/api")
class DemoController {

    private final RoomTelemetry telemetry;

    private final DeviceSimulator simulator;

    private final Environment environment;

    DemoController(RoomTelemetry telemetry, DeviceSimulator simulator, Environment environment) {
        this.telemetry = telemetry;
        this.simulator = simulator;
        this.environment = environment;
    }

    @GetMapping("/config")
    Map<String, Object> config() {
        return Map.of("webSocketPort", this.environment.getProperty("local.mqtt.broker.websocket-port", "8083"),
                "webSocketPath", this.environment.getProperty("mqtt.broker.websocket.path", "/mqtt"),
                "mqttPort", this.environment.getProperty("local.mqtt.broker.port", "1883"));
    }

    @GetMapping("/rooms")
    Collection<RoomStats> rooms() {
        return this.telemetry.rooms();
    }

    @GetMapping("/devices")
    List<String> devices() {
        return this.simulator.deviceIds();
    }

    @PostMapping("/devices/{id}/drop")
    ResponseEntity<Void> drop(@PathVariable String id) {
        return this.simulator.drop(id) ? ResponseEntity.accepted().build() : ResponseEntity.notFound().build();
    }

}
