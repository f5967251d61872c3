package io.mqttspring.broker.core;

/**
 * Thrown when the broker cannot listen because its address and port are taken.
 */
public class PortInUseException extends MqttBrokerException {

    private static final long serialVersionUID = 1L;

    private final String host;

    private final int port;

    public PortInUseException(String host, int port, Throwable cause) {
        super("Port " + port + " on " + host + " is already in use", cause);
        this.host = host;
        this.port = port;
    }

    public String getHost() {
        return this.host;
    }

    public int getPort() {
        return this.port;
    }

}
