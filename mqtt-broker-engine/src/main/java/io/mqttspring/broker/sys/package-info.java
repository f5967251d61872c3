/**
 * Periodic publication of broker statistics on $SYS topics.
 */
@NullMarked
package io.mqttspring.broker.sys;

import org.jspecify.annotations.NullMarked;
