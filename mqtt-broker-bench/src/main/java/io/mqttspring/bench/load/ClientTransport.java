package io.mqttspring.bench.load;

import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
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
    private final SslContext tls;
    private final ClientCredentials credentials;

    ClientTransport(String host, int port, int threads) {
        this(host, port, threads, false, ClientCredentials.NONE);
    }

    ClientTransport(String host, int port, int threads, boolean tls, ClientCredentials credentials) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // daemon threads: a run that forgets a connection must still end
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("load-io", true), io);
        this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.kind = epoll ? "epoll" : "nio";
        this.host = host;
        this.port = port;
        this.credentials = credentials;
        try {
            // the load tool measures brokers on loopback with throw-away certificates: any certificate will do
            this.tls = tls ? SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build()
                    : null;
        }
        catch (SSLException ex) {
            throw new IllegalStateException("Cannot set up TLS", ex);
        }
    }

    String kind() {
        return this.kind;
    }

    /** Start connecting {@code connection}; its {@link MqttClientConnection#ready()} tells how it went. */
    <C extends MqttClientConnection> C open(C connection) {
        return open(connection, this.port);
    }

    /** Start connecting {@code connection} to another port of the same host: another node of a cluster. */
    <C extends MqttClientConnection> C open(C connection, int port) {
        connection.useCredentials(this.credentials);
        ChannelFuture connecting = new Bootstrap().group(this.group)
            .channel(this.channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .handler((this.tls != null) ? withTls(connection) : connection)
            .connect(this.host, port);
        connection.attach(connecting.channel());
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                connection.connectFailed(done.cause());
            }
        });
        return connection;
    }

    private ChannelHandler withTls(MqttClientConnection connection) {
        SslContext context = this.tls;
        String host = this.host;
        int port = this.port;
        return new ChannelInitializer<Channel>() {

            @Override
            protected void initChannel(Channel channel) {
                // writes before the handshake ends (CONNECT) wait in the TLS handler
                channel.pipeline().addLast(context.newHandler(channel.alloc(), host, port), connection);
            }

        };
    }

    /** Stop the event loops and wait for them, so their state is safe to read afterwards. */
    @Override
    public void close() {
        this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

}
