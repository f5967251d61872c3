package io.mqttspring.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CorruptedFrameException;

/**
 * Cuts complete MQTT packets out of a receive buffer without copying or allocating: fixed header and remaining
 * length are read with absolute gets, so a packet split across reads is simply left for the next call.
 */
final class FrameParser {

    private FrameParser() {
    }

    /**
     * Hand every complete packet in {@code in} to {@code sink} and advance the reader index past them; an incomplete
     * packet at the end stays unread.
     * @throws CorruptedFrameException if a remaining length runs past four bytes
     */
    static void parse(ByteBuf in, FrameSink sink) {
        while (true) {
            int start = in.readerIndex();
            int end = in.writerIndex();
            if (end - start < 2) {
                return;
            }
            int length = 0;
            int shift = 0;
            int pos = start + 1;
            while (true) {
                if (pos == end) {
                    return;
                }
                int digit = in.getByte(pos++);
                length |= (digit & 0x7F) << shift;
                if ((digit & 0x80) == 0) {
                    break;
                }
                shift += 7;
                if (shift == 28) {
                    throw new CorruptedFrameException("remaining length longer than four bytes");
                }
            }
            if (end - pos < length) {
                return;
            }
            sink.onFrame(in.getUnsignedByte(start), in, pos, length);
            in.readerIndex(pos + length);
        }
    }

}
