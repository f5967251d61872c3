package io.mqttspring.broker.session;

/**
 * A QoS 1 or 2 message sent to the client and not yet fully acknowledged.
 */
final class InflightMessage {

    private final int packetId;

    private final Delivery delivery;

    private boolean released;

    private boolean awaitingResend;

    InflightMessage(int packetId, Delivery delivery) {
        this.packetId = packetId;
        this.delivery = delivery;
    }

    int packetId() {
        return this.packetId;
    }

    Delivery delivery() {
        return this.delivery;
    }

    /**
     * Return whether the client acknowledged the QoS 2 PUBLISH with PUBREC and PUBREL was sent.
     * @return {@code true} once waiting for PUBCOMP
     */
    boolean isReleased() {
        return this.released;
    }

    void markReleased() {
        this.released = true;
    }

    /**
     * Return whether the PUBLISH must be sent again (with DUP) once the client's window has room.
     * @return {@code true} after a reconnect, until resent
     */
    boolean isAwaitingResend() {
        return this.awaitingResend;
    }

    void setAwaitingResend(boolean awaitingResend) {
        this.awaitingResend = awaitingResend;
    }

}
