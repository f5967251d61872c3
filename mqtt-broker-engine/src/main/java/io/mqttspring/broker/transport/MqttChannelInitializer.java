package io.mqttspring.broker.transport;

import io.mqttspring.broker.config.Quotas;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.stats.BrokerCounters;
import io.mqttspring.broker.protocol.MqttConnections;
import io.mqttspring.broker.protocol.OutputShutdown;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

import org.jspecify.annotations.Nullable;

/**
 * Builds the pipeline of an MQTT over TCP channel: the connection cap check when caps are configured, then decoder
 * and connection, which count the bytes read and written themselves; over TLS, a traffic counter and TLS first, so
 * that the bytes counted are the TLS records on the wire. Sharable.
 */
public final class MqttChannelInitializer extends ChannelInitializer<Channel> {

    private final MqttConnections connections;

    private final TrafficCounter trafficCounter;

    private final @Nullable ServerTls tls;

    private final @Nullable ConnectionLimitHandler connectionLimit;

    public MqttChannelInitializer(MqttConnections connections, BrokerCounters counters) {
        this(connections, new TrafficCounter(counters), null, null);
    }

    /**
     * Create an initializer that closes connections beyond the connection caps of the quotas.
     * @param connections the connections
     * @param counters the counters
     * @param quotas the caps
     * @param clock the clock connect rates are measured with
     */
    public MqttChannelInitializer(MqttConnections connections, BrokerCounters counters, Quotas quotas,
            BrokerClock clock) {
        this(connections, new TrafficCounter(counters), null, connectionLimit(quotas, clock, counters));
    }

    private MqttChannelInitializer(MqttConnections connections, TrafficCounter trafficCounter,
            @Nullable ServerTls tls, @Nullable ConnectionLimitHandler connectionLimit) {
        this.connections = connections;
        this.trafficCounter = trafficCounter;
        this.tls = tls;
        this.connectionLimit = connectionLimit;
    }

    private static @Nullable ConnectionLimitHandler connectionLimit(Quotas quotas, BrokerClock clock,
            BrokerCounters counters) {
        ConnectionAdmission admission = new ConnectionAdmission(quotas, clock);
        return admission.isActive() ? new ConnectionLimitHandler(admission, counters) : null;
    }

    /**
     * Return an initializer for MQTT over TLS, counting traffic and connections with this one.
     * @param tls the listener's TLS
     * @return the initializer
     */
    public MqttChannelInitializer withTls(ServerTls tls) {
        return new MqttChannelInitializer(this.connections, this.trafficCounter, tls, this.connectionLimit);
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        boolean plain = this.tls == null;
        if (!plain) {
            this.tls.addTo(channel);
            // bytes as on the wire: TLS records, not their plaintext
            pipeline.addFirst(PipelineNames.TRAFFIC, this.trafficCounter);
        }
        addConnectionLimit(pipeline);
        // plain TCP: the MQTT bytes are the bytes on the wire, counted without a handler (64 B per connection)
        addMqttHandlers(pipeline, OutputShutdown.TCP, plain);
    }

    /**
     * Put the connection cap check first in a pipeline, when caps are configured.
     * @param pipeline the pipeline
     */
    void addConnectionLimit(ChannelPipeline pipeline) {
        if (this.connectionLimit != null) {
            pipeline.addFirst(PipelineNames.CONNECTION_LIMIT, this.connectionLimit);
        }
    }

    /**
     * Return the handler that counts bytes, shared by every channel of the broker.
     * @return the traffic counter
     */
    ChannelHandler trafficCounter() {
        return this.trafficCounter;
    }

    /**
     * Add the MQTT handlers at the end of a pipeline whose inbound side delivers the raw MQTT byte stream, as a
     * TCP socket or a WebSocket frame adapter does.
     * @param pipeline the pipeline
     * @param outputShutdown how the transport stops sending while it still reads
     * @param countTraffic whether these handlers count the bytes, which they read and write as on the wire; {@code
     * false} where a {@link #trafficCounter()} ahead of TLS or WebSocket framing counts them
     */
    void addMqttHandlers(ChannelPipeline pipeline, OutputShutdown outputShutdown, boolean countTraffic) {
        pipeline.addLast(PipelineNames.DECODER, this.connections.newDecoder(countTraffic));
        pipeline.addLast(PipelineNames.CONNECTION, this.connections.newConnectionHandler(outputShutdown,
                countTraffic));
    }

}
