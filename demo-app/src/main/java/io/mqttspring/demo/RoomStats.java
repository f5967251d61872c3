package io.mqttspring.demo;

/**
 * Aggregated readings of one room.
 *
 * @param floor the floor
 * @param room the room
 * @param readings how many readings arrived
 * @param last the last temperature
 * @param min the lowest temperature
 * @param max the highest temperature
 * @param average the mean temperature
 * @param hot whether the last reading is above the alert threshold
 */
public record RoomStats(String floor, String room, long readings, double last, double min, double max,
        double average, boolean hot) {

    static RoomStats first(String floor, String room, double value, double threshold) {
        return new RoomStats(floor, room, 1, value, value, value, value, value > threshold);
    }

    RoomStats add(double value, double threshold) {
        long count = this.readings + 1;
        return new RoomStats(this.floor, this.room, count, value, Math.min(this.min, value), Math.max(this.max, value),
                this.average + (value - this.average) / count, value > threshold);
    }

}
