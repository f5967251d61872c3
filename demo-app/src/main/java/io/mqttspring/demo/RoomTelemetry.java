package io.mqttspring.demo;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.mqttspring.broker.message.QoS;
import io.mqttspring.core.MqttTemplate;
import io.mqttspring.listener.MqttListener;
import io.mqttspring.listener.TopicVariable;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The application's listeners: aggregates readings per room, raises and clears alerts when a room crosses the
 * threshold, tracks device status, and answers MQTT 5 requests on command topics.
 */
@Component
public class RoomTelemetry {

    private final Map<String, RoomStats> rooms = new ConcurrentHashMap<>();

    private final Map<String, String> statuses = new ConcurrentHashMap<>();

    private final MqttTemplate mqtt;

    private final double threshold;

    public RoomTelemetry(MqttTemplate mqtt, DemoProperties properties) {
        this.mqtt = mqtt;
        this.threshold = properties.alertThreshold();
    }

    /**
     * Aggregate a reading; on crossing the threshold publish a retained alert, so late subscribers see the state.
     */
    @MqttListener(id = "readings", topics = "building/{floor}/{room}/temperature", concurrency = "2")
    public void onReading(@TopicVariable("floor") String floor, @TopicVariable("room") String room,
            double temperature) {
        String key = floor + "/" + room;
        RoomStats before = this.rooms.get(key);
        RoomStats after = (before != null) ? before.add(temperature, this.threshold)
                : RoomStats.first(floor, room, temperature, this.threshold);
        this.rooms.put(key, after);
        boolean wasHot = before != null && before.hot();
        if (after.hot() != wasHot) {
            this.mqtt.publish(Topics.alert(floor, room), new Alert(floor, room, after.hot() ? "HOT" : "NORMAL",
                    temperature, this.threshold), QoS.AT_LEAST_ONCE, true);
        }
    }

    @MqttListener(id = "status", topics = "building/{floor}/{room}/status")
    public void onStatus(@TopicVariable("floor") String floor, @TopicVariable("room") String room, String status) {
        this.statuses.put(floor + "/" + room, status);
    }

    /**
     * Answer a command; the return value goes to the request's MQTT 5 Response Topic with its Correlation Data.
     */
    @MqttListener(id = "commands", topics = "building/{floor}/{room}/command")
    public @Nullable RoomReport onCommand(@TopicVariable("floor") String floor, @TopicVariable("room") String room,
            String command) {
        String key = floor + "/" + room;
        return switch (command.trim()) {
            case "report" -> new RoomReport(this.rooms.get(key), this.statuses.getOrDefault(key, "unknown"));
            default -> null;
        };
    }

    public Collection<RoomStats> rooms() {
        return this.rooms.values();
    }

    /**
     * A room's alert state.
     */
    public record Alert(String floor, String room, String state, double temperature, double threshold) {
    }

    /**
     * The answer to a {@code report} command.
     */
    public record RoomReport(@Nullable RoomStats stats, String status) {
    }

}
