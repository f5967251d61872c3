package io.mqttspring.broker.transport;

import io.mqttspring.broker.stats.BrokerCounters;
import io.mqttspring.broker.protocol.MqttConnections;
import io.mqttspring.broker.protocol.OutputShutdown;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

import org.jspecify.annotations.Nullable;

/**
 * Builds the pipeline of an MQTT over TCP channel: traffic counter, TLS when the listener has it, decoder,
 * connection. Sharable.
 */
public final class MqttChannelInitializer extends ChannelInitializer<Channel> {

    private final MqttConnections connections;

    private final TrafficCounter trafficCounter;

    private final @Nullable ServerTls tls;

    public MqttChannelInitializer(MqttConnections connections, BrokerCounters counters) {
        this(connections, new TrafficCounter(counters), null);
    }

    private MqttChannelInitializer(MqttConnections connections, TrafficCounter trafficCounter,
            @Nullable ServerTls tls) {
        this.connections = connections;
        this.trafficCounter = trafficCounter;
        this.tls = tls;
    }

    /**
     * Return an initializer for MQTT over TLS, counting traffic with this one.
     * @param tls the listener's TLS
     * @return the initializer
     */
    public MqttChannelInitializer withTls(ServerTls tls) {
        return new MqttChannelInitializer(this.connections, this.trafficCounter, tls);
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (this.tls != null) {
            this.tls.addTo(channel);
        }
        // bytes as on the wire: TLS records, not their plaintext
        pipeline.addFirst(PipelineNames.TRAFFIC, this.trafficCounter);
        addMqttHandlers(pipeline, OutputShutdown.TCP);
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
     */
    void addMqttHandlers(ChannelPipeline pipeline, OutputShutdown outputShutdown) {
        pipeline.addLast(PipelineNames.DECODER, this.connections.newDecoder());
        pipeline.addLast(PipelineNames.CONNECTION, this.connections.newConnectionHandler(outputShutdown));
    }

}
