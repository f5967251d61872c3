package io.mqttspring.bench.load;

/**
 * No MQTT broker answered at the given address: the run cannot start, and the tool exits non-zero.
 */
public final class BrokerUnreachableException extends RuntimeException {

    BrokerUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

}
