package io.mqttspring.broker.codec;

import java.util.List;

import io.mqttspring.broker.message.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.AttributeKey;

/**
 * Cuts the byte stream into whole MQTT packets before Netty's {@code MqttDecoder} sees them. Doing so lets the
 * broker refuse a packet above the Maximum Packet Size as soon as its fixed header arrives, note the protocol level
 * of the first CONNECT (which the decoder does not report when it rejects it), and check MQTT 5 property sections
 * for what the decoder lets through. A rejected packet becomes a {@link FrameViolation}; everything after it is
 * discarded. The connection reports each decoded packet back ({@link #packetDecoded()}), so a packet that yields
 * nothing is known to be truncated. Not sharable: one instance per channel.
 */
public final class MqttFrameDecoder extends ByteToMessageDecoder {

    /** The protocol level byte of the first CONNECT. */
    public static final AttributeKey<Integer> PROTOCOL_LEVEL = AttributeKey.valueOf(MqttFrameDecoder.class,
            "protocolLevel");

    private static final int CONNECT = 1;

    // a packet announcing fields it does not hold is malformed (5.0 section 4.13, [MQTT-4.13.1-1]), not a wait
    // for more bytes
    private static final String TRUNCATED = "packet ends before the fields it announces";

    private final int maxPacketSize;

    // frames handed to Netty's decoder and not yet seen decoded by the connection: one left after a whole
    // packet means the decoder read past its end, waiting for fields the packet announced but does not hold
    private int pending;

    private boolean mqtt5;

    private boolean failed;

    /**
     * Create a new instance.
     * @param maxPacketSize the largest packet accepted, fixed header included
     */
    public MqttFrameDecoder(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    /**
     * Tell the framer that Netty's decoder produced a packet; the connection calls it for each packet it reads.
     */
    public void packetDecoded() {
        if (this.pending > 0) {
            this.pending--;
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (this.failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (this.pending > 0) {
            fail(in, out, ReasonCode.MALFORMED_PACKET, TRUNCATED);
            return;
        }
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int remainingLength = 0;
        int multiplier = 1;
        int headerLength = 1;
        boolean overlong = false;
        while (true) {
            if (headerLength > 4) {
                fail(in, out, ReasonCode.MALFORMED_PACKET, "remaining length longer than four bytes");
                return;
            }
            if (headerLength >= readable) {
                return;
            }
            int digit = in.getUnsignedByte(start + headerLength++);
            remainingLength += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0) {
                // [MQTT-1.5.5-1] the shortest encoding only; reported once the packet is whole
                overlong = digit == 0 && headerLength > 2;
                break;
            }
            multiplier *= 128;
        }
        long packetSize = headerLength + (long) remainingLength;
        if (packetSize > this.maxPacketSize) {
            // 5.0 [MQTT-3.2.2-15]: refused from the fixed header, without reading the rest
            fail(in, out, ReasonCode.PACKET_TOO_LARGE, "packet of " + packetSize + " bytes exceeds the maximum of "
                    + this.maxPacketSize);
            return;
        }
        if (readable < packetSize) {
            return;
        }
        if ((in.getUnsignedByte(start) >> 4) == CONNECT && ctx.channel().attr(PROTOCOL_LEVEL).get() == null) {
            int level = protocolLevel(in, start + headerLength, start + (int) packetSize);
            ctx.channel().attr(PROTOCOL_LEVEL).set(level);
            this.mqtt5 = level == 5;
        }
        if (overlong) {
            fail(in, out, ReasonCode.MALFORMED_PACKET, "remaining length not minimally encoded");
            return;
        }
        ByteBuf frame = in.readRetainedSlice((int) packetSize);
        FrameViolation violation = PacketScanner.check(frame, headerLength, this.mqtt5);
        if (violation != null) {
            frame.release();
            fail(in, out, violation.reasonCode(), violation.detail());
            return;
        }
        this.pending++;
        out.add(frame);
    }

    private static int protocolLevel(ByteBuf in, int variableHeader, int end) {
        if (variableHeader + 2 > end) {
            return -1;
        }
        int levelIndex = variableHeader + 2 + in.getUnsignedShort(variableHeader);
        return (levelIndex < end) ? in.getUnsignedByte(levelIndex) : -1;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (!this.failed && this.pending > 0) {
            this.failed = true;
            ctx.fireChannelRead(new FrameViolation(ReasonCode.MALFORMED_PACKET, TRUNCATED));
        }
        super.channelReadComplete(ctx);
    }

    private void fail(ByteBuf in, List<Object> out, ReasonCode reasonCode, String detail) {
        this.failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new FrameViolation(reasonCode, detail));
    }

}
