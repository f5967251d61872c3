package io.mqttspring.broker.transport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBufAllocator;
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

    private static final int WARM_UP_BUFFER_BYTES = 64;

    private final EventLoopGroup bossGroup;

    private final EventLoopGroup workerGroup;

    private final Class<? extends ServerSocketChannel> serverChannelType;

    private final boolean nativeTransport;

    /**
     * Create the groups.
     * @param ioThreads number of worker threads, 0 for one per processor
     * @param preferNative whether to use epoll when available
     */
    public EventLoops(int ioThreads, boolean preferNative) {
        this.nativeTransport = preferNative && Epoll.isAvailable();
        IoHandlerFactory ioHandlerFactory = this.nativeTransport ? EpollIoHandler.newFactory()
                : NioIoHandler.newFactory();
        this.serverChannelType = this.nativeTransport ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mqtt-boss"), ioHandlerFactory);
        this.workerGroup = new MultiThreadIoEventLoopGroup(workerThreads(ioThreads),
                new DefaultThreadFactory("mqtt-io"), ioHandlerFactory);
    }

    /**
     * Return the worker count for a configured value. Every handler is non-blocking, so one loop per processor keeps
     * the cores busy; Netty's default of twice that only added threads competing for them (on two cores: equal or
     * higher throughput, a sixth less CPU and fewer wake-ups per message, see mqtt-broker-bench/OPTIMISATIONS.md).
     * @param ioThreads the configured count, 0 for the default
     * @return the number of worker threads to start
     */
    static int workerThreads(int ioThreads) {
        return (ioThreads > 0) ? ioThreads : Runtime.getRuntime().availableProcessors();
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
     * Have a worker loop allocate and release one I/O buffer, as a task queued on that loop, so that the first client
     * does not wait for the allocator to set itself up: about 55 ms in a fresh JVM on the benchmark machine, 170 ms
     * where Netty also registers its JFR events on first use (mqtt-broker-bench/OPTIMISATIONS.md). Returns at once;
     * callable from any thread.
     */
    public void warmUpAllocator() {
        this.workerGroup.next().execute(() -> ByteBufAllocator.DEFAULT.ioBuffer(WARM_UP_BUFFER_BYTES).release());
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
