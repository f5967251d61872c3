package io.mqttspring.broker.transport;

import io.mqttspring.broker.stats.BrokerCounters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes read from and written to client sockets. Shared by every channel of a broker.
 */
@Sharable
final class TrafficCounter extends ChannelDuplexHandler {

    private final BrokerCounters counters;

    TrafficCounter(BrokerCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buffer) {
            this.counters.bytesReceived(buffer.readableBytes());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof ByteBuf buffer) {
            this.counters.bytesSent(buffer.readableBytes());
        }
        super.write(ctx, msg, promise);
    }

}
