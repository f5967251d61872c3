package io.mqttspring.broker.transport;

import java.net.BindException;
import java.net.InetSocketAddress;

import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.core.PortInUseException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;

import org.jspecify.annotations.Nullable;

/**
 * A TCP listener: binds a server socket and hands accepted channels to a channel initializer. Serves both MQTT over
 * TCP and MQTT over WebSocket.
 */
public final class TcpListener {

    private final String name;

    private final String host;

    private final int port;

    private final Limits limits;

    private final EventLoops eventLoops;

    private @Nullable Channel serverChannel;

    /**
     * Sizes each channel's reads. It holds only its settings, each channel its own handle, so one serves every
     * channel; Netty would make one per channel (32 B of every connection). Up to 16 reads per readiness event, as
     * Netty's per-channel default for sockets: set here, since a shared instance skips the channel's own setting.
     */
    private static final RecvByteBufAllocator READ_SIZING = new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(16);

    /**
     * Create a new instance.
     * @param name what the listener serves, for errors: {@code mqtt} or {@code websocket}
     * @param host the address to bind
     * @param port the port, 0 for any free one
     * @param limits limits applied to accepted channels
     * @param eventLoops the event loops
     */
    public TcpListener(String name, String host, int port, Limits limits, EventLoops eventLoops) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.limits = limits;
        this.eventLoops = eventLoops;
    }

    /**
     * Bind and start accepting; blocks until bound.
     * @param initializer builds each client channel's pipeline
     * @return the bound address
     */
    public InetSocketAddress bind(ChannelHandler initializer) {
        Limits limits = this.limits;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(this.eventLoops.bossGroup(), this.eventLoops.workerGroup())
                .channel(this.eventLoops.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                // no TCP_NODELAY: Netty's socket channels set it on every accepted socket (except on Android), and
                // a child option would set it a second time, one more system call per connection
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, READ_SIZING)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        limits.writeBufferLowWaterMark(), limits.writeBufferHighWaterMark()))
                .childHandler(initializer);
        Channel channel;
        try {
            channel = bootstrap.bind(this.host, this.port).syncUninterruptibly().channel();
        }
        catch (Exception ex) {
            // NIO reports BindException, epoll a native I/O error with the same message
            if (ex instanceof BindException || String.valueOf(ex.getMessage()).contains("Address already in use")) {
                throw new PortInUseException(this.name, this.host, this.port, ex);
            }
            throw ex;
        }
        this.serverChannel = channel;
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Return whether the listener accepts connections.
     * @return {@code true} while bound
     */
    public boolean isActive() {
        Channel channel = this.serverChannel;
        return channel != null && channel.isActive();
    }

    /**
     * Stop accepting connections; blocks until the server socket is closed.
     */
    public void close() {
        Channel channel = this.serverChannel;
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }

}
