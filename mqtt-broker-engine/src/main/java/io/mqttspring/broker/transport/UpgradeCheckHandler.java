package io.mqttspring.broker.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a WebSocket upgrade request before the handshake. Browser pages of other origins get 403, so a page on any
 * site cannot reach the broker from a visitor's browser (cross-site WebSocket hijacking): a request without
 * {@code Origin} does not come from a browser page and passes, so does one whose origin is the listener's own address
 * or an allowed one. A client that does not offer the {@code mqtt} subprotocol gets 400 [MQTT-6.0.0-3].
 */
@Sharable
final class UpgradeCheckHandler extends ChannelInboundHandlerAdapter {

    private static final Logger logger = LoggerFactory.getLogger(UpgradeCheckHandler.class);

    private final boolean allowAll;

    private final List<Pattern> allowed;

    UpgradeCheckHandler(List<String> allowedOrigins) {
        this.allowAll = allowedOrigins.contains("*");
        List<Pattern> patterns = new ArrayList<>();
        for (String origin : allowedOrigins) {
            StringBuilder regex = new StringBuilder();
            for (String part : origin.toLowerCase(Locale.ROOT).split("\\*", -1)) {
                if (!regex.isEmpty()) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(part));
            }
            patterns.add(Pattern.compile(regex.toString()));
        }
        this.allowed = List.copyOf(patterns);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest request) {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (origin != null && !isAllowed(origin, request.headers().get(HttpHeaderNames.HOST))) {
                logger.info("WebSocket connection from {} refused: origin {} is not allowed",
                        ctx.channel().remoteAddress(), origin);
                refuse(ctx, request, HttpResponseStatus.FORBIDDEN);
                return;
            }
            String subprotocols = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
            if (request.headers().contains(HttpHeaderNames.UPGRADE) && !offersMqtt(subprotocols)) {
                logger.debug("WebSocket connection from {} refused: subprotocols {} do not include mqtt",
                        ctx.channel().remoteAddress(), subprotocols);
                refuse(ctx, request, HttpResponseStatus.BAD_REQUEST);
                return;
            }
            // one handshake per connection: what follows are WebSocket frames
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }

    private static void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status);
        ReferenceCountUtil.release(request);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static boolean offersMqtt(@Nullable String subprotocols) {
        if (subprotocols == null) {
            return false;
        }
        for (String offered : subprotocols.split(",")) {
            String name = offered.trim();
            if (name.equals("mqtt") || name.equals("mqttv3.1")) {
                return true;
            }
        }
        return false;
    }

    private boolean isAllowed(String origin, @Nullable String host) {
        if (this.allowAll) {
            return true;
        }
        String normalized = origin.toLowerCase(Locale.ROOT);
        for (Pattern pattern : this.allowed) {
            if (pattern.matcher(normalized).matches()) {
                return true;
            }
        }
        return host != null && sameAuthority(normalized, host.toLowerCase(Locale.ROOT));
    }

    // the page was served by this listener's own host and port
    private static boolean sameAuthority(String origin, String host) {
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null) {
                return false;
            }
            int port = uri.getPort();
            if (port < 0) {
                port = "https".equals(uri.getScheme()) ? 443 : 80;
            }
            String hostName = host;
            int hostPort = -1;
            int colon = host.lastIndexOf(':');
            if (colon > host.lastIndexOf(']')) {
                hostName = host.substring(0, colon);
                hostPort = Integer.parseInt(host.substring(colon + 1));
            }
            if (hostPort < 0) {
                hostPort = "https".equals(uri.getScheme()) ? 443 : 80;
            }
            return uri.getHost().equals(hostName) && port == hostPort;
        }
        catch (URISyntaxException | NumberFormatException ex) {
            return false;
        }
    }

}
