package io.mqttspring.demo;

/**
 * The demo's topic layout: {@code building/{floor}/{room}/temperature|status|alert|command}.
 */
final class Topics {

    private Topics() {
    }

    static String temperature(String floor, String room) {
        return "building/" + floor + "/" + room + "/temperature";
    }

    static String status(String floor, String room) {
        return "building/" + floor + "/" + room + "/status";
    }

    static String alert(String floor, String room) {
        return "building/" + floor + "/" + room + "/alert";
    }

}
