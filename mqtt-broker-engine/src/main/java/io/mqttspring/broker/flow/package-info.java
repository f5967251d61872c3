/**
 * Flow control: how a publisher is held back while what it feeds cannot take more, instead of its messages being
 * acknowledged and dropped. Sessions and the memory budget pause a {@link io.mqttspring.broker.flow.PublisherThrottle};
 * the connection behind it stops reading until every blocker has released it.
 */
@NullMarked
package io.mqttspring.broker.flow;

import org.jspecify.annotations.NullMarked;
