package io.mqttspring.broker.transport;

import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.protocol.OutputShutdown;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;

import org.jspecify.annotations.Nullable;

/**
 * Builds the pipeline of an MQTT over WebSocket channel: HTTP for the handshake, the WebSocket protocol, the frame
 * adapter, then the same MQTT handlers as a TCP channel.
 */
public final class WebSocketChannelInitializer extends ChannelInitializer<Channel> {

    /** Subprotocols offered in the handshake: {@code mqtt} [MQTT-6.0.0-3], and the MQTT 3.1 era name. */
    static final String SUBPROTOCOLS = "mqtt,mqttv3.1";

    private static final int HANDSHAKE_MAX_BYTES = 16 * 1024;

    // the WebSocket way to stop sending: a close frame, after which the protocol handler waits for the client's
    private static final OutputShutdown CLOSE_FRAME = (channel) -> channel
            .writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));

    private final MqttChannelInitializer mqtt;

    private final WebSocketServerProtocolConfig protocolConfig;

    private final @Nullable ServerTls tls;

    private final UpgradeCheckHandler upgradeCheck;

    public WebSocketChannelInitializer(BrokerConfig config, MqttChannelInitializer mqtt, @Nullable ServerTls tls) {
        this.mqtt = mqtt;
        this.tls = tls;
        this.upgradeCheck = new UpgradeCheckHandler(config.webSocket().allowedOrigins());
        this.protocolConfig = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(config.webSocket().path())
            .subprotocols(SUBPROTOCOLS)
            .maxFramePayloadLength(config.limits().maxPacketSize())
            .handshakeTimeoutMillis(config.connectTimeout().toMillis())
            .build();
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (this.tls != null) {
            this.tls.addTo(channel);
        }
        pipeline.addFirst(PipelineNames.TRAFFIC, this.mqtt.trafficCounter());
        this.mqtt.addConnectionLimit(pipeline);
        pipeline.addLast(PipelineNames.HTTP_CODEC, new HttpServerCodec());
        pipeline.addLast(PipelineNames.HTTP_AGGREGATOR, new HttpObjectAggregator(HANDSHAKE_MAX_BYTES));
        pipeline.addLast(PipelineNames.UPGRADE_CHECK, this.upgradeCheck);
        pipeline.addLast(PipelineNames.WEBSOCKET_PROTOCOL, new WebSocketServerProtocolHandler(this.protocolConfig));
        pipeline.addLast(PipelineNames.NOT_FOUND, new NotFoundHandler());
        pipeline.addLast(PipelineNames.WEBSOCKET_FRAMES, new WebSocketFrameAdapter());
        this.mqtt.addMqttHandlers(pipeline, CLOSE_FRAME, false);
    }

    /**
     * Answers HTTP requests for other paths with 404.
     */
    private static final class NotFoundHandler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request) {
                ReferenceCountUtil.release(request);
                ctx.writeAndFlush(new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND))
                    .addListener((future) -> ctx.close());
                return;
            }
            ctx.fireChannelRead(msg);
        }

    }

}
