/**
 * Service connections for MQTT brokers: a Testcontainers container annotated {@code @ServiceConnection}, or a
 * service of a Docker Compose file, points client mode at the broker it runs.
 */
@NullMarked
package io.mqttspring.autoconfigure.client.service;

import org.jspecify.annotations.NullMarked;
