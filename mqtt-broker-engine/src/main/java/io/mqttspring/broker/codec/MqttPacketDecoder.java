package io.mqttspring.broker.codec;

import java.util.List;
import java.util.function.IntConsumer;

import io.mqttspring.broker.message.ReasonCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import org.jspecify.annotations.Nullable;

/**
 * Decodes what a client sends in one pass over each packet: cuts the stream into whole packets, refuses one above the
 * Maximum Packet Size from its fixed header alone, and checks every field while it reads it, which Netty's
 * {@code MqttDecoder} does not (it replaces ill-formed UTF-8, keeps properties that do not belong to the packet and
 * lets single-use ones repeat). A PUBLISH becomes an {@link InboundPublish}; the other packets become Netty's MQTT
 * message types (see {@link ControlPacketParser}). A refused packet becomes a {@link DecodeFailure}, and everything
 * after it is discarded. May count the bytes it reads, where they are the bytes on the wire (plain TCP), so that no
 * handler of its own is needed for that. Not sharable: one instance per channel.
 */
public final class MqttPacketDecoder extends ByteToMessageDecoder {

    private static final int CONNECT = 1;

    private static final int PUBLISH = 3;

    private final int maxPacketSize;

    private final int maxClientIdLength;

    private final @Nullable IntConsumer bytesRead;

    // from the first PUBLISH on: many clients only subscribe
    private @Nullable PublishParser publishes;

    // the protocol level of the first CONNECT decoded; packets before it are read as MQTT 3.1.1 (they are refused)
    private int level;

    private boolean failed;

    /**
     * Create a new instance.
     * @param maxPacketSize the largest packet accepted, fixed header included
     * @param maxClientIdLength the longest client identifier an MQTT 3.1 client may send (3.1.1 and 5.0 clients are
     * checked by the broker, which can answer them)
     */
    public MqttPacketDecoder(int maxPacketSize, int maxClientIdLength) {
        this(maxPacketSize, maxClientIdLength, null);
    }

    /**
     * Create a new instance that counts the bytes it reads.
     * @param maxPacketSize the largest packet accepted, fixed header included
     * @param maxClientIdLength the longest client identifier an MQTT 3.1 client may send
     * @param bytesRead told the size of every buffer read, or {@code null} to count nothing
     */
    public MqttPacketDecoder(int maxPacketSize, int maxClientIdLength, @Nullable IntConsumer bytesRead) {
        this.maxPacketSize = maxPacketSize;
        this.maxClientIdLength = maxClientIdLength;
        this.bytesRead = bytesRead;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (this.bytesRead != null && msg instanceof ByteBuf buffer) {
            this.bytesRead.accept(buffer.readableBytes());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (this.failed) {
            in.skipBytes(in.readableBytes());
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
                fail(in, out, ReasonCode.MALFORMED_PACKET, "remaining length longer than four bytes", -1);
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
                    + this.maxPacketSize, -1);
            return;
        }
        if (readable < packetSize) {
            return;
        }
        int firstByte = in.getUnsignedByte(start);
        int type = firstByte >> 4;
        int end = start + (int) packetSize;
        PacketReader reader = new PacketReader(in, start + headerLength, end);
        boolean firstConnect = type == CONNECT && this.level == 0;
        int connectLevel = firstConnect ? ControlPacketParser.peekLevel(reader) : -1;
        try {
            if (overlong) {
                throw PacketDecodeException.malformed("remaining length not minimally encoded");
            }
            Object packet;
            if (type == PUBLISH) {
                PublishParser parser = this.publishes;
                if (parser == null) {
                    parser = new PublishParser();
                    this.publishes = parser;
                }
                packet = parser.parse(firstByte & 0x0F, reader, this.level == 5);
            }
            else if (type == CONNECT && !firstConnect) {
                // [MQTT-3.1.0-2] a second CONNECT is a protocol error whatever it holds: it is not read, so that
                // nothing in it turns the answer into a CONNACK-only refusal
                packet = ControlPacketParser.secondConnect(remainingLength);
            }
            else {
                packet = ControlPacketParser.parse(type, firstByte & 0x0F, remainingLength, reader,
                        (this.level != 0) ? this.level : 4, this.maxClientIdLength);
                if (firstConnect) {
                    this.level = connectLevel;
                }
            }
            in.readerIndex(end);
            out.add(packet);
        }
        catch (PacketDecodeException ex) {
            fail(in, out, ex.reasonCode(), ex.getMessage(), connectLevel);
        }
    }

    private void fail(ByteBuf in, List<Object> out, ReasonCode reasonCode, String detail, int connectLevel) {
        this.failed = true;
        in.skipBytes(in.readableBytes());
        out.add(new DecodeFailure(reasonCode, detail, connectLevel));
    }

}
