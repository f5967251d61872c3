/**
 * Will messages: publication on abnormal disconnection, with an optional delay.
 */
@NullMarked
package io.mqttspring.broker.will;

import org.jspecify.annotations.NullMarked;
