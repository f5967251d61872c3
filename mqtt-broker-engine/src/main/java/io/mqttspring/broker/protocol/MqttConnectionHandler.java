package io.mqttspring.broker.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The Netty side of a client connection: passes the channel's events and decoded packets to its
 * {@link MqttConnection}. One instance per channel, last in the pipeline.
 */
public final class MqttConnectionHandler extends ChannelInboundHandlerAdapter {

    private final MqttConnections connections;

    private final OutputShutdown outputShutdown;

    private final boolean countTraffic;

    private MqttConnection connection;

    MqttConnectionHandler(MqttConnections connections, OutputShutdown outputShutdown, boolean countTraffic) {
        this.connections = connections;
        this.outputShutdown = outputShutdown;
        this.countTraffic = countTraffic;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.connection = new MqttConnection(this.connections, ctx, this.outputShutdown, this.countTraffic);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.connections.opened(ctx.channel());
        this.connection.opened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        this.connection.closed();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        this.connection.read(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        this.connection.readComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        this.connection.writabilityChanged();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        this.connection.failed(cause);
    }

    /**
     * Close the connection because the broker stops; call on the channel's event loop.
     */
    void shutdown() {
        this.connection.shutdown();
    }

}
