package io.mqttspring.autoconfigure.client.service;

/**
 * The MQTT broker images service connections recognise, and the port they listen on.
 */
final class MqttImages {

    /** Eclipse Mosquitto, HiveMQ CE and EMQX. */
    static final String[] NAMES = { "eclipse-mosquitto", "hivemq/hivemq-ce", "emqx/emqx", "emqx" };

    /** MQTT over TCP. */
    static final int PORT = 1883;

    /** Client mode needs the client. */
    static final String CLIENT_CLASS = "com.hivemq.client.mqtt.MqttClient";

    private MqttImages() {
    }

    static String url(String host, int port) {
        return "tcp://" + host + ":" + port;
    }

}
