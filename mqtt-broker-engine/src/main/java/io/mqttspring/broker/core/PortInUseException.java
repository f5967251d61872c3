package io.mqttspring.broker.core;

/**
 * Thrown when the broker cannot listen because its address and port are taken.
 */
public class PortInUseException extends MqttBrokerException {

    private static final long serialVersionUID = 1L;

    private final String listener;

    private final String host;

    private final int port;

    /**
     * Create a new instance.
     * @param listener which listener could not bind: {@code mqtt}, {@code mqtts}, {@code ws} or {@code wss}
     * @param host the address
     * @param port the port
     * @param cause the bind failure
     */
    public PortInUseException(String listener, String host, int port, Throwable cause) {
        super("Port " + port + " on " + host + " is already in use (" + listener + " listener)", cause);
        this.listener = listener;
        this.host = host;
        this.port = port;
    }

    /**
     * Return which listener could not bind.
     * @return {@code mqtt}, {@code mqtts}, {@code ws} or {@code wss}
     */
    public String getListener() {
        return this.listener;
    }

    public String getHost() {
        return this.host;
    }

    public int getPort() {
        return this.port;
    }

}
