/**
 * Turns the JSON lines of the peer comparison into the Markdown table of {@code docs/benchmarks.md}.
 */
@NullMarked
package io.mqttspring.bench.report;

import org.jspecify.annotations.NullMarked;
