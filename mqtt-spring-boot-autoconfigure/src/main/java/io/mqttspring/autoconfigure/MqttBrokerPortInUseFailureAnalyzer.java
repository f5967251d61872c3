package io.mqttspring.autoconfigure;

import io.mqttspring.broker.core.PortInUseException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a broker that could not bind its port, and which property to change.
 */
class MqttBrokerPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
        String prefix = switch (cause.getListener()) {
            case "ws" -> "mqtt.broker.websocket.";
            case "mqtts" -> "mqtt.broker.ssl.";
            case "wss" -> "mqtt.broker.websocket.ssl.";
            default -> "mqtt.broker.";
        };
        String port = prefix + "port";
        String host = prefix + "host";
        return new FailureAnalysis("The embedded MQTT broker could not start: " + cause.getMessage() + ".",
                "Stop the process that uses the port, or configure another one with '" + port
                        + "' (0 picks a free port) or another address with '" + host + "'.",
                cause);
    }

}
