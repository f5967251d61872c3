package io.mqttspring.broker.protocol;

import java.time.Duration;
import java.util.function.IntConsumer;

import io.mqttspring.broker.codec.MqttPacketDecoder;
import io.mqttspring.broker.config.Limits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client connections of one broker: what they share (the packet flows, the keep-alive sweepers, the
 * {@link Disconnector}), the handlers a transport puts in a new channel's pipeline, and the shutdown of them all.
 * Thread-safe.
 */
public final class MqttConnections {

    private static final Logger logger = LoggerFactory.getLogger(MqttConnections.class);

    private final BrokerContext context;

    private final ConnectValidator validator;

    private final InboundPublishes publishes;

    private final Subscriptions subscriptions;

    private final KeepAliveSweeper.Sweepers keepAlive;

    private final Disconnector disconnector;

    private final FailedLogins failedLogins;

    private final ChannelGroup channels = new DefaultChannelGroup("mqtt-clients", GlobalEventExecutor.INSTANCE);

    private final IntConsumer bytesReceived;

    private final IntConsumer bytesSent;

    private final OutboundPublishEncoder.Shared publishEncoders;

    public MqttConnections(BrokerContext context) {
        this.context = context;
        this.validator = new ConnectValidator(context.config(), context.enhancedAuthenticators().keySet());
        this.publishes = new InboundPublishes(context.config(), context.authorizer(), context.router(),
                context.counters());
        this.subscriptions = new Subscriptions(context.config(), context.authorizer(), context.counters());
        this.keepAlive = new KeepAliveSweeper.Sweepers(context.clock());
        this.disconnector = new Disconnector(context.counters(), context.listener(), context.clock());
        this.failedLogins = new FailedLogins(context.clock());
        this.bytesReceived = context.counters()::bytesReceived;
        this.bytesSent = context.counters()::bytesSent;
        this.publishEncoders = new OutboundPublishEncoder.Shared(context.config().capabilities(), context.clock());
    }

    /**
     * Return the decoder of a new channel, which turns the MQTT byte stream into packets.
     * @param countTraffic whether the decoder and the connection count the bytes read and written: where they are
     * the bytes on the wire (plain TCP), this spares a counting handler per channel
     * @return a new decoder
     */
    public ChannelHandler newDecoder(boolean countTraffic) {
        Limits limits = this.context.config().limits();
        return new MqttPacketDecoder(limits.maxPacketSize(), limits.maxClientIdLength(),
                countTraffic ? this.bytesReceived : null);
    }

    /**
     * Return the handler of a new channel, last in its pipeline after the decoder.
     * @param outputShutdown how the transport stops sending while it still reads
     * @param countTraffic as given to {@link #newDecoder(boolean)}
     * @return a new handler
     */
    public ChannelHandler newConnectionHandler(OutputShutdown outputShutdown, boolean countTraffic) {
        return new MqttConnectionHandler(this, outputShutdown, countTraffic);
    }

    /**
     * Close every connection because the broker stops: MQTT 5 clients get DISCONNECT 0x8B. Waits at most
     * {@code timeout} for them to close, then closes what is left.
     * @param timeout how long to wait
     */
    public void shutdown(Duration timeout) {
        for (Channel channel : this.channels) {
            MqttConnectionHandler handler = channel.pipeline().get(MqttConnectionHandler.class);
            if (handler != null) {
                channel.eventLoop().execute(handler::shutdown);
            }
        }
        if (!this.channels.newCloseFuture().awaitUninterruptibly(timeout.toMillis())) {
            logger.warn("Connections still open after {}; closing them", timeout);
            this.channels.close().awaitUninterruptibly(timeout.toMillis());
        }
    }

    void opened(Channel channel) {
        this.context.counters().connectionOpened();
        this.channels.add(channel);
    }

    ConnectHandshake newHandshake(EventExecutor loop) {
        return new ConnectHandshake(this.validator, this.context.config().anonymousAccess(),
                this.context.authenticator(),
                this.context.enhancedAuthenticators(), this.context.authenticationExecutor(), loop);
    }

    BrokerContext context() {
        return this.context;
    }

    InboundPublishes publishes() {
        return this.publishes;
    }

    Subscriptions subscriptions() {
        return this.subscriptions;
    }

    KeepAliveSweeper.Sweepers keepAlive() {
        return this.keepAlive;
    }

    IntConsumer bytesSent() {
        return this.bytesSent;
    }

    OutboundPublishEncoder.Shared publishEncoders() {
        return this.publishEncoders;
    }

    FailedLogins failedLogins() {
        return this.failedLogins;
    }

    Disconnector disconnector() {
        return this.disconnector;
    }

}
