package io.mqttspring.broker.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.mqttspring.broker.metrics.LimitReason;
import io.mqttspring.broker.stats.BrokerCounters;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in every client channel's pipeline when connection caps are configured: closes a connection beyond a cap
 * before anything else runs for it (no TLS handshake, no read), as Mosquitto's {@code max_connections} does, and
 * counts it by the cap it ran into. The rest of the pipeline never hears of a refused connection.
 */
@Sharable
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(ConnectionLimitHandler.class);

    private static final AttributeKey<Boolean> ADMITTED = AttributeKey.valueOf(ConnectionLimitHandler.class,
            "admitted");

    private final ConnectionAdmission admission;

    private final BrokerCounters counters;

    ConnectionLimitHandler(ConnectionAdmission admission, BrokerCounters counters) {
        this.admission = admission;
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        LimitReason refused = this.admission.admit(address(ctx));
        if (refused != null) {
            this.counters.limitHit(refused);
            logger.debug("Connection from {} closed: {} limit reached", ctx.channel().remoteAddress(), refused);
            ctx.close();
            return;
        }
        ctx.channel().attr(ADMITTED).set(Boolean.TRUE);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().attr(ADMITTED).get() == null) {
            return;
        }
        this.admission.closed(address(ctx));
        super.channelInactive(ctx);
    }

    private static @Nullable InetAddress address(ChannelHandlerContext ctx) {
        return (ctx.channel().remoteAddress() instanceof InetSocketAddress socket) ? socket.getAddress() : null;
    }

}
