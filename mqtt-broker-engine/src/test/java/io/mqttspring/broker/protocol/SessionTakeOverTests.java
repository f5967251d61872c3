package io.mqttspring.broker.protocol;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.core.ProtocolVersion;
import io.mqttspring.broker.message.ReasonCode;
import io.mqttspring.broker.session.Delivery;
import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.session.SessionConnection;
import io.mqttspring.broker.will.WillMessage;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two connections with one client identifier on one event loop, both resuming an offline session before either is
 * attached: the session registry's side of [MQTT-3.1.4-3], without the timing of real sockets.
 */
class SessionTakeOverTests {

    private final EmbeddedBroker broker = new EmbeddedBroker((config) -> {
    });

    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stopLoop() {
        this.loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    @DisplayName("[MQTT-3.1.4-3] of two connections that resume one session in the same loop pass, the first is "
            + "taken over by the second, not left attached to nothing")
    void secondResumeOnTheSameLoopTakesTheFirstOver() throws Exception {
        FakeConnection earlier = new FakeConnection(this.loop);
        Session session = connect(earlier).get(5, TimeUnit.SECONDS);
        this.loop.submit(() -> session.detach(earlier, null)).get(5, TimeUnit.SECONDS);

        FakeConnection first = new FakeConnection(this.loop);
        FakeConnection second = new FakeConnection(this.loop);
        CompletableFuture<Session> firstAttached = new CompletableFuture<>();
        CompletableFuture<Session> secondAttached = new CompletableFuture<>();
        // one task: both CONNECTs are handled before either queued attachment runs
        this.loop.execute(() -> {
            this.broker.registry.connect(first, false, 60, (attached, present) -> firstAttached.complete(attached));
            this.broker.registry.connect(second, false, 60, (attached, present) -> secondAttached.complete(attached));
        });

        Session resumed = secondAttached.get(5, TimeUnit.SECONDS);
        assertThat(resumed).isSameAs(session);
        assertThat(firstAttached.get(5, TimeUnit.SECONDS)).isSameAs(session);
        assertThat(first.takenOver.get()).as("the first connection is told its session was taken over").isOne();
        assertThat(second.takenOver.get()).isZero();
        // the first connection's end no longer touches the session: the second holds it
        this.loop.submit(() -> resumed.detach(first, null)).get(5, TimeUnit.SECONDS);
        assertThat(this.loop.submit(resumed::isConnected).get(5, TimeUnit.SECONDS)).isTrue();
    }

    private CompletableFuture<Session> connect(FakeConnection connection) {
        CompletableFuture<Session> attached = new CompletableFuture<>();
        this.loop.execute(() -> this.broker.registry.connect(connection, false, 60,
                (session, present) -> attached.complete(session)));
        return attached;
    }

    private static final class FakeConnection implements SessionConnection {

        private final EventExecutor executor;

        private final ClientInfo client = new ClientInfo("twice", null, ProtocolVersion.MQTT_5, null);

        final AtomicInteger takenOver = new AtomicInteger();

        FakeConnection(EventExecutor executor) {
            this.executor = executor;
        }

        @Override
        public EventExecutor executor() {
            return this.executor;
        }

        @Override
        public ClientInfo clientInfo() {
            return this.client;
        }

        @Override
        public int inflightWindow() {
            return 16;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public boolean sendPublish(Delivery delivery, int packetId, boolean duplicate) {
            return true;
        }

        @Override
        public void sendPubrel(int packetId) {
        }

        @Override
        public @Nullable WillMessage takenOver() {
            this.takenOver.incrementAndGet();
            return null;
        }

        @Override
        public void disconnect(ReasonCode reasonCode, String reason) {
        }

    }

}
