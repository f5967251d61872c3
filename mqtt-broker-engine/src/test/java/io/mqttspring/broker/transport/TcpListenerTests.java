package io.mqttspring.broker.transport;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.config.Limits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TcpListenerTests {

    @ParameterizedTest(name = "native transport preferred: {0}")
    @ValueSource(booleans = { true, false })
    void acceptedSocketsSendWithoutNagleAndTakeTheConfiguredWaterMarks(boolean preferNative) throws Exception {
        Limits limits = BrokerConfig.builder().writeBufferLowWaterMark(32 * 1024)
                .writeBufferHighWaterMark(96 * 1024).build().limits();
        assumeTrue(!preferNative || Epoll.isAvailable(), "the native transport is not available here");
        EventLoops loops = new EventLoops(1, preferNative);
        assertThat(loops.isNative()).isEqualTo(preferNative);
        TcpListener listener = new TcpListener("mqtt", "127.0.0.1", 0, limits, loops);
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        try {
            InetSocketAddress bound = listener.bind(new ChannelInboundHandlerAdapter() {

                @Override
                public void channelActive(ChannelHandlerContext ctx) {
                    accepted.complete(ctx.channel());
                }

            });
            try (Socket client = new Socket(bound.getAddress(), bound.getPort())) {
                Channel channel = accepted.get(5, TimeUnit.SECONDS);
                // small MQTT packets (PUBACK, PINGRESP) must not wait for Nagle's algorithm
                assertThat(channel.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
                WriteBufferWaterMark marks = channel.config().getWriteBufferWaterMark();
                assertThat(marks.low()).isEqualTo(32 * 1024);
                assertThat(marks.high()).isEqualTo(96 * 1024);
                assertThat(client.isConnected()).isTrue();
            }
        }
        finally {
            listener.close();
            loops.shutdown(Duration.ofSeconds(5));
        }
    }

}
