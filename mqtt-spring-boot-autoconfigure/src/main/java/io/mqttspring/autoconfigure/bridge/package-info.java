/**
 * Auto-configuration of bridges from {@code mqtt.broker.bridges.*}.
 */
@NullMarked
package io.mqttspring.autoconfigure.bridge;

import org.jspecify.annotations.NullMarked;
