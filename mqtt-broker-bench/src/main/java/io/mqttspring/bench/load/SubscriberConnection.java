package io.mqttspring.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * Subscribes to one topic filter and records every delivery in its {@link DeliveryLedger}; after each read batch it
 * tells the publishers' {@link WindowGate}s how far it got.
 */
final class SubscriberConnection extends MqttClientConnection {

    private final DeliveryLedger ledger;
    private final WindowGate[] gates;
    private final int gateSlot;
    private final long[] advanced;

    /**
     * @param gates the gate of each publisher in the ledger's slots, or {@code null} when publishers are not paced
     * by their subscribers
     * @param gateSlot this subscriber's slot in those gates
     */
    SubscriberConnection(String clientId, String topicFilter, int qos, DeliveryLedger ledger, WindowGate[] gates,
            int gateSlot, FailureLog failures) {
        super(clientId, topicFilter, qos, failures);
        this.ledger = ledger;
        this.gates = gates;
        this.gateSlot = gateSlot;
        this.advanced = new long[ledger.slots()];
    }

    DeliveryLedger ledger() {
        return this.ledger;
    }

    @Override
    protected void onPublish(int qos, ByteBuf buf, int topicIndex, int topicLength, int payloadIndex,
            int payloadLength) {
        this.ledger.onPublish(qos, buf, topicIndex, topicLength, payloadIndex, payloadLength);
    }

    @Override
    protected void onReadComplete() {
        this.ledger.publish();
        if (this.gates == null) {
            return;
        }
        for (int slot = 0; slot < this.advanced.length; slot++) {
            long next = this.ledger.next(slot);
            if (next != this.advanced[slot]) {
                this.advanced[slot] = next;
                this.gates[slot].advance(this.gateSlot, next);
            }
        }
    }

}
