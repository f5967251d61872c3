/**
 * Auto-configuration of client mode: the application's MQTT connection to a broker over the network.
 */
@NullMarked
package io.mqttspring.autoconfigure.client;

import org.jspecify.annotations.NullMarked;
