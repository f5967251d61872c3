package io.mqttspring.broker.transport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;

/**
 * The broker's event-loop groups: one thread accepting connections, a pool serving them. Native epoll where the
 * platform has it and it is wanted, NIO otherwise.
 */
public final class EventLoops {

    private final EventLoopGroup bossGroup;

    private final EventLoopGroup workerGroup;

    private final Class<? extends ServerSocketChannel> serverChannelType;

    private final boolean nativeTransport;

    /**
     * Create the groups.
     * @param ioThreads number of worker threads, 0 for Netty's default (twice the processors)
     * @param preferNative whether to use epoll when available
     */
    public EventLoops(int ioThreads, boolean preferNative) {
        this.nativeTransport = preferNative && Epoll.isAvailable();
        IoHandlerFactory ioHandlerFactory = this.nativeTransport ? EpollIoHandler.newFactory()
                : NioIoHandler.newFactory();
        this.serverChannelType = this.nativeTransport ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mqtt-boss"), ioHandlerFactory);
        this.workerGroup = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("mqtt-io"),
                ioHandlerFactory);
    }

    public EventLoopGroup bossGroup() {
        return this.bossGroup;
    }

    public EventLoopGroup workerGroup() {
        return this.workerGroup;
    }

    public Class<? extends ServerSocketChannel> serverChannelType() {
        return this.serverChannelType;
    }

    /**
     * Return whether the native transport is in use.
     * @return {@code true} for epoll
     */
    public boolean isNative() {
        return this.nativeTransport;
    }

    /**
     * Shut both groups down, letting queued tasks finish, and wait at most {@code timeout}.
     * @param timeout how long to wait
     */
    public void shutdown(Duration timeout) {
        Future<?> boss = this.bossGroup.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        Future<?> workers = this.workerGroup.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        boss.awaitUninterruptibly(timeout.toMillis());
        workers.awaitUninterruptibly(timeout.toMillis());
    }

}
