package io.mqttspring.actuate;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mqttspring.broker.ClusterStatus;
import io.mqttspring.broker.MqttBroker;
import io.mqttspring.broker.StoreStatus;
import io.mqttspring.broker.config.StallPolicy;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.metrics.BrokerStatistics;
import io.mqttspring.broker.metrics.DropReason;
import io.mqttspring.broker.metrics.LimitReason;

import org.springframework.util.Assert;

/**
 * Binds the broker's statistics to Micrometer: gauges for what goes up and down, function counters for what only
 * grows, all read from the broker when scraped.
 */
public class MqttBrokerMetrics implements MeterBinder {

    private final MqttBroker broker;

    private final BrokerStatistics statistics;

    private final Tags tags;

    public MqttBrokerMetrics(MqttBroker broker) {
        this(broker, Tags.empty());
    }

    public MqttBrokerMetrics(MqttBroker broker, Iterable<io.micrometer.core.instrument.Tag> tags) {
        Assert.notNull(broker, "'broker' must not be null");
        this.broker = broker;
        this.statistics = broker.statistics();
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        BrokerStatistics stats = this.statistics;
        gauge(registry, "mqtt.connections", "Network clients connected", stats, BrokerStatistics::connections);
        gauge(registry, "mqtt.sessions", "Sessions, connected or not", stats, BrokerStatistics::sessions);
        gauge(registry, "mqtt.subscriptions", "Subscriptions, shared group memberships included", stats,
                BrokerStatistics::subscriptions);
        gauge(registry, "mqtt.retained.messages", "Retained messages", stats, BrokerStatistics::retainedMessages);
        gauge(registry, "mqtt.messages.inflight", "QoS 1 and 2 messages sent and not yet acknowledged", stats,
                BrokerStatistics::inflightMessages);
        gauge(registry, "mqtt.messages.queued", "Messages waiting in session queues", stats,
                BrokerStatistics::queuedMessages);
        FunctionCounter.builder("mqtt.connections.accepted", stats, BrokerStatistics::connectionsTotal)
            .description("Connections accepted")
            .tags(this.tags)
            .register(registry);
        for (QoS qos : QoS.values()) {
            Tags qosTags = this.tags.and("qos", String.valueOf(qos.value()));
            FunctionCounter.builder("mqtt.messages.received", stats, (s) -> s.messagesReceived(qos))
                .description("PUBLISH packets received, in-process publications included")
                .tags(qosTags)
                .register(registry);
            FunctionCounter.builder("mqtt.messages.sent", stats, (s) -> s.messagesSent(qos))
                .description("PUBLISH packets sent, in-process deliveries included")
                .tags(qosTags)
                .register(registry);
        }
        for (DropReason reason : DropReason.values()) {
            FunctionCounter.builder("mqtt.messages.dropped", stats, (s) -> s.messagesDropped(reason))
                .description("Messages not delivered to a subscriber")
                .tags(this.tags.and("reason", reason.name().toLowerCase(Locale.ROOT)))
                .register(registry);
        }
        for (LimitReason limit : LimitReason.values()) {
            FunctionCounter.builder("mqtt.limits.hit", stats, (s) -> s.limitsHit(limit))
                .description("Times a client ran into a configured cap")
                .tags(this.tags.and("limit", limit.name().toLowerCase(Locale.ROOT).replace('_', '-')))
                .register(registry);
        }
        FunctionCounter.builder("mqtt.authentication.failures", stats, BrokerStatistics::authenticationFailures)
            .description("Connections refused for bad credentials or not being allowed to connect")
            .tags(this.tags)
            .register(registry);
        FunctionCounter.builder("mqtt.messages.refused", stats, BrokerStatistics::messagesRefused)
            .description("Publications refused: not authorized, or to a topic reserved for the broker")
            .tags(this.tags)
            .register(registry);
        FunctionCounter.builder("mqtt.bytes.received", stats, BrokerStatistics::bytesReceived)
            .description("Bytes read from client sockets")
            .baseUnit(BaseUnits.BYTES)
            .tags(this.tags)
            .register(registry);
        FunctionCounter.builder("mqtt.bytes.sent", stats, BrokerStatistics::bytesSent)
            .description("Bytes written to client sockets")
            .baseUnit(BaseUnits.BYTES)
            .tags(this.tags)
            .register(registry);
        gauge(registry, "mqtt.connections.throttled",
                "Connections not read because their subscribers or the memory budget hold them back", stats,
                BrokerStatistics::throttledConnections);
        FunctionCounter.builder("mqtt.connections.throttled.time", stats,
                (s) -> s.timeThrottled().toNanos() / 1e9)
            .description("Time connections spent throttled, summed over connections")
            .baseUnit("seconds")
            .tags(this.tags)
            .register(registry);
        for (StallPolicy outcome : StallPolicy.values()) {
            FunctionCounter.builder("mqtt.subscribers.stalled", stats, (s) -> s.stalledSubscribers(outcome))
                .description("Subscribers whose queue stayed full for the stall timeout, by the policy applied")
                .tags(this.tags.and("outcome", outcome.name().toLowerCase(Locale.ROOT)))
                .register(registry);
        }
        Gauge.builder("mqtt.messages.queued.bytes", stats, BrokerStatistics::queuedBytes)
            .description("Bytes of QoS 1 and 2 messages queued or in flight, as charged to the memory budget")
            .baseUnit(BaseUnits.BYTES)
            .tags(this.tags)
            .register(registry);
        Gauge.builder("mqtt.messages.queued.budget", stats, BrokerStatistics::memoryBudget)
            .description("Memory budget for queued and in-flight messages")
            .baseUnit(BaseUnits.BYTES)
            .tags(this.tags)
            .register(registry);
        if (this.broker.config().persistence().enabled()) {
            bindStore(registry);
        }
        if (this.broker.config().cluster().enabled()) {
            bindCluster(registry);
        }
    }

