package io.mqttspring.broker.routing;

import io.mqttspring.broker.message.ReasonCode;

/**
 * Another node of the cluster did not take a publication: its publisher is not acknowledged, and is disconnected
 * with the reason code so that it publishes again.
 */
public final class ForwardingFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ReasonCode reasonCode;

    /**
     * Create a new instance.
     * @param reasonCode the reason the publisher is disconnected with
     * @param message what happened
     */
    public ForwardingFailedException(ReasonCode reasonCode, String message) {
        super(message, null, false, false);
        this.reasonCode = reasonCode;
    }

    /**
     * Return the reason the publisher is disconnected with.
     * @return the reason code
     */
    public ReasonCode reasonCode() {
        return this.reasonCode;
    }

}
