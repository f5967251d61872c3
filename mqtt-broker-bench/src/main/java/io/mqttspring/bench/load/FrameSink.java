package io.mqttspring.bench.load;

import io.netty.buffer.ByteBuf;

/**
 * Receives one complete control packet, read in place from the receive buffer.
 */
@FunctionalInterface
interface FrameSink {

    /**
     * Handle one packet; the bytes are valid only during the call and must not be retained.
     * @param header the first byte: packet type in the high nibble, flags in the low one
     * @param buf the buffer holding the packet
     * @param bodyIndex absolute index of the variable header
     * @param bodyLength the remaining length
     */
    void onFrame(int header, ByteBuf buf, int bodyIndex, int bodyLength);

}
