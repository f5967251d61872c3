package io.mqttspring.broker.protocol;

import java.util.ArrayDeque;
import java.util.function.Consumer;

import io.netty.util.ReferenceCountUtil;

import org.jspecify.annotations.Nullable;

/**
 * Packets a client pipelined behind its CONNECT, held until its session is attached [MQTT-3.1.4-5], a decode
 * failure among them included, so that it is answered in its turn, after CONNACK. Holds their buffers: each is
 * released after it is processed, or when the connection closes first. Event-loop confined.
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

    /**
     * Process the held packets in order, releasing each afterwards; when the handler throws, the packets not
     * processed yet are released too.
     * @param handler processes one packet; it does not take ownership
     */
    void process(Consumer<Object> handler) {
        ArrayDeque<Object> pending = this.packets;
        this.packets = null;
        if (pending == null) {
            return;
        }
        try {
            Object packet;
            while ((packet = pending.poll()) != null) {
                try {
                    handler.accept(packet);
                }
                finally {
                    ReferenceCountUtil.release(packet);
                }
            }
        }
        finally {
            pending.forEach(ReferenceCountUtil::release);
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
        }
    }

}
