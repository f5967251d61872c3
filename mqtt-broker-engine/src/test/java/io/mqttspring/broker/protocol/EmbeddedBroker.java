package io.mqttspring.broker.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.mqttspring.broker.config.BrokerConfig;
import io.mqttspring.broker.core.ClientInfo;
import io.mqttspring.broker.stats.BrokerCounters;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.persistence.memory.InMemoryRetainedMessageStore;
import io.mqttspring.broker.persistence.SessionJournal;
import io.mqttspring.broker.persistence.memory.InMemorySessionStore;
import io.mqttspring.broker.retained.RetainedMessages;
import io.mqttspring.broker.flow.MemoryBudget;
import io.mqttspring.broker.routing.MessageRouter;
import io.mqttspring.broker.security.Authenticator;
import io.mqttspring.broker.security.Authorizer;
import io.mqttspring.broker.session.Session;
import io.mqttspring.broker.session.SessionContext;
import io.mqttspring.broker.session.SessionRegistry;
import io.mqttspring.broker.subscription.SubscriptionTree;
import io.mqttspring.broker.subscription.TopicName;
import io.mqttspring.broker.support.BrokerExtension;
import io.mqttspring.broker.support.ManualClock;
import io.mqttspring.broker.support.RawClient;
import io.mqttspring.broker.transport.MqttChannelInitializer;
import io.mqttspring.broker.will.WillMessage;
import io.mqttspring.broker.will.WillTracker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandler;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.ImmediateEventExecutor;

/**
 * The broker's shared parts wired as {@code MqttBroker} wires them, without sockets or event-loop groups, so the
 * real pipeline ({@link MqttChannelInitializer}) can run on {@link EmbeddedChannel}s. Stores and executors run
 * inline; wills are recorded instead of being published.
 */
final class EmbeddedBroker {

    final BrokerConfig config;

    final ManualClock clock = new ManualClock();

    final BrokerCounters counters = new BrokerCounters(this.clock);

    final SubscriptionTree<Session> subscriptions = new SubscriptionTree<>();

    final SessionRegistry registry;

    final MessageRouter router;

    final List<WillMessage> publishedWills = new ArrayList<>();

    private final MqttChannelInitializer initializer;

    EmbeddedBroker(Consumer<BrokerConfig.Builder> customizer) {
        this(customizer, Authorizer.ALLOW_ALL);
    }

    EmbeddedBroker(Consumer<BrokerConfig.Builder> customizer, Authorizer authorizer) {
        this.config = BrokerExtension.testConfig(customizer);
        BrokerListener listener = new BrokerListener() {
        };
        MemoryBudget budget = new MemoryBudget(this.config.flowControl().memoryBudget(), this.clock,
                ImmediateEventExecutor.INSTANCE, this.config.flowControl().stallTimeout());
        this.router = new MessageRouter(this.subscriptions, new RetainedMessages(new InMemoryRetainedMessageStore(),
                this.clock), listener, this.config.capabilities().sharedSubscriptionStrategy(), this.clock, budget);
        SessionContext sessionContext = new SessionContext(this.config.limits(), this.subscriptions, this.counters,
                listener, this::publishWill, this.router::redeliverShared, ImmediateEventExecutor.INSTANCE,
                this.clock, this.config.flowControl(), budget, SessionJournal.NONE, WillTracker.NONE);
        this.registry = new SessionRegistry(sessionContext, new InMemorySessionStore(), Runnable::run);
        this.counters.bindGauges(this.registry::size, this.subscriptions::size, () -> 0);
        BrokerContext context = new BrokerContext(this.config, this.registry, this.router, Authenticator.ALLOW_ALL,
                java.util.Map.of(), Runnable::run, authorizer, this.counters, listener, this.clock, WillTracker.NONE);
        this.initializer = new MqttChannelInitializer(new MqttConnections(context), this.counters);
    }

    private void publishWill(ClientInfo client, WillMessage will) {
        this.publishedWills.add(will);
        this.router.route(will.message(), TopicName.of(will.message().topic(), Integer.MAX_VALUE), client);
    }

    /**
     * Open a client channel with the broker's pipeline.
     * @return the channel
     */
    EmbeddedChannel newChannel() {
        return new EmbeddedChannel(this.initializer);
    }

    /**
     * Open a channel that counts how often the broker stops reading it.
     * @return a new channel, registered and active
     */
    ReadPauseCountingChannel newReadPauseCountingChannel() {
        try {
            return new ReadPauseCountingChannel(this.initializer);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A channel whose configuration counts the times auto-read is switched off: each one is a system call on a
     * real socket, and one more when reading resumes.
     */
    static final class ReadPauseCountingChannel extends EmbeddedChannel {

        private final CountingConfig countingConfig = new CountingConfig(this);

        ReadPauseCountingChannel(ChannelHandler initializer) throws Exception {
            // registered after the config exists: registration runs the initializer, which reads the config
            super(false, false);
            pipeline().addLast(initializer);
            register();
        }

        @Override
        public ChannelConfig config() {
            return this.countingConfig;
        }

        int readPauses() {
            return this.countingConfig.pauses;
        }

        private static final class CountingConfig extends DefaultChannelConfig {

            private int pauses;

            CountingConfig(Channel channel) {
                super(channel);
            }

            @Override
            protected void autoReadCleared() {
                this.pauses++;
            }

        }

    }

    /**
     * Feed bytes to a channel as if they came from the socket.
     * @param channel the channel
     * @param packets the packets, sent in one read
     */
    static void send(EmbeddedChannel channel, byte[]... packets) {
        ByteBuf buffer = Unpooled.buffer();
        for (byte[] packet : packets) {
            buffer.writeBytes(packet);
        }
        channel.writeInbound(buffer);
        channel.runPendingTasks();
    }

    /**
     * Take everything the broker wrote to a channel, split into packets.
     * @param channel the channel
     * @return the packets, in order
     */
    static List<RawClient.Packet> received(EmbeddedChannel channel) {
        channel.runPendingTasks();
        ByteBuf all = Unpooled.buffer();
        try {
            ByteBuf next;
            while ((next = channel.readOutbound()) != null) {
                all.writeBytes(next);
                next.release();
            }
            List<RawClient.Packet> packets = new ArrayList<>();
            while (all.isReadable()) {
                int first = all.readUnsignedByte();
                int remaining = 0;
                int multiplier = 1;
                int digit;
                do {
                    digit = all.readUnsignedByte();
                    remaining += (digit & 0x7F) * multiplier;
                    multiplier *= 128;
                }
                while ((digit & 0x80) != 0);
                byte[] body = new byte[remaining];
                all.readBytes(body);
                packets.add(new RawClient.Packet(first >> 4, first & 0x0F, body));
            }
            return packets;
        }
        finally {
            all.release();
        }
    }

}
