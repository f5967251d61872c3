package io.mqttspring.broker.session;

import java.util.Objects;

import io.mqttspring.broker.config.FlowControl;
import io.mqttspring.broker.config.Limits;
import io.mqttspring.broker.core.BrokerClock;
import io.mqttspring.broker.flow.MemoryBudget;
import io.mqttspring.broker.stats.BrokerCounters;
import io.mqttspring.broker.metrics.BrokerListener;
import io.mqttspring.broker.persistence.SessionJournal;
import io.mqttspring.broker.subscription.SubscriptionTree;
import io.mqttspring.broker.will.WillPublisher;
import io.mqttspring.broker.will.WillTracker;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * What every session shares: limits, the subscription tree, metrics, the will publisher and the clock.
 *
 * @param limits the broker's limits
 * @param subscriptions the subscription tree sessions add themselves to
 * @param counters the broker counters
 * @param listener the broker listener
 * @param willPublisher publishes wills
 * @param sharedRedelivery hands shared-subscription messages of a departing member to another member
 * @param executors event loops for sessions that have no connection yet (restored from a store)
 * @param clock the clock expiry and will delay are measured with
 * @param flowControl when a subscriber holds publishers back and when it counts as stalled
 * @param budget the broker-wide bound on queued and in-flight message bytes
 * @param journal where persistent sessions record their changes, {@link SessionJournal#NONE} without a durable store
 * @param wills told when a will whose delay ran is published or cancelled
 */
public record SessionContext(Limits limits, SubscriptionTree<Session> subscriptions, BrokerCounters counters,
        BrokerListener listener, WillPublisher willPublisher, SharedRedelivery sharedRedelivery,
        EventExecutorGroup executors, BrokerClock clock, FlowControl flowControl, MemoryBudget budget,
        SessionJournal journal, WillTracker wills) {

    public SessionContext {
        Objects.requireNonNull(wills, "wills");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(subscriptions, "subscriptions");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(willPublisher, "willPublisher");
        Objects.requireNonNull(sharedRedelivery, "sharedRedelivery");
        Objects.requireNonNull(executors, "executors");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(flowControl, "flowControl");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(journal, "journal");
    }

}
