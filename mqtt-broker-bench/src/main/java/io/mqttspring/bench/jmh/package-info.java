/**
 * JMH micro-benchmarks of the engine's hot paths that its public API reaches: inbound decoding and topic matching.
 */
@NullMarked
package io.mqttspring.bench.jmh;

import org.jspecify.annotations.NullMarked;
