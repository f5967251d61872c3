package io.mqttspring.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Notes the protocol level of the first CONNECT before Netty's decoder sees it, then leaves the pipeline. The
 * decoder rejects levels it does not know without saying which, and the broker answers a level above 5 with an
 * MQTT 5 CONNACK 0x84 but a lower one with an MQTT 3.1.1 CONNACK 0x01.
 */
final class ProtocolLevelSniffer extends ChannelInboundHandlerAdapter {

    /** The protocol level byte of the first CONNECT, when it could be read. */
    static final AttributeKey<Integer> PROTOCOL_LEVEL = AttributeKey.valueOf(ProtocolLevelSniffer.class, "level");

    private static final int CONNECT = 1;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buffer) {
            int level = levelOf(buffer);
            if (level >= 0) {
                ctx.channel().attr(PROTOCOL_LEVEL).set(level);
            }
        }
        ctx.pipeline().remove(this);
        super.channelRead(ctx, msg);
    }

    /**
     * Read the protocol level of a CONNECT at the buffer's reader index without moving it.
     * @param buffer the first bytes received
     * @return the level, or -1 if the bytes are not the start of a CONNECT or too short
     */
    static int levelOf(ByteBuf buffer) {
        int index = buffer.readerIndex();
        int end = buffer.writerIndex();
        if (index >= end || (buffer.getUnsignedByte(index) >> 4) != CONNECT) {
            return -1;
        }
        index++;
        // skip the remaining length: up to four bytes with the continuation bit
        for (int i = 0; i < 4 && index < end; i++) {
            if ((buffer.getUnsignedByte(index++) & 0x80) == 0) {
                break;
            }
        }
        if (index + 2 > end) {
            return -1;
        }
        int nameLength = buffer.getUnsignedShort(index);
        int levelIndex = index + 2 + nameLength;
        return (levelIndex < end) ? buffer.getUnsignedByte(levelIndex) : -1;
    }

}
