package io.mqttspring.broker.codec;

import java.util.Objects;

import io.mqttspring.broker.message.ReasonCode;

/**
 * Passed up the pipeline instead of a packet that {@link MqttPacketDecoder} refused; nothing is decoded after it.
 *
 * @param reasonCode the reason to disconnect with
 * @param detail what was wrong, for the log and the MQTT 5 reason string
 * @param connectLevel the protocol level of the CONNECT refused, when the refused packet is a CONNECT whose level
 * could be read, otherwise -1: it tells which CONNACK format the client reads
 */
public record DecodeFailure(ReasonCode reasonCode, String detail, int connectLevel) {

    public DecodeFailure {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(detail, "detail");
    }

}
