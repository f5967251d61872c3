/**
 * Command-line launcher for running the broker without writing code.
 */
@NullMarked
package io.mqttspring.broker.standalone;

import org.jspecify.annotations.NullMarked;
