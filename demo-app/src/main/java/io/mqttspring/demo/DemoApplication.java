package io.mqttspring.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Building telemetry on an embedded MQTT broker: simulated room sensors publish temperatures, listeners aggregate
 * them and raise alerts, a web page shows it all live over MQTT on WebSocket.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DemoApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoApplication.class, args);
    }

}
