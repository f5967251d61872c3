package io.mqttspring.broker.metrics;

import java.time.Duration;

import io.mqttspring.broker.config.StallPolicy;
import io.mqttspring.broker.message.QoS;

/**
 * Read-only figures about a running broker. Thread-safe; counters start at zero when the broker is created and
 * only grow, gauges go up and down.
 */
public interface BrokerStatistics {

    /**
     * Return how long the broker has been running.
     * @return the uptime, zero before it started
     */
    Duration uptime();

    /**
     * Return the number of network clients connected now.
     * @return a gauge
     */
    long connections();

    /**
     * Return the number of connections accepted so far.
     * @return a counter
     */
    long connectionsTotal();

    /**
     * Return the number of sessions, connected or not, in-process subscribers included.
     * @return a gauge
     */
    long sessions();

    /**
     * Return the number of subscriptions, shared group memberships included.
     * @return a gauge
     */
    long subscriptions();

    /**
     * Return the number of retained messages.
     * @return a gauge
     */
    long retainedMessages();

    /**
     * Return the number of QoS 1 and 2 messages sent and not yet acknowledged, over all sessions.
     * @return a gauge
     */
    long inflightMessages();

    /**
     * Return the number of messages waiting in session queues.
     * @return a gauge
     */
    long queuedMessages();

    /**
     * Return the number of PUBLISH packets received at a QoS, in-process publications included.
     * @param qos the QoS
     * @return a counter
     */
    long messagesReceived(QoS qos);

    /**
     * Return the number of PUBLISH packets sent at a QoS, in-process deliveries and resends included.
     * @param qos the QoS
     * @return a counter
     */
    long messagesSent(QoS qos);

    /**
     * Return the number of messages not delivered for a reason.
     * @param reason the reason
     * @return a counter
     */
    long messagesDropped(DropReason reason);

    /**
     * Return how many publications the broker refused: not authorized, or to a topic reserved for the broker. MQTT 5
     * publishers were told so; MQTT 3.1.1 publishers, who cannot be, had their message acknowledged and dropped.
     * @return the count since the broker was built
     */
    long messagesRefused();

    /**
     * Return how many connections were refused because their credentials were wrong or they were not allowed to
     * connect (CONNACK 0x86, 0x87, 0x04 or 0x05).
     * @return the count since the broker was built
     */
    long authenticationFailures();

    /**
     * Return how often clients ran into a cap of the configuration's quotas.
     * @param reason which cap
     * @return the count since the broker was built
     */
    long limitsHit(LimitReason reason);

    /**
     * Return the number of bytes read from client sockets.
     * @return a counter
     */
    long bytesReceived();

    /**
     * Return the number of bytes written to client sockets.
     * @return a counter
     */
    long bytesSent();

    /**
     * Return how many connections are not read now because the broker holds their publishers back (a subscriber they
     * feed is congested, or the memory budget is nearly used up).
     * @return the number of throttled connections
     */
    long throttledConnections();

    /**
     * Return the total time connections have spent throttled, summed over connections, since start.
     * @return the time
     */
    Duration timeThrottled();

    /**
     * Return how many times an online subscriber was found stalled and handled by the given policy.
     * @param outcome the stall policy applied
     * @return the count since start
     */
    long stalledSubscribers(StallPolicy outcome);

    /**
     * Return the bytes of QoS 1 and 2 messages sessions hold queued or in flight, as charged to the memory budget.
     * @return bytes
     */
    long queuedBytes();

    /**
     * Return the memory budget for queued and in-flight messages.
     * @return bytes
     */
    long memoryBudget();

    /**
     * Return the number of PUBLISH packets received at any QoS.
     * @return a counter
     */
    default long messagesReceived() {
        long total = 0;
        for (QoS qos : QoS.values()) {
            total += messagesReceived(qos);
        }
        return total;
    }

    /**
     * Return the number of PUBLISH packets sent at any QoS.
     * @return a counter
     */
    default long messagesSent() {
        long total = 0;
        for (QoS qos : QoS.values()) {
            total += messagesSent(qos);
        }
        return total;
    }

    /**
     * Return the number of messages dropped for any reason.
     * @return a counter
     */
    default long messagesDropped() {
        long total = 0;
        for (DropReason reason : DropReason.values()) {
            total += messagesDropped(reason);
        }
        return total;
    }

}
