/**
 * Launcher for HiveMQ CE embedded, the JVM peer in the broker comparison (no JSpecify here: this project keeps to
 * HiveMQ CE's own dependencies).
 */
package io.mqttspring.bench.hivemq;
