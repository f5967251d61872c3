package io.mqttspring.broker.protocol;

import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.netty.util.ReferenceCountUtil;

import org.jspecify.annotations.Nullable;

/**
 * Packets read while the connection cannot process them: pipelined behind CONNECT until the session is attached
 * [MQTT-3.1.4-5], or read in the same batch as a PUBLISH that paused the publisher. A decode failure among them is
 * held too, so that it is answered in its turn. Holds their buffers: each is released after it is processed, or when
 * the connection closes first. Event-loop confined.
 */
final class DeferredPackets {

    // most clients wait for CONNACK: created on the first deferred packet
    private @Nullable ArrayDeque<Object> packets;

    /**
     * Hold a packet; ownership moves here.
     * @param packet the decoded packet
     */
    void add(Object packet) {
        if (this.packets == null) {
            this.packets = new ArrayDeque<>(4);
        }
        this.packets.add(packet);
    }

    boolean isEmpty() {
        return this.packets == null || this.packets.isEmpty();
    }

    /**
     * Process the held packets in order, releasing each afterwards, as long as {@code proceed} allows; the rest stay
     * held. When the handler throws, the packets not processed yet are released.
     * @param proceed asked before each packet
     * @param handler processes one packet; it does not take ownership
     */
    void process(BooleanSupplier proceed, Consumer<Object> handler) {
        ArrayDeque<Object> pending = this.packets;
        if (pending == null) {
            return;
        }
        boolean failed = true;
        try {
            while (!pending.isEmpty() && proceed.getAsBoolean()) {
                Object packet = pending.poll();
                try {
                    handler.accept(packet);
                }
                finally {
                    ReferenceCountUtil.release(packet);
                }
            }
            failed = false;
        }
        finally {
            if (failed || pending.isEmpty()) {
                if (this.packets == pending) {
                    this.packets = null;
                }
                pending.forEach(ReferenceCountUtil::release);
                pending.clear();
            }
        }
    }

    /**
     * Release the held packets unprocessed.
     */
    void release() {
        ArrayDeque<Object> pending = this.packets;
        this.packets = null;
        if (pending != null) {
            pending.forEach(ReferenceCountUtil::release);
            // a release while the packets are being processed ends that processing
            pending.clear();
        }
    }

}
