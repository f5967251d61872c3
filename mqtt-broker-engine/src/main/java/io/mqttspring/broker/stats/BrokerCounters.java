package io.mqttspring.broker.stats;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.mqttspring.broker.config.StallPolicy;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.flow.PublisherThrottle;
import io.mqttspring.broker.message.QoS;
import io.mqttspring.broker.metrics.BrokerStatistics;
import io.mqttspring.broker.metrics.DropReason;
import io.mqttspring.broker.metrics.LimitReason;

/**
 * The broker's own {@link BrokerStatistics}: counters kept in {@link LongAdder}s, updated from any thread, and
 * gauges read from the structures that own them. Engine-internal; applications read {@link BrokerStatistics}.
 */
public final class BrokerCounters implements BrokerStatistics {

    private final LongAdder connections = new LongAdder();

    private final LongAdder connectionsTotal = new LongAdder();

    private final LongAdder inflight = new LongAdder();

    private final LongAdder queued = new LongAdder();

    private final LongAdder bytesReceived = new LongAdder();

    private final LongAdder bytesSent = new LongAdder();

    private final LongAdder refused = new LongAdder();

    private final LongAdder authenticationFailures = new LongAdder();

    private final Map<LimitReason, LongAdder> limitsHit = adders(LimitReason.class);

    private final Map<QoS, LongAdder> received = adders(QoS.class);

    private final Map<QoS, LongAdder> sent = adders(QoS.class);

    private final Map<DropReason, LongAdder> dropped = adders(DropReason.class);

    private final BrokerClock clock;

    // by throttle, not client id: a taken-over connection may end after its successor was throttled
    private final Set<PublisherThrottle> throttled = ConcurrentHashMap.newKeySet();

    private final LongAdder throttledNanos = new LongAdder();

    private final Map<StallPolicy, LongAdder> stalled = adders(StallPolicy.class);

    private volatile LongSupplier budgetUsed = () -> 0;

    private volatile long budget;

    // a clock may start anywhere, zero included: a flag, not a sentinel value, says whether it was read
    private volatile boolean started;

    private volatile long startedAtNanos;

    private volatile LongSupplier sessions = () -> 0;

    private volatile LongSupplier subscriptions = () -> 0;

    private volatile LongSupplier retained = () -> 0;

    public BrokerCounters(BrokerClock clock) {
        this.clock = clock;
    }

    private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
        Map<E, LongAdder> map = new EnumMap<>(type);
        for (E key : type.getEnumConstants()) {
            map.put(key, new LongAdder());
        }
        return map;
    }

    /**
     * Connect the gauges to the structures that own them.
     * @param sessions the number of sessions
     * @param subscriptions the number of subscriptions
     * @param retained the number of retained messages
     */
    public void bindGauges(LongSupplier sessions, LongSupplier subscriptions, LongSupplier retained) {
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.retained = retained;
    }

    /**
     * Connect the memory budget gauges.
     * @param used the bytes charged now
     * @param limit the budget
     */
    public void bindBudget(LongSupplier used, long limit) {
        this.budgetUsed = used;
        this.budget = limit;
    }

    public void connectionThrottled(PublisherThrottle throttle) {
        this.throttled.add(throttle);
    }

    public void connectionResumed(PublisherThrottle throttle, long throttledForNanos) {
        this.throttled.remove(throttle);
        this.throttledNanos.add(throttledForNanos);
    }

    /**
     * Return whether a client's connection is throttled now.
     * @param clientId the client identifier
     * @return {@code true} while it is not read because its publications wait
     */
    public boolean isThrottled(String clientId) {
        for (PublisherThrottle throttle : this.throttled) {
            if (throttle.clientId().equals(clientId)) {
                return true;
            }
        }
        return false;
    }

    public void subscriberStalled(StallPolicy outcome) {
        this.stalled.get(outcome).increment();
    }

    @Override
    public long throttledConnections() {
        return this.throttled.size();
    }

    @Override
    public Duration timeThrottled() {
        return Duration.ofNanos(this.throttledNanos.sum());
    }

    @Override
    public long stalledSubscribers(StallPolicy outcome) {
        return this.stalled.get(outcome).sum();
    }

    @Override
    public long queuedBytes() {
        return this.budgetUsed.getAsLong();
    }

    @Override
    public long memoryBudget() {
        return this.budget;
    }

    public void started() {
        this.startedAtNanos = this.clock.nanoTime();
        this.started = true;
    }

    public void connectionOpened() {
        this.connections.increment();
        this.connectionsTotal.increment();
    }

    public void connectionClosed() {
        this.connections.decrement();
    }

    /**
     * Zero the in-flight and queued gauges, whose sessions are gone with a stopped broker.
     */
    public void resetSessionGauges() {
        this.inflight.reset();
        this.queued.reset();
    }

    public void inflightChanged(int delta) {
        this.inflight.add(delta);
    }

    public void queuedChanged(int delta) {
        this.queued.add(delta);
    }

    public void bytesReceived(int bytes) {
        this.bytesReceived.add(bytes);
    }

    public void bytesSent(int bytes) {
        this.bytesSent.add(bytes);
    }

    public void messageReceived(QoS qos) {
        this.received.get(qos).increment();
    }

    public void messageSent(QoS qos) {
        this.sent.get(qos).increment();
    }

    public void messageRefused() {
        this.refused.increment();
    }

    public void limitHit(LimitReason reason) {
        this.limitsHit.get(reason).increment();
    }

    public void authenticationFailed() {
        this.authenticationFailures.increment();
    }

    public void messageDropped(DropReason reason) {
        this.dropped.get(reason).increment();
    }

    @Override
    public Duration uptime() {
        return this.started ? Duration.ofNanos(this.clock.nanoTime() - this.startedAtNanos) : Duration.ZERO;
    }

    @Override
    public long connections() {
        return this.connections.sum();
    }

    @Override
    public long connectionsTotal() {
        return this.connectionsTotal.sum();
    }

    @Override
    public long sessions() {
        return this.sessions.getAsLong();
    }

    @Override
    public long subscriptions() {
        return this.subscriptions.getAsLong();
    }

    @Override
    public long retainedMessages() {
        return this.retained.getAsLong();
    }

    @Override
    public long inflightMessages() {
        return this.inflight.sum();
    }

    @Override
    public long queuedMessages() {
        return this.queued.sum();
    }

    @Override
    public long messagesReceived(QoS qos) {
        return this.received.get(qos).sum();
    }

    @Override
    public long messagesSent(QoS qos) {
        return this.sent.get(qos).sum();
    }

    @Override
    public long messagesDropped(DropReason reason) {
        return this.dropped.get(reason).sum();
    }

    @Override
    public long messagesRefused() {
        return this.refused.sum();
    }

    @Override
    public long limitsHit(LimitReason reason) {
        return this.limitsHit.get(reason).sum();
    }

    @Override
    public long authenticationFailures() {
        return this.authenticationFailures.sum();
    }

    @Override
    public long bytesReceived() {
        return this.bytesReceived.sum();
    }

    @Override
    public long bytesSent() {
        return this.bytesSent.sum();
    }

}
