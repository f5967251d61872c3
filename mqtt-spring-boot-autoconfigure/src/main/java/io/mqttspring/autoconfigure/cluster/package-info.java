/**
 * Auto-configuration that joins the embedded broker to the application's Hazelcast cluster.
 */
@NullMarked
package io.mqttspring.autoconfigure.cluster;

import org.jspecify.annotations.NullMarked;
