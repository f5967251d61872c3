/**
 * Measures the embedded stores the broker could persist to, on the broker's own write pattern.
 */
@NullMarked
package io.mqttspring.bench.store;

import org.jspecify.annotations.NullMarked;
