package io.mqttspring.broker.protocol;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;

/**
 * How a transport ends the broker's side of a connection while the client's side is still read: a TCP half-close,
 * or a WebSocket close frame. The {@link Disconnector} calls it once the connection's last packet is written.
 */
@FunctionalInterface
public interface OutputShutdown {

    /** Half-closes TCP connections; closes channels that cannot be half-closed. */
    OutputShutdown TCP = (channel) -> {
        if (channel instanceof DuplexChannel duplex) {
            duplex.shutdownOutput().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
        else {
            channel.close();
        }
    };

    /**
     * Stop sending on a channel; reading goes on until the client closes or the grace period ends.
     * @param channel the channel, on its event loop
     */
    void shutdownOutput(Channel channel);

}
