package io.mqttspring.broker.sys;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

import io.mqttspring.broker.config.StallPolicy;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.message.ApplicationMessage;
import io.mqttspring.broker.message.MessageProperties;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.metrics.BrokerStatistics;
import io.mqttspring.broker.routing.MessageRouter;
import io.mqttspring.broker.subscription.TopicName;

import org.jspecify.annotations.Nullable;

/**
 * Publishes broker statistics as retained messages on {@code $SYS/broker/...} topics at a fixed interval, in the
 * layout Mosquitto uses, so existing dashboards and {@code mosquitto_sub -t '$SYS/#'} work.
 */
public final class SysTopicPublisher {

    private static final String PREFIX = "$SYS/broker/";

    private final MessageRouter router;

    private final BrokerStatistics statistics;

    private final String version;

    private final BrokerClock clock;

    private volatile boolean stopped;

    private volatile @Nullable Future<?> next;

    public SysTopicPublisher(MessageRouter router, BrokerStatistics statistics, String version, BrokerClock clock) {
        this.router = router;
        this.statistics = statistics;
        this.version = version;
        this.clock = clock;
    }

    /**
     * Publish now and then every {@code interval} on {@code executor}.
     * @param executor the event loop to run on
     * @param interval the interval; zero publishes nothing
     */
    public void start(ScheduledExecutorService executor, Duration interval) {
        if (!interval.isZero()) {
            executor.execute(() -> publishAndReschedule(executor, interval));
        }
    }

    private void publishAndReschedule(ScheduledExecutorService executor, Duration interval) {
        if (this.stopped) {
            return;
        }
        publish();
        // each run schedules the next on the broker clock, which tests can move
        this.next = this.clock.schedule(executor, () -> publishAndReschedule(executor, interval), interval);
    }

    /**
     * Stop publishing; thread-safe.
     */
    public void stop() {
        this.stopped = true;
        Future<?> pending = this.next;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    /**
     * Publish every figure once.
     */
    public void publish() {
        for (Map.Entry<String, String> entry : figures().entrySet()) {
            String topic = PREFIX + entry.getKey();
            ApplicationMessage message = new ApplicationMessage(topic,
                    entry.getValue().getBytes(StandardCharsets.UTF_8), QoS.AT_MOST_ONCE, true, MessageProperties.NONE);
            this.router.route(message, TopicName.of(topic, Integer.MAX_VALUE), null);
        }
    }

    private Map<String, String> figures() {
        BrokerStatistics stats = this.statistics;
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("version", this.version);
        figures.put("uptime", stats.uptime().toSeconds() + " seconds");
        figures.put("clients/connected", String.valueOf(stats.connections()));
        figures.put("clients/total", String.valueOf(stats.sessions()));
        figures.put("clients/connections/total", String.valueOf(stats.connectionsTotal()));
        figures.put("subscriptions/count", String.valueOf(stats.subscriptions()));
        figures.put("retained messages/count", String.valueOf(stats.retainedMessages()));
        figures.put("messages/inflight", String.valueOf(stats.inflightMessages()));
        figures.put("messages/stored", String.valueOf(stats.queuedMessages()));
        figures.put("messages/received", String.valueOf(stats.messagesReceived()));
        figures.put("messages/sent", String.valueOf(stats.messagesSent()));
        figures.put("messages/dropped", String.valueOf(stats.messagesDropped()));
        figures.put("messages/refused", String.valueOf(stats.messagesRefused()));
        for (QoS qos : QoS.values()) {
            figures.put("publish/messages/received/qos" + qos.value(), String.valueOf(stats.messagesReceived(qos)));
            figures.put("publish/messages/sent/qos" + qos.value(), String.valueOf(stats.messagesSent(qos)));
        }
        figures.put("bytes/received", String.valueOf(stats.bytesReceived()));
        figures.put("bytes/sent", String.valueOf(stats.bytesSent()));
        figures.put("clients/throttled", String.valueOf(stats.throttledConnections()));
        figures.put("clients/throttled/seconds", String.valueOf(stats.timeThrottled().toSeconds()));
        for (StallPolicy outcome : StallPolicy.values()) {
            figures.put("clients/stalled/" + outcome.name().toLowerCase(Locale.ROOT),
                    String.valueOf(stats.stalledSubscribers(outcome)));
        }
        figures.put("messages/stored/bytes", String.valueOf(stats.queuedBytes()));
        figures.put("messages/stored/budget", String.valueOf(stats.memoryBudget()));
        return figures;
    }

}
