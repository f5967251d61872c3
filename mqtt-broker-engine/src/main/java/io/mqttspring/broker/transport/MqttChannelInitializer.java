package io.mqttspring.broker.transport;

import io.mqttspring.broker.stats.BrokerCounters;
import io.mqttspring.broker.protocol.MqttConnections;
import io.mqttspring.broker.protocol.OutputShutdown;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

/**
 * Builds the pipeline of an MQTT over TCP channel: traffic counter, decoder, connection. Sharable.
 */
public final class MqttChannelInitializer extends ChannelInitializer<Channel> {

    private final MqttConnections connections;

    private final TrafficCounter trafficCounter;

    public MqttChannelInitializer(MqttConnections connections, BrokerCounters counters) {
        this.connections = connections;
        this.trafficCounter = new TrafficCounter(counters);
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(PipelineNames.TRAFFIC, this.trafficCounter);
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
