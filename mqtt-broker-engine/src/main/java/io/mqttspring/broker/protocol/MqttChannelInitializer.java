package io.mqttspring.broker.protocol;

import io.mqttspring.broker.codec.DecoderLimits;
import io.mqttspring.broker.codec.MqttFrameDecoder;
import io.mqttspring.broker.config.BrokerConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;

/**
 * Builds the pipeline of a client channel: traffic counter, framer, MQTT decoder and encoder, connection.
 */
public final class MqttChannelInitializer extends ChannelInitializer<Channel> {

    private final BrokerContext broker;

    private final TrafficCounter trafficCounter;

    /**
     * Return the handler that counts bytes, shared by every channel of the broker.
     * @return the traffic counter
     */
    public io.netty.channel.ChannelHandler trafficCounter() {
        return this.trafficCounter;
    }

    private final ConnectValidator connectValidator;

    private final InboundPublishes publishes;

    private final Subscriptions subscriptions;

    private final int maxRemainingLength;

    private final KeepAliveSweeper.Sweepers keepAliveSweepers;

    public MqttChannelInitializer(BrokerContext broker) {
        this.broker = broker;
        BrokerConfig config = broker.config();
        this.trafficCounter = new TrafficCounter(broker.counters());
        this.connectValidator = new ConnectValidator(config, broker.enhancedAuthenticators().keySet());
        this.publishes = new InboundPublishes(config, broker.authorizer(), broker.router(), broker.counters());
        this.subscriptions = new Subscriptions(config, broker.authorizer());
        this.keepAliveSweepers = new KeepAliveSweeper.Sweepers(broker.clock());
        this.maxRemainingLength = DecoderLimits.maxRemainingLength(config.limits().maxPacketSize());
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(PipelineNames.TRAFFIC, this.trafficCounter);
        addMqttHandlers(pipeline);
    }

    /**
     * Add the MQTT handlers at the end of a pipeline whose inbound side delivers the raw MQTT byte stream, as a
     * TCP socket or a WebSocket adapter does.
     * @param pipeline the pipeline
     */
    public void addMqttHandlers(ChannelPipeline pipeline) {
        MqttFrameDecoder framer = new MqttFrameDecoder(this.broker.config().limits().maxPacketSize());
        pipeline.addLast(PipelineNames.FRAMER, framer);
        pipeline.addLast(PipelineNames.DECODER, new MqttDecoder(this.maxRemainingLength,
                this.broker.config().limits().maxClientIdLength()));
        pipeline.addLast(PipelineNames.ENCODER, MqttEncoder.INSTANCE);
        pipeline.addLast(PipelineNames.CONNECTION, new MqttConnection(this.broker, this.connectValidator,
                this.publishes, this.subscriptions, this.keepAliveSweepers, framer));
    }

}
