/**
 * Auto-configuration of the embedded MQTT broker: properties, lifecycle, customizers and port publication.
 */
@NullMarked
package io.mqttspring.autoconfigure;

import org.jspecify.annotations.NullMarked;
