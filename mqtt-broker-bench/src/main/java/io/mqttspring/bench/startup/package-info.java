/**
 * Start-up time of the broker in a fresh JVM, one JSON line per launch, for the peer comparison.
 */
@NullMarked
package io.mqttspring.bench.startup;

import org.jspecify.annotations.NullMarked;
