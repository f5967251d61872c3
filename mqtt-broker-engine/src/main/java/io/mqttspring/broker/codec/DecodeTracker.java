package io.mqttspring.broker.codec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;

/**
 * Sits after Netty's decoder and counts the packets it produced, so {@link MqttFrameDecoder} can tell when a whole
 * packet yielded nothing: the decoder then read past the packet's end, waiting for fields the packet announced but
 * does not hold. Not sharable: one instance per channel, created by the framer.
 */
final class DecodeTracker extends ChannelInboundHandlerAdapter {

    private int pending;

    void frameSent() {
        this.pending++;
    }

    boolean hasPending() {
        return this.pending > 0;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MqttMessage && this.pending > 0) {
            this.pending--;
        }
        ctx.fireChannelRead(msg);
    }

}
