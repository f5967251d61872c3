/**
 * Several brokers acting as one, on Hazelcast: membership, the cluster-wide view of subscriptions and forwarding.
 */
@NullMarked
package io.mqttspring.broker.cluster;

import org.jspecify.annotations.NullMarked;
