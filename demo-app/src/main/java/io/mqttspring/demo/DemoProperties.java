package io.mqttspring.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the demo.
 *
 * @param simulator the simulated devices
 * @param alertThreshold temperature above which a room is reported hot
 */
@ConfigurationProperties("demo")
public record DemoProperties(Simulator simulator, double alertThreshold) {

    public DemoProperties {
        if (simulator == null) {
            simulator = new Simulator(true, 2, 3, Duration.ofSeconds(1));
        }
        if (alertThreshold == 0) {
            alertThreshold = 28.0;
        }
    }

    /**
     * The device simulator: one network MQTT client per room.
     *
     * @param enabled whether devices run
     * @param floors number of floors
     * @param roomsPerFloor rooms on each floor
     * @param interval time between two readings of one device
     */
    public record Simulator(boolean enabled, int floors, int roomsPerFloor, Duration interval) {
    }

}
