/**
 * The publish path: retain, match subscriptions and deliver to sessions.
 */
@NullMarked
package io.mqttspring.broker.routing;

import org.jspecify.annotations.NullMarked;
