package io.mqttspring.broker.bridge;

import java.util.Objects;

import io.mqttspring.broker.message.QoS;

/**
 * One topic filter a bridge carries, as Mosquitto's {@code topic} line: the filter, which way, at which QoS, and the
 * prefixes it has on each side: a local topic {@code localPrefix + t} is the remote topic {@code remotePrefix + t}.
 *
 * @param filter the topic filter, without prefix
 * @param direction which way messages go
 * @param qos the QoS of the subscription and of the publications on the other side
 * @param localPrefix prefix of the topics on this broker
 * @param remotePrefix prefix of the topics on the remote broker
 */
public record BridgeTopic(String filter, Direction direction, QoS qos, String localPrefix, String remotePrefix) {

    public BridgeTopic {
        if (filter == null || filter.isBlank()) {
            throw new IllegalArgumentException("'filter' must not be empty");
        }
        Objects.requireNonNull(direction, "'direction' must not be null");
        Objects.requireNonNull(qos, "'qos' must not be null");
        Objects.requireNonNull(localPrefix, "'localPrefix' must not be null");
        Objects.requireNonNull(remotePrefix, "'remotePrefix' must not be null");
    }

    String localFilter() {
        return this.localPrefix + this.filter;
    }

    String remoteFilter() {
        return this.remotePrefix + this.filter;
    }

    boolean goesOut() {
        return this.direction != Direction.IN;
    }

    boolean comesIn() {
        return this.direction != Direction.OUT;
    }

    /**
     * Which way a bridge carries a topic.
     */
    public enum Direction {

        /** From this broker to the remote one. */
        OUT,

        /** From the remote broker to this one. */
        IN,

        /** Both ways; each side's copies are not sent back. */
        BOTH

    }

}
