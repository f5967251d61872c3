package io.mqttspring.bench.load;

import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The client side's event loops and connection factory: epoll where the native transport loads, NIO otherwise.
 */
final class ClientTransport implements AutoCloseable {

    private final MultiThreadIoEventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final String kind;
    private final String host;
    private final int port;

    ClientTransport(String host, int port, int threads) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // daemon threads: a run that forgets a connection must still end
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("load-io", true), io);
        this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.kind = epoll ? "epoll" : "nio";
        this.host = host;
        this.port = port;
    }

    String kind() {
        return this.kind;
    }

    /** Start connecting {@code connection}; its {@link MqttClientConnection#ready()} tells how it went. */
    <C extends MqttClientConnection> C open(C connection) {
        ChannelFuture connecting = new Bootstrap().group(this.group)
            .channel(this.channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .handler(connection)
            .connect(this.host, this.port);
        connection.attach(connecting.channel());
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                connection.connectFailed(done.cause());
            }
        });
        return connection;
    }

    /** Stop the event loops and wait for them, so their state is safe to read afterwards. */
    @Override
    public void close() {
        this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

}