    private void bindCluster(MeterRegistry registry) {
        MqttBroker broker = this.broker;
        Gauge.builder("mqtt.cluster.members", broker,
                (b) -> b.clusterStatus().map((status) -> status.members().size()).orElse(0))
            .description("Members of the broker's cluster, this one included")
            .tags(this.tags)
            .register(registry);
        FunctionCounter.builder("mqtt.cluster.forwarded", broker,
                (b) -> b.clusterStatus().map(ClusterStatus::forwarded).orElse(0L))
            .description("Publications sent to other nodes, one per node")
            .tags(this.tags)
            .register(registry);
        FunctionCounter.builder("mqtt.cluster.received", broker,
                (b) -> b.clusterStatus().map(ClusterStatus::received).orElse(0L))
            .description("Publications other nodes sent to this one")
            .tags(this.tags)
            .register(registry);
        FunctionTimer.builder("mqtt.cluster.forward.latency", broker,
                (b) -> b.clusterStatus().map(ClusterStatus::forwardsCompleted).orElse(0L),
                (b) -> b.clusterStatus().map(ClusterStatus::forwardLatencyNanos).orElse(0L), TimeUnit.NANOSECONDS)
            .description("Publications other nodes answered they took, and the time from hand-over to answer")
            .tags(this.tags)
            .register(registry);
        FunctionCounter.builder("mqtt.cluster.dropped", broker,
                (b) -> b.clusterStatus().map(ClusterStatus::dropped).orElse(0L))
            .description("Publications nobody waits for (QoS 0, the application's, wills) not sent to a node "
                    + "too far behind")
            .tags(this.tags)
            .register(registry);
    }

    private void bindStore(MeterRegistry registry) {
        MqttBroker broker = this.broker;
        Gauge.builder("mqtt.store.size", broker, (b) -> b.storeStatus().map(StoreStatus::sizeOnDisk).orElse(0L))
            .description("Bytes the durable store takes on disk")
            .baseUnit(BaseUnits.BYTES)
            .tags(this.tags)
            .register(registry);
        FunctionTimer.builder("mqtt.store.writes", broker,
                (b) -> b.storeStatus().map(StoreStatus::writes).orElse(0L),
                (b) -> b.storeStatus().map(StoreStatus::writeNanos).orElse(0L), TimeUnit.NANOSECONDS)
            .description("Batches written to the durable store (each with one sync under the sync policy) and the "
                    + "time they took")
            .tags(this.tags)
            .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, BrokerStatistics stats,
            java.util.function.ToDoubleFunction<BrokerStatistics> value) {
        Gauge.builder(name, stats, value).description(description).tags(this.tags).register(registry);
    }

}
