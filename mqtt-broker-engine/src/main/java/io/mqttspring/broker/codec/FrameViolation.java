package io.mqttspring.broker.codec;

import java.util.Objects;

import io.mqttspring.broker.message.ReasonCode;

/**
 * Passed up the pipeline instead of a packet that {@link MqttFrameDecoder} rejected before decoding.
 *
 * @param reasonCode the reason to disconnect with
 * @param detail what was wrong, for the log and the MQTT 5 reason string
 */
public record FrameViolation(ReasonCode reasonCode, String detail) {

    public FrameViolation {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(detail, "detail");
    }

}
